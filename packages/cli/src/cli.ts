// The `porthole` command line: subcommands, options, output forms and exit codes, wired once.
import { readFileSync } from 'node:fs';
import type { ClusterInfo, ExecResult, FleetExecResponse } from '@porthole/protocol';
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { ConnectionError, createClient, GatewayError, type PortholeClient } from './client.js';
import { completionScript, SHELLS, type CompletionSpec } from './completion.js';
import {
  ConfigError,
  configPath,
  loadConfig,
  resolveTarget,
  useContext,
  type LoadedConfig,
  type Target,
} from './config.js';
import { readExecWords, UsageError } from './exec-args.js';
import { EXIT, exitCodesHelp, exitForErrorCode, exitForResult } from './exit-codes.js';
import { KeyCommandError, runKeyCommand } from './key-command.js';
import { createSpinner } from './spinner.js';

export interface Output {
  isTTY?: boolean;
  write(chunk: string): boolean;
  once(event: 'drain', listener: () => void): unknown;
}

export interface CliDeps {
  env: NodeJS.ProcessEnv;
  home: string;
  stdout: Output;
  stderr: Output;
  /** Shown in help and messages: `porthole`, or `kubectl porthole` for the plugin. */
  programName?: string;
  /** The kubectl plugin's shorthand: a first word that is no subcommand is a cluster (exec). */
  execShorthand?: boolean;
}

/** How many times one page is asked for when the gateway says to retry later. */
const PAGE_RETRIES = 10;

/** How long a key command may take, a password prompt included. */
const KEY_COMMAND_TIMEOUT_MS = 60_000;

export function cliVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
    version: string;
  };
  return pkg.version;
}

const wholeNumber = (min: number, max: number) => (value: string) => {
  const n = Number(value);
  if (!/^\d+$/.test(value) || n < min || n > max)
    throw new InvalidArgumentError(`must be a whole number from ${min} to ${max}`);
  return n;
};

