// The spinner draws at once on a terminal and never elsewhere.
import { describe, expect, it } from 'vitest';
import { createSpinner } from './spinner.js';

function stream(isTTY: boolean) {
  const writes: string[] = [];
  return { isTTY, writes, write: (s: string) => writes.push(s) };
}

describe('spinner', () => {
  it('writes nothing when stderr is not a terminal', () => {
    const s = stream(false);
    const spinner = createSpinner(s);
    spinner.start('waiting for demo…');
    spinner.stop();
    expect(s.writes).toEqual([]);
  });

  it('draws its first frame at once on a terminal and erases its line when stopped', () => {
    const s = stream(true);
    const spinner = createSpinner(s);
    spinner.start('waiting for demo…');
    expect(s.writes).toEqual(['\r\x1b[K⠋ waiting for demo…']);
    spinner.stop();
    spinner.stop();
    expect(s.writes.at(-1)).toBe('\r\x1b[K');
    expect(s.writes.filter((w) => w === '\r\x1b[K')).toHaveLength(1);
  });
});
