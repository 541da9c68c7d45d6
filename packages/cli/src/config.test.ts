// The config file: where it is, what it may hold, how env and --context combine, use-context.
import { chmodSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConfigError, configPath, loadConfig, resolveTarget, useContext } from './config.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'porthole-cli-config-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const KEY = 'phk_secret_key_never_shown_0123';

function file(text: string, mode = 0o600): string {
  const path = join(dir, 'config.yaml');
  writeFileSync(path, text);
  chmodSync(path, mode);
  return path;
}

const TWO_CONTEXTS = `# my gateways
currentContext: prod
contexts:
  prod:
    url: https://porthole.example.com
    keyCommand: pass show porthole/prod   # from the password store
    cluster: prod-eu-1
  dev:
    url: http://127.0.0.1:8080
    key: ${KEY}
`;

describe('config file', () => {
  it('is PORTHOLE_CONFIG, else under XDG_CONFIG_HOME, else ~/.config', () => {
    expect(configPath({ PORTHOLE_CONFIG: '/etc/p.yaml' }, '/home/u')).toBe('/etc/p.yaml');
    expect(configPath({ XDG_CONFIG_HOME: '/x' }, '/home/u')).toBe('/x/porthole/config.yaml');
    expect(configPath({}, '/home/u')).toBe('/home/u/.config/porthole/config.yaml');
  });

  it('reads contexts and picks the current one', () => {
    const loaded = loadConfig(file(TWO_CONTEXTS), false);
    expect(loaded.warnings).toEqual([]);
    expect(resolveTarget(loaded, {}, undefined)).toEqual({
      url: 'https://porthole.example.com',
      keySource: { kind: 'command', argv: ['pass', 'show', 'porthole/prod'], context: 'prod' },
      cluster: 'prod-eu-1',
      context: 'prod',
    });
    expect(resolveTarget(loaded, {}, 'dev')).toEqual({
      url: 'http://127.0.0.1:8080',
      keySource: { kind: 'value', key: KEY },
      context: 'dev',
    });
  });

  it('lets the environment override the current context, and --context override the environment', () => {
    const loaded = loadConfig(file(TWO_CONTEXTS), false);
    const env = { PORTHOLE_URL: 'http://env.example:8080', PORTHOLE_API_KEY: 'env-key' };
    expect(resolveTarget(loaded, env, undefined)).toMatchObject({
      url: 'http://env.example:8080',
      keySource: { kind: 'value', key: 'env-key' },
    });
    expect(resolveTarget(loaded, env, 'dev')).toMatchObject({
      url: 'http://127.0.0.1:8080',
      keySource: { kind: 'value', key: KEY },
    });
    expect(resolveTarget(loaded, { PORTHOLE_CONTEXT: 'dev' }, undefined)).toMatchObject({
      context: 'dev',
    });
    // A key from the environment goes to the context's URL; a context's key never leaves it.
    expect(resolveTarget(loaded, { PORTHOLE_API_KEY: 'env-key' }, 'dev')).toMatchObject({
      keySource: { kind: 'value', key: KEY },
    });
    expect(resolveTarget(loaded, { PORTHOLE_API_KEY: 'env-key' }, undefined)).toMatchObject({
      url: 'https://porthole.example.com',
      keySource: { kind: 'value', key: 'env-key' },
    });
    expect(() =>
      resolveTarget(loaded, { PORTHOLE_URL: 'localhost:8080', PORTHOLE_API_KEY: 'k' }, undefined),
    ).toThrow('PORTHOLE_URL must be an http(s) URL');
    expect(() => resolveTarget(loaded, { PORTHOLE_URL: 'http://elsewhere' }, undefined)).toThrow(
      /PORTHOLE_URL is set but PORTHOLE_API_KEY is not/,
    );
  });

  it('reads PORTHOLE_API_KEY_FILE', () => {
    const keyFile = join(dir, 'key');
    writeFileSync(keyFile, 'from-file\n');
    const loaded = loadConfig(join(dir, 'absent.yaml'), false);
    expect(
      resolveTarget(
        loaded,
        { PORTHOLE_URL: 'http://h', PORTHOLE_API_KEY_FILE: keyFile },
        undefined,
      ),
    ).toMatchObject({ keySource: { kind: 'value', key: 'from-file' } });
  });

  it('treats a missing default file as empty, and a missing named file as an error', () => {
    const absent = join(dir, 'absent.yaml');
    expect(loadConfig(absent, false).exists).toBe(false);
    expect(() => resolveTarget(loadConfig(absent, false), {}, undefined)).toThrow(
      /no gateway configured: set PORTHOLE_URL and PORTHOLE_API_KEY, or add a context to/,
    );
    expect(() => loadConfig(absent, true)).toThrow(
      `${absent}: cannot read the config file (ENOENT)`,
    );
  });

  it.each([
    ['contexts: [', /: not valid YAML at line 1, column/],
    ['currentContext: nope\ncontexts: {}', /: currentContext: no context named "nope"/],
    [
      'contexts:\n  a:\n    url: ftp://x\n    key: k',
      /: contexts\.a\.url: must be an http\(s\) URL/,
    ],
    [
      'contexts:\n  a:\n    url: https://u:pw@x\n',
      /: contexts\.a\.url: must not hold a user name or password/,
    ],
    ['contexts:\n  a:\n    url: http://x\n    tokn: k', /: contexts\.a: Unrecognized key: "tokn"/],
    [
      `contexts:\n  a:\n    url: http://x\n    key: ${KEY}\n    keyCommand: pass`,
      /: contexts\.a: give key or keyCommand, not both/,
    ],
    [
      'contexts:\n  a:\n    url: http://x\n    cluster: Not_A_Label',
      /: contexts\.a\.cluster: must be a DNS-1123 label/,
    ],
    ['contexts:\n  a:\n    url: http://x\n    keyCommand: []', /: contexts\.a\.keyCommand/],
    ['contexts:\n  "bad name":\n    url: http://x', /: contexts\.bad name/],
    ['servers: []', /: \(top level\): Unrecognized key: "servers"/],
  ])('refuses %j in one line naming the file and the field', (text, message) => {
    const path = file(text);
    const err = (() => {
      try {
        loadConfig(path, false);
      } catch (e) {
        return e as Error;
      }
      return null;
    })();
    expect(err).toBeInstanceOf(ConfigError);
    expect(err?.message.startsWith(`${path}: `)).toBe(true);
    expect(err?.message).toMatch(message);
    expect(err?.message).not.toContain('\n');
    expect(err?.message).not.toContain(KEY);
  });

  it('names a context that does not exist', () => {
    const loaded = loadConfig(file(TWO_CONTEXTS), false);
    expect(() => resolveTarget(loaded, {}, 'staging')).toThrow(/no context named "staging"/);
  });

  it('warns when a file holding a key is readable by others', () => {
    expect(loadConfig(file(TWO_CONTEXTS, 0o644), false).warnings).toEqual([
      expect.stringMatching(/holds a key and is readable by others \(mode 644\); run chmod 600/),
    ]);
    expect(loadConfig(file(TWO_CONTEXTS, 0o600), false).warnings).toEqual([]);
    const commandOnly = 'contexts:\n  a:\n    url: http://x\n    keyCommand: pass show p\n';
    expect(loadConfig(file(commandOnly, 0o644), false).warnings).toEqual([]);
  });

  it('switches the current context keeping comments and the file mode', () => {
    const path = file(TWO_CONTEXTS, 0o600);
    useContext(loadConfig(path, false), 'dev');
    const text = readFileSync(path, 'utf8');
    expect(text).toContain('currentContext: dev\n');
    expect(text).toContain('# my gateways');
    expect(text).toContain('# from the password store');
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(loadConfig(path, false).config.currentContext).toBe('dev');
    expect(() => useContext(loadConfig(path, false), 'nope')).toThrow(/no context named "nope"/);
  });
});