/** Run the CLI on `argv` (without node and script); resolves with the exit code. */
export async function runCli(argv: readonly string[], deps: CliDeps): Promise<number> {
  const name = deps.programName ?? 'porthole';
  const { stdout, stderr, env } = deps;
  let exitCode: number = EXIT.ok.code;
  let json = false;
  const spinner = createSpinner(stderr);

  const write = (stream: Output, text: string) =>
    text === '' || stream.write(text)
      ? Promise.resolve()
      : new Promise<void>((resolve) => stream.once('drain', resolve));
  const say = (text: string) => void stderr.write(`${name}: ${text}\n`);

  let loaded: LoadedConfig | undefined;
  const config = (): LoadedConfig => {
    if (!loaded) {
      loaded = loadConfig(configPath(env, deps.home), Boolean(env.PORTHOLE_CONFIG));
      for (const warning of loaded.warnings) say(warning);
    }
    return loaded;
  };
  /** The gateway to talk to; the key is not read yet. */
  const target = (opts: { context?: string }): Target => resolveTarget(config(), env, opts.context);
  /** A client for `to`, running its key command now if it has one. */
  const clientFor = async (to: Target): Promise<PortholeClient> => {
    const key =
      to.keySource.kind === 'value'
        ? to.keySource.key
        : await runKeyCommand(to.keySource.argv, { timeoutMs: KEY_COMMAND_TIMEOUT_MS, env });
    return createClient(to.url, key);
  };
  const connect = (opts: { context?: string }) => clientFor(target(opts));
  const waitingFor = async <T>(label: string, work: Promise<T>): Promise<T> => {
    spinner.start(label);
    try {
      return await work;
    } finally {
      spinner.stop();
    }
  };
  /** Print the rest of an output, page after page, from `cursor`. */
  const followPages = async (
    client: PortholeClient,
    id: string,
    cursor: string | null,
    pageSize: number | undefined,
    sink: (page: string) => Promise<void>,
  ) => {
    while (cursor !== null) {
      const page = await readPage(client, id, cursor, pageSize);
      await sink(page.output);
      cursor = page.nextCursor;
    }
  };
  /**
   * One page; a rate limit is waited out (Retry-After, a minute at most, a few times), since the
   * command already ran and part of its output may be printed.
   */
  const readPage = async (
    client: PortholeClient,
    id: string,
    cursor: string,
    pageSize: number | undefined,
  ) => {
    for (let attempt = 1; ; attempt += 1) {
      try {
        return await client.output(id, cursor, pageSize);
      } catch (err) {
        const wait = err instanceof GatewayError ? err.detail.retryAfterSeconds : undefined;
        if (wait === undefined || wait > 60 || attempt >= PAGE_RETRIES) throw err;
        await waitingFor(
          `rate limited: reading the rest of ${id} in ${wait} s…`,
          new Promise((resolve) => setTimeout(resolve, wait * 1000)),
        );
      }
    }
  };
  /** A result with its whole output, for `-o json`. */
  const wholeResult = async (
    client: PortholeClient,
    result: ExecResult,
    pageSize: number | undefined,
  ): Promise<ExecResult> => {
    let output = result.output;
    await followPages(client, result.id, result.nextCursor, pageSize, (page) => {
      output += page;
      return Promise.resolve();
    });
    return { ...result, output, nextCursor: null };
  };
  const printResult = async (
    client: PortholeClient,
    result: ExecResult,
    pageSize: number | undefined,
    errorPrefix = '',
  ) => {
    await write(stdout, result.output);
    await followPages(client, result.id, result.nextCursor, pageSize, (page) =>
      write(stdout, page),
    );
    if (result.error) await write(stderr, `${errorPrefix}${result.error}\n`);
    if (result.truncated) say(`${errorPrefix}output was truncated by the agent; narrow the query`);
  };
  const printJson = (value: unknown) => write(stdout, `${JSON.stringify(value, null, 2)}\n`);

  const program = new Command(name)
    .description('Read-only kubectl on remote clusters through a Porthole gateway.')
    .version(cliVersion(), '-V, --version', 'print the version')
    .enablePositionalOptions()
    .exitOverride()
    .configureOutput({
      writeOut: (text) => void stdout.write(text),
      writeErr: (text) => void stderr.write(text),
      outputError: (text, writeErr) => writeErr(`${name}: ${text.replace(/^error: /, '')}`),
    })
    .showSuggestionAfterError()
    .addHelpText(
      'after',
      `
Configuration: PORTHOLE_URL and PORTHOLE_API_KEY (or PORTHOLE_API_KEY_FILE), or contexts in
${configPath(env, deps.home)} (PORTHOLE_CONFIG names another file; PORTHOLE_CONTEXT or
--context picks a context). Porthole options go before CLUSTER; what follows it is kubectl's.

Examples:
  ${name} clusters
  ${name} exec demo -- get pods -n default
  ${name} exec demo 'get pods -A | grep -i crash'
  ${name} fleet 'prod-*' -- get nodes
  ${name} exec -o json demo -- get deploy -n shop

${exitCodesHelp()}`,
    );

  const contextOption = () => new Option('--context <name>', 'use this context of the config file');
  const outputOption = (choices: string[]) =>
    new Option('-o, --output <format>', 'output format').choices(choices).default('text');
  const timeoutOption = () =>
    new Option('--timeout <seconds>', 'how long the gateway waits for the agent (1-300)').argParser(
      wholeNumber(1, 300),
    );
  const pageOption = () =>
    new Option(
      '--page-size <bytes>',
      'read the output in pages of this many bytes (nextCursor), printing each as it arrives',
    ).argParser(wholeNumber(1, 1 << 30));
  program.addOption(contextOption());

  type Common = { context?: string; output: string };
  const common = (opts: { context?: string }) => ({
    ...program.opts<{ context?: string }>(),
    ...opts,
  });

  program
    .command('clusters')
    .description('list the clusters you may query')
    .addOption(contextOption())
    .addOption(outputOption(['text', 'json', 'name']))
    .action(async (opts: Common) => {
      json = opts.output === 'json';
      const client = await connect(common(opts));
      const clusters = await waitingFor('listing clusters…', client.clusters());
      if (opts.output === 'json') return printJson({ clusters });
      if (opts.output === 'name') return write(stdout, clusters.map((c) => `${c.id}\n`).join(''));
      return write(stdout, clusterTable(clusters));
    });

  type ExecOpts = Common & { timeout?: number; pageSize?: number };
  program
    .command('exec')
    .description('run a read-only kubectl command on one cluster')
    .usage('[options] [CLUSTER] [--] COMMAND…  (or CLUSTER "COMMAND")')
    .argument('[words...]')
    .addOption(contextOption())
    .addOption(outputOption(['text', 'json']))
    .addOption(timeoutOption())
    .addOption(pageOption())
    .passThroughOptions()
    .action(async (words: string[], opts: ExecOpts) => {
      json = opts.output === 'json';
      if (words.length === 0) throw new UsageError('a cluster and a kubectl command are needed');
      const to = target(common(opts));
      const { target: cluster, command } = readExecWords(words, argv, to.cluster, 'cluster');
      const client = await clientFor(to);
      const budget = {
        ...(opts.timeout === undefined ? {} : { timeoutSeconds: opts.timeout }),
        ...(opts.pageSize === undefined ? {} : { maxOutputBytes: opts.pageSize }),
      };
      const result = await waitingFor(
        `waiting for ${cluster}…`,
        client.exec(cluster, command, budget),
      );
      if (json) await printJson(await wholeResult(client, result, opts.pageSize));
      else await printResult(client, result, opts.pageSize);
      exitCode = exitForResult(result.exitCode);
    });

  program
    .command('fleet')
    .description('run a read-only kubectl command on many clusters (ids or globs, comma-separated)')
    .usage("[options] SELECTORS [--] COMMAND…  e.g. fleet 'prod-*,alpha' -- get pods -A")
    .argument('[words...]')
    .addOption(contextOption())
    .addOption(outputOption(['text', 'json']))
    .addOption(timeoutOption())
    .addOption(pageOption())
    .passThroughOptions()
    .action(async (words: string[], opts: ExecOpts) => {
      json = opts.output === 'json';
      const { target: selector, command } = readExecWords(
        words,
        argv,
        undefined,
        'cluster selector',
      );
      const client = await connect(common(opts));
      const selectors = selector.split(',').filter((s) => s !== '');
      const budget = {
        ...(opts.timeout === undefined ? {} : { timeoutSeconds: opts.timeout }),
        ...(opts.pageSize === undefined ? {} : { maxOutputBytes: opts.pageSize }),
      };
      const { results } = await waitingFor(
        `waiting for ${selector}…`,
        client.fleet(selectors, command, budget),
      );
      exitCode = fleetExit(results);
      if (json) {
        const whole = [];
        for (const entry of results)
          whole.push('output' in entry ? await wholeResult(client, entry, opts.pageSize) : entry);
        return printJson({ results: whole });
      }
      for (const entry of results) {
        await write(stdout, `== ${entry.clusterId} ==\n`);
        if ('output' in entry)
          await printResult(client, entry, opts.pageSize, `${entry.clusterId}: `);
        else {
          const later = entry.commandId ? ` (${name} result ${entry.commandId})` : '';
          say(`${entry.clusterId}: ${entry.error.code}: ${entry.error.message}${later}`);
        }
      }
    });

  program
    .command('result')
    .description("fetch a command's result later (e.g. after a timeout)")
    .argument('<id>', 'the command id')
    .addOption(contextOption())
    .addOption(outputOption(['text', 'json']))
    .addOption(
      new Option('--wait <seconds>', 'wait this long for a pending command (0-60)')
        .argParser(wholeNumber(0, 60))
        .default(0),
    )
    .addOption(pageOption())
    .action(async (id: string, opts: Common & { wait: number; pageSize?: number }) => {
      json = opts.output === 'json';
      const client = await connect(common(opts));
      const answer = await waitingFor(
        `waiting for ${id}…`,
        client.result(id, opts.wait, opts.pageSize),
      );
      if (!('output' in answer)) {
        if (json) return printJson(answer);
        return write(stdout, `${answer.id} is ${answer.status}\n`);
      }
      if (json) await printJson(await wholeResult(client, answer, opts.pageSize));
      else await printResult(client, answer, opts.pageSize);
      exitCode = exitForResult(answer.exitCode);
    });

  program
    .command('get-contexts')
    .description('list the contexts of the config file (never their keys)')
    .addOption(outputOption(['text', 'name']))
    .action(async (opts: Common) => {
      const { config: file } = config();
      const names = Object.keys(file.contexts);
      if (opts.output === 'name') return write(stdout, names.map((n) => `${n}\n`).join(''));
      const rows = Object.entries(file.contexts).map(([n, c]) => [
        n === file.currentContext ? '*' : '',
        n,
        c.url,
        c.cluster ?? '',
        c.keyCommand !== undefined ? 'keyCommand' : c.key !== undefined ? 'key' : 'env',
      ]);
      return write(stdout, table([['CURRENT', 'NAME', 'URL', 'CLUSTER', 'KEY FROM'], ...rows]));
    });

  program
    .command('use-context')
    .description('make a context of the config file the current one')
    .argument('<name>')
    .action((contextName: string) => {
      useContext(config(), contextName);
      return write(stdout, `now using context "${contextName}"\n`);
    });

  program
    .command('completion')
    .description('print a shell completion script (bash, zsh or fish)')
    .argument('<shell>', SHELLS.join(', '))
    .action((shell: string) => {
      if (!(SHELLS as readonly string[]).includes(shell))
        throw new UsageError(
          `completion supports ${SHELLS.join(', ')}, not "${shell.slice(0, 20)}"`,
        );
      return write(
        stdout,
        completionScript(shell as (typeof SHELLS)[number], completionSpec(program)),
      );
    });

  try {
    if (argv.length === 0) {
      stderr.write(program.helpInformation());
      return EXIT.usage.code;
    }
    const [first] = argv;
    if (
      deps.execShorthand &&
      first !== undefined &&
      !first.startsWith('-') &&
      !program.commands.some((c) => c.name() === first) &&
      first !== 'help'
    )
      argv = ['exec', ...argv];
    await program.parseAsync(argv, { from: 'user' });
    return exitCode;
  } catch (err) {
    spinner.stop();
    return report(err);
  }

  function report(err: unknown): number {
    if (err instanceof CommanderError) {
      // Help and version are answers, not errors; commander already printed them.
      return err.code === 'commander.helpDisplayed' || err.code === 'commander.version'
        ? EXIT.ok.code
        : EXIT.usage.code;
    }
    const [code, exit, message] =
      err instanceof GatewayError
        ? [err.code, exitForErrorCode(err.code), gatewayMessage(err)]
        : err instanceof ConnectionError
          ? ['unreachable', EXIT.unavailable.code, err.message]
          : err instanceof ConfigError || err instanceof UsageError
            ? ['usage', EXIT.usage.code, err.message]
            : err instanceof KeyCommandError
              ? ['key_command', EXIT.auth.code, err.message]
              : ['internal', EXIT.internal.code, err instanceof Error ? err.message : String(err)];
    if (json) void stdout.write(`${JSON.stringify({ error: { code, message } }, null, 2)}\n`);
    say(err instanceof GatewayError ? `${code}: ${message}` : message);
    return exit;
  }

  function gatewayMessage(err: GatewayError): string {
    const hint = err.detail.suggestion ? ` (try: ${err.detail.suggestion})` : '';
    const later = err.detail.commandId ? ` (${name} result ${err.detail.commandId})` : '';
    return `${err.message}${hint}${later}`;
  }
}

