// The CLI's config file (named contexts) and how env, flags and the file combine into a target.
import { readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ClusterId } from '@porthole/protocol';
import { parseDocument } from 'yaml';
import { z } from 'zod';
import { splitKeyCommand } from './key-command.js';

/** A config that cannot be used: one line naming the file and the field. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

const ContextName = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$/, 'must be letters, digits, ".", "_" or "-"');

/** Why `url` cannot be a gateway URL, or null. A key never rides in a URL. */
function urlProblem(url: string): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return 'must be an http(s) URL';
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return 'must be an http(s) URL';
  if (parsed.username || parsed.password) return 'must not hold a user name or password';
  return null;
}

const GatewayUrl = z.string().superRefine((url, ctx) => {
  const problem = urlProblem(url);
  if (problem) ctx.addIssue({ code: 'custom', message: problem });
});

const Context = z
  .object({
    url: GatewayUrl,
    key: z.string().min(1).optional(),
    keyCommand: z.union([z.string().min(1), z.array(z.string().min(1)).min(1)]).optional(),
    cluster: ClusterId.optional(),
  })
  .strict()
  .refine((c) => !(c.key !== undefined && c.keyCommand !== undefined), {
    message: 'give key or keyCommand, not both',
  });
export type Context = z.infer<typeof Context>;

export const ConfigFile = z
  .object({
    currentContext: ContextName.optional(),
    contexts: z.record(ContextName, Context).default({}),
  })
  .strict();
export type ConfigFile = z.infer<typeof ConfigFile>;

export interface LoadedConfig {
  /** Where the file is (or would be). */
  path: string;
  exists: boolean;
  config: ConfigFile;
  /** Things worth a line on stderr, e.g. a key in a file others can read. */
  warnings: string[];
}

/** PORTHOLE_CONFIG, else $XDG_CONFIG_HOME/porthole/config.yaml, else ~/.config/porthole/…. */
export function configPath(env: NodeJS.ProcessEnv, home: string): string {
  if (env.PORTHOLE_CONFIG) return env.PORTHOLE_CONFIG;
  return join(env.XDG_CONFIG_HOME || join(home, '.config'), 'porthole', 'config.yaml');
}

/** Read and validate the config file; a missing file is an empty config unless it was named. */
export function loadConfig(path: string, named: boolean): LoadedConfig {
  let text: string;
  let mode: number;
  try {
    text = readFileSync(path, 'utf8');
    mode = statSync(path).mode;
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' && !named)
      return { path, exists: false, config: { contexts: {} }, warnings: [] };
    throw new ConfigError(`${path}: cannot read the config file (${code ?? 'error'})`);
  }
  const doc = parseDocument(text, { uniqueKeys: true });
  const yamlError = doc.errors[0];
  if (yamlError) {
    const where = yamlError.linePos?.[0];
    const at = where ? ` at line ${where.line}, column ${where.col}` : '';
    throw new ConfigError(`${path}: not valid YAML${at} (${yamlError.code})`);
  }
  const parsed = ConfigFile.safeParse(doc.toJS() ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = issue?.path.length ? issue.path.join('.') : '(top level)';
    throw new ConfigError(`${path}: ${field}: ${issue?.message ?? 'invalid'}`);
  }
  const config = parsed.data;
  if (config.currentContext !== undefined && !Object.hasOwn(config.contexts, config.currentContext))
    throw new ConfigError(
      `${path}: currentContext: no context named "${config.currentContext}" in contexts`,
    );
  const warnings: string[] = [];
  const holdsKey = Object.values(config.contexts).some((c) => c.key !== undefined);
  if (holdsKey && (mode & 0o077) !== 0)
    warnings.push(
      `warning: ${path} holds a key and is readable by others (mode ${(mode & 0o777).toString(8)}); run chmod 600 ${path}`,
    );
  return { path, exists: true, config, warnings };
}

/** Where the API key comes from; read only when a call is about to be made. */
export type KeySource =
  { kind: 'value'; key: string } | { kind: 'command'; argv: string[]; context: string };

