// Reading configuration from NAME and NAME_FILE.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ConfigError, parseConfig, readEnv } from './env.js';

const dir = mkdtempSync(join(tmpdir(), 'porthole-env-'));
const file = (name: string, text: string) => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};

describe('readEnv', () => {
  it('reads the variable, or the file named by _FILE without its trailing newline', () => {
    expect(readEnv({ A: 'x' }, 'A')).toBe('x');
    expect(readEnv({ A_FILE: file('a', 'secret\n') }, 'A')).toBe('secret');
    expect(readEnv({ A_FILE: file('b', 'two\nlines\n') }, 'A')).toBe('two\nlines');
    expect(readEnv({ A: '' }, 'A')).toBeUndefined();
    expect(readEnv({}, 'A')).toBeUndefined();
  });

  it('refuses both forms at once, and unreadable files, without the value', () => {
    expect(() => readEnv({ A: 'hunter2', A_FILE: '/x' }, 'A')).toThrow(ConfigError);
    expect(() => readEnv({ A_FILE: join(dir, 'missing') }, 'A')).toThrow(
      /A_FILE: cannot read the file \(ENOENT\)/,
    );
    try {
      readEnv({ A: 'hunter2', A_FILE: '/x' }, 'A');
    } catch (err) {
      expect((err as Error).message).not.toContain('hunter2');
    }
  });
});

describe('parseConfig', () => {
  it('names the variable in a one-line reason and freezes the result', () => {
    const schema = z.object({ PORT: z.coerce.number().int().max(65535) });
    expect(() => parseConfig(schema, { PORT: '99999' })).toThrow(/^PORT: /);
    const config = parseConfig(schema, { PORT: '80' });
    expect(config.PORT).toBe(80);
    expect(Object.isFrozen(config)).toBe(true);
  });
});