/** Fleet: 0 when every cluster succeeded, else the code of the first one that did not. */
function fleetExit(results: FleetExecResponse['results']): number {
  for (const entry of results) {
    const code =
      'output' in entry ? exitForResult(entry.exitCode) : exitForErrorCode(entry.error.code);
    if (code !== EXIT.ok.code) return code;
  }
  return EXIT.ok.code;
}

function clusterTable(clusters: ClusterInfo[]): string {
  const rows = clusters.map((c) => [
    c.id,
    c.connected ? 'connected' : 'offline',
    c.kubernetesVersion ?? '-',
    c.lastSeenAt ?? '-',
  ]);
  return table([['CLUSTER', 'STATUS', 'KUBERNETES', 'LAST SEEN'], ...rows]);
}

function table(rows: string[][]): string {
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length))) ?? [];
  return rows
    .map(
      (r) =>
        r
          .map((cell, i) => cell.padEnd((widths[i] ?? 0) + 3))
          .join('')
          .trimEnd() + '\n',
    )
    .join('');
}

/** What completion needs to know of the program, read from the program itself. */
function completionSpec(program: Command): CompletionSpec {
  const options = (cmd: Command) =>
    cmd.options.flatMap((o) =>
      [o.short, o.long]
        .filter((f): f is string => f !== undefined)
        .map((flag) => ({ flag, takesValue: o.required || o.optional })),
    );
  return {
    name: 'porthole',
    options: [...options(program), { flag: '--help', takesValue: false }],
    commands: program.commands.map((c) => ({
      name: c.name(),
      options: [...options(c), { flag: '--help', takesValue: false }],
    })),
  };
}