export interface Target {
  url: string;
  keySource: KeySource;
  /** The context's default cluster, if any. */
  cluster?: string;
  /** The context used, if any. */
  context?: string;
}

/**
 * What to talk to. `--context NAME` takes that context whole. Without it, PORTHOLE_URL and
 * PORTHOLE_API_KEY (or PORTHOLE_API_KEY_FILE) override the current context's url and key; a
 * context's key is only ever sent to that context's own URL.
 */
export function resolveTarget(
  loaded: LoadedConfig,
  env: NodeJS.ProcessEnv,
  contextFlag: string | undefined,
): Target {
  const { config, path } = loaded;
  const name = contextFlag ?? env.PORTHOLE_CONTEXT ?? config.currentContext;
  const context = name === undefined ? undefined : config.contexts[name];
  if (name !== undefined && context === undefined)
    throw new ConfigError(
      loaded.exists
        ? `${path}: no context named "${name}" (porthole get-contexts lists them)`
        : `no config file at ${path}, so no context "${name}"`,
    );
  const contextKey = (c: Context, n: string): KeySource | undefined =>
    c.key !== undefined
      ? { kind: 'value', key: c.key }
      : c.keyCommand !== undefined
        ? {
            kind: 'command',
            argv: typeof c.keyCommand === 'string' ? splitKeyCommand(c.keyCommand) : c.keyCommand,
            context: n,
          }
        : undefined;
  const envKey = (): KeySource | undefined => {
    if (env.PORTHOLE_API_KEY) return { kind: 'value', key: env.PORTHOLE_API_KEY };
    if (env.PORTHOLE_API_KEY_FILE) {
      let key: string;
      try {
        key = readFileSync(env.PORTHOLE_API_KEY_FILE, 'utf8').trim();
      } catch (err) {
        throw new ConfigError(
          `PORTHOLE_API_KEY_FILE: cannot read ${env.PORTHOLE_API_KEY_FILE} (${(err as NodeJS.ErrnoException).code ?? 'error'})`,
        );
      }
      if (!key)
        throw new ConfigError(`PORTHOLE_API_KEY_FILE: ${env.PORTHOLE_API_KEY_FILE} is empty`);
      return { kind: 'value', key };
    }
    return undefined;
  };
  const defaults = context?.cluster === undefined ? {} : { cluster: context.cluster };
  const named = name === undefined ? {} : { context: name };

  if (contextFlag === undefined && env.PORTHOLE_URL) {
    const problem = urlProblem(env.PORTHOLE_URL);
    if (problem) throw new ConfigError(`PORTHOLE_URL ${problem}`);
    const keySource = envKey();
    if (!keySource)
      throw new ConfigError(
        'PORTHOLE_URL is set but PORTHOLE_API_KEY is not (a context key is only sent to its own URL)',
      );
    return { url: env.PORTHOLE_URL, keySource, ...defaults, ...named };
  }
  if (context && name !== undefined) {
    const keySource =
      (contextFlag === undefined ? envKey() : undefined) ?? contextKey(context, name);
    if (!keySource)
      throw new ConfigError(
        `${path}: contexts.${name}: needs key or keyCommand (or set PORTHOLE_API_KEY)`,
      );
    return { url: context.url, keySource, ...defaults, ...named };
  }
  throw new ConfigError(
    `no gateway configured: set PORTHOLE_URL and PORTHOLE_API_KEY, or add a context to ${path}`,
  );
}

/** Make `name` the current context, keeping the file's comments, layout and mode. */
export function useContext(loaded: LoadedConfig, name: string): void {
  const { path } = loaded;
  if (!loaded.exists) throw new ConfigError(`no config file at ${path}`);
  if (!Object.hasOwn(loaded.config.contexts, name))
    throw new ConfigError(`${path}: no context named "${name}" (porthole get-contexts lists them)`);
  const doc = parseDocument(readFileSync(path, 'utf8'));
  doc.set('currentContext', name);
  const mode = statSync(path).mode & 0o777;
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, doc.toString(), { mode });
  renameSync(tmp, path);
}
