// Denial messages quote argv through show(): no credential comes back, whatever its spelling or place.
import { describe, expect, it } from 'vitest';
import { show } from './decision.js';
import { evaluate } from './evaluate.js';

const CREDENTIALS = [
  'phk_4fTq9ZbXr2LmN8vKc3WdJ7hYp1QsGe6Ua0Ro5Ti',
  'pha_4fTq9ZbXr2LmN8vKc3WdJ7hYp1QsGe6Ua0Ro5Ti',
  'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhbGljZSJ9.Qm9ndXNTaWduYXR1cmVCeXRlc0hlcmU',
  'ghp_R8x2kLmN4pQ7sT1vW9yZ3bC6dF0gH5jK8mP2',
  'AKIAIOSFODNN7EXAMPLE',
  'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
  'glpat-Zq9vX2mLpT4wAbCdEfGh',
  'xoxb-1234567890-0987654321-AbCdEfGhIjKlMnOpQrStUvWx',
  'sk_live_51HqLyjAbCdEfGhIjKlMnOpQr',
  'Zq9vX2mLpT4wAbCdEfGhIjKl',
  '9f86d081884c7d659a2feaa0c55ad015a3bf4f1b',
  'q7Zr2XkP9mWc4TnL8vBd3HsY',
];

const PLACES: Array<(k: string) => string | string[]> = [
  (k) => `${k} get pods`,
  (k) => `kubectl ${k}`,
  (k) => `--${k} get pods`,
  (k) => `get pods --${k}`,
  (k) => `get pods -${k}`,
  (k) => `get pods -n ${k}`,
  (k) => `get pods -o ${k}`,
  (k) => `get ${k}`,
  (k) => `get pods/${k}`,
  (k) => `get pods,${k}`,
  (k) => `describe ${k}`,
  (k) => `logs ${k}`,
  (k) => `logs x -c ${k}`,
  (k) => `logs x --since ${k}`,
  (k) => `explain ${k}`,
  (k) => `explain pods --api-version=${k}`,
  (k) => `rollout ${k}`,
  (k) => `top ${k}`,
  (k) => `api-resources --api-group=${k}`,
  (k) => `get pods -l ${k}!!x`,
  (k) => `get pods --field-selector=${k}`,
  (k) => `get pods "${k}"`,
  (k) => `'${k}' get pods`,
  (k) => `"${k.slice(0, 9)}"'${k.slice(9)}' get pods`,
  (k) => `${[...k].map((ch) => `\\${ch}`).join('')} get pods`,
  (k) => `${k}${'A'.repeat(4000 - k.length)} get pods`,
  (k) => `get pods -n ${k}${'b'.repeat(10 * 1024)}`,
  (k) => [k, 'get', 'pods'],
  (k) => ['get', 'pods', '-o', k],
  (k) => ['get', 'pods', `${k}${'c'.repeat(3000)}`],
];

describe('no credential in a denial message', () => {
  const rows = CREDENTIALS.flatMap((k) => PLACES.map((place) => [k, place(k)] as const));
  it.each(rows)('%s in %j', (k, command) => {
    const decision = evaluate(command);
    if (decision.allowed) return; // runs as asked; only messages are under test here
    const middle = k.slice(Math.floor(k.length / 2) - 5, Math.floor(k.length / 2) + 5);
    expect(decision.message).not.toContain(middle);
    expect(decision.message).not.toContain(k.slice(-10));
    expect(decision.message.length).toBeLessThan(1000);
  });

  it('denies nearly all of them, so the table tests messages', () => {
    const denied = rows.filter(([, command]) => !evaluate(command).allowed);
    expect(denied.length).toBeGreaterThan(rows.length * 0.9);
  });
});

describe('show', () => {
  it.each([
    ['pods', '"pods"'],
    ['coredns-5d78c9869d-x2k4p', '"coredns-5d78c9869d-x2k4p"'],
    ['say "hi"', '"say \\"hi\\""'],
    ['a\u200bb', '"a\\u{200B}b"'],
    ['pod\u0000', '"pod\\u{0}"'],
    ['x'.repeat(50), `"${'x'.repeat(40)}…"`],
    ['phk_4fTq9ZbXr2LmN8vKc3WdJ7hYp1QsGe6Ua0Ro5Ti', '"[redacted by porthole]"'],
    ['pods/q7Zr2XkP9mWc4TnL8vBd3HsY', '"[redacted by porthole]"'],
    [`${'y'.repeat(30)} AKIAIOSFODNN7EXAMPLE`, `"${'y'.repeat(30)} [redacted…"`],
  ])('%j is quoted as %s', (input, quoted) => expect(show(input)).toBe(quoted));
});

describe('no credential in a suggestion', () => {
  const rows = CREDENTIALS.flatMap((k) =>
    [
      ...PLACES,
      (c: string) => `delete pod ${c.toLowerCase()}`,
      (c: string) => `exec -it ${c.toLowerCase()} -- sh`,
      (c: string) => `get pods -w -n ${c.toLowerCase()}`,
      (c: string) => `get pods --as=admin -l app=${c}`,
      (c: string) => `--token=${c} get pods`,
      (c: string) => `--token ${c} get pods`,
      (c: string) => `get pods -n ${c.toUpperCase()}`,
      (c: string) => `gett ${c.toLowerCase()}`,
      (c: string) => `get pods | ${c}`,
      (c: string) => `get pods; get ${c.toLowerCase()}`,
    ].map((place) => [k, place(k)] as const),
  );
  it.each(rows)('%s in %j', (k, command) => {
    const decision = evaluate(command);
    if (decision.allowed || decision.suggestion === undefined) return;
    const s = decision.suggestion.toLowerCase();
    const key = k.toLowerCase();
    const middle = key.slice(Math.floor(key.length / 2) - 5, Math.floor(key.length / 2) + 5);
    expect(s).not.toContain(middle);
    expect(s).not.toContain(key.slice(-10));
    expect(decision.suggestion).not.toMatch(/[\n\r]/);
    expect(decision.suggestion.length).toBeLessThan(400);
  });
});
