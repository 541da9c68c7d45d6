// The CLI in process: version, help with exit codes, usage errors, contexts listing, bash completion.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from './cli.js';
import { EXIT } from './exit-codes.js';

const home = mkdtempSync(join(tmpdir(), 'porthole-cli-home-'));
afterAll(() => rmSync(home, { recursive: true, force: true }));

function sink() {
  let text = '';
  return {
    stream: {
      isTTY: false,
      write: (s: string) => ((text += s), true),
      once: () => undefined,
    },
    text: () => text,
  };
}

async function cli(argv: string[], env: NodeJS.ProcessEnv = {}) {
  const out = sink();
  const err = sink();
  const code = await runCli(argv, { env, home, stdout: out.stream, stderr: err.stream });
  return { code, stdout: out.text(), stderr: err.text() };
}

describe('porthole without a gateway', () => {
  it('prints its version and help, with every exit code', async () => {
    const version = await cli(['--version']);
    expect(version).toMatchObject({ code: 0, stdout: expect.stringMatching(/^\d+\.\d+\.\d+\n$/) });
    const help = await cli(['--help']);
    expect(help.code).toBe(0);
    for (const { code, meaning } of Object.values(EXIT))
      expect(help.stdout).toContain(`${code}  ${meaning}`);
  });

  it.each([
    [[], /Usage: porthole/],
    [['frobnicate'], /unknown command 'frobnicate'/],
    [['exec'], /a cluster and a kubectl command are needed/],
    [['exec', 'demo'], /a kubectl command is needed/],
    [['exec', '--timeout', '0', 'demo', 'get', 'pods'], /must be a whole number from 1 to 300/],
    [['exec', '-o', 'xml', 'demo', 'get', 'pods'], /Allowed choices are text, json/],
    [['completion', 'tcsh'], /completion supports bash, zsh, fish/],
  ])('porthole %j is a usage error (exit 2)', async (argv, message) => {
    const env = { PORTHOLE_URL: 'http://127.0.0.1:9', PORTHOLE_API_KEY: 'k' };
    const { code, stderr } = await cli(argv, env);
    expect(code).toBe(EXIT.usage.code);
    expect(stderr).toMatch(message);
  });

  it('says how to configure a gateway when none is', async () => {
    const { code, stderr } = await cli(['clusters']);
    expect(code).toBe(EXIT.usage.code);
    expect(stderr).toBe(
      `porthole: no gateway configured: set PORTHOLE_URL and PORTHOLE_API_KEY, or add a context to ${home}/.config/porthole/config.yaml\n`,
    );
  });

  it('answers a config error in JSON too with -o json', async () => {
    const config = join(home, 'broken.yaml');
    writeFileSync(config, 'contexts:\n  a:\n    url: nope\n');
    const { code, stdout } = await cli(['clusters', '-o', 'json'], { PORTHOLE_CONFIG: config });
    expect(code).toBe(EXIT.usage.code);
    expect(JSON.parse(stdout)).toEqual({
      error: { code: 'usage', message: `${config}: contexts.a.url: must be an http(s) URL` },
    });
  });

  it('lists contexts without their keys', async () => {
    const config = join(home, 'contexts.yaml');
    writeFileSync(
      config,
      'currentContext: dev\ncontexts:\n  dev:\n    url: http://127.0.0.1:8080\n    key: phk_do_not_print\n  prod:\n    url: https://p.example\n    keyCommand: pass show p\n    cluster: eu-1\n',
      { mode: 0o600 },
    );
    const { code, stdout } = await cli(['get-contexts'], { PORTHOLE_CONFIG: config });
    expect(code).toBe(0);
    expect(stdout).toBe(
      'CURRENT   NAME   URL                     CLUSTER   KEY FROM\n' +
        '*         dev    http://127.0.0.1:8080             key\n' +
        '          prod   https://p.example       eu-1      keyCommand\n',
    );
    expect((await cli(['get-contexts', '-o', 'name'], { PORTHOLE_CONFIG: config })).stdout).toBe(
      'dev\nprod\n',
    );
  });
});

describe('completion', () => {
  const run = promisify(execFile);
  /** The words bash completion offers after `line` (the last word is being completed). */
  async function complete(script: string, line: string): Promise<string[]> {
    const file = join(home, 'completion.bash');
    writeFileSync(file, script);
    const words = line.split(' ');
    const { stdout } = await run('bash', [
      '-c',
      `source "$1"; COMP_WORDS=(${words.map((w) => `'${w}'`).join(' ')}); COMP_CWORD=${words.length - 1}; _porthole; printf '%s\\n' "\${COMPREPLY[@]}"`,
      'bash',
      file,
    ]);
    return stdout.split('\n').filter(Boolean);
  }

  it('completes subcommands, options and shells in bash', async () => {
    const { stdout: script, code } = await cli(['completion', 'bash']);
    expect(code).toBe(0);
    expect(await complete(script, 'porthole ')).toEqual([
      'clusters',
      'exec',
      'fleet',
      'result',
      'get-contexts',
      'use-context',
      'completion',
    ]);
    expect(await complete(script, 'porthole --context prod fl')).toEqual(['fleet']);
    expect(await complete(script, 'porthole exec --ti')).toEqual(['--timeout']);
    expect(await complete(script, 'porthole completion z')).toEqual(['zsh']);
  });

  it('prints zsh and fish scripts built from the same commands', async () => {
    const zsh = await cli(['completion', 'zsh']);
    expect(zsh.stdout).toMatch(/^#compdef porthole\n/);
    expect(zsh.stdout).toContain(
      'compadd -- clusters exec fleet result get-contexts use-context completion',
    );
    const fish = await cli(['completion', 'fish']);
    expect(fish.stdout).toContain(
      "complete -c porthole -n '__fish_use_subcommand' -a 'clusters exec fleet result get-contexts use-context completion'",
    );
    expect(fish.stdout).toContain(
      "complete -c porthole -n '__fish_seen_subcommand_from exec' -l timeout -r",
    );
  });
});
