// Reading process configuration: NAME or NAME_FILE (Kubernetes Secret mounts), parsed once by zod.
import { readFileSync } from 'node:fs';
import type { z } from 'zod';

/** Configuration that cannot start the process. The message is one line and holds no value. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

/**
 * The value of `name`, or the contents of the file named by `name_FILE` (trailing newline
 * trimmed, as Secret files often end with one). Setting both is an error: which one wins
 * would be a guess.
 */
export function readEnv(env: NodeJS.ProcessEnv, name: string): string | undefined {
  const direct = env[name];
  const file = env[`${name}_FILE`];
  if (direct !== undefined && file !== undefined) {
    throw new ConfigError(`${name} and ${name}_FILE are both set; set only one`);
  }
  if (file === undefined) return direct === '' ? undefined : direct;
  try {
    return readFileSync(file, 'utf8').replace(/\r?\n$/, '');
  } catch (err) {
    const reason = (err as NodeJS.ErrnoException).code ?? 'unreadable';
    throw new ConfigError(`${name}_FILE: cannot read the file (${reason})`);
  }
}

/** Read the named variables (with their _FILE forms) into a plain object for a zod schema. */
export function collectEnv(
  env: NodeJS.ProcessEnv,
  names: readonly string[],
): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  for (const name of names) out[name] = readEnv(env, name);
  return out;
}

/** Parse with zod and turn the first issue into a one-line ConfigError naming the variable. */
export function parseConfig<T>(schema: z.ZodType<T>, raw: unknown): Readonly<T> {
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.join('.') || 'configuration';
    throw new ConfigError(`${where}: ${issue?.message ?? 'invalid'}`);
  }
  return Object.freeze(parsed.data);
}
