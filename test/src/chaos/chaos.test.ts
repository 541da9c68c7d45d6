// The short chaos run for CI: each fault under low steady load must leave no untyped answer, no
// hung request, no correct result replaced, and recover within 10 s of its repair.
import { afterAll, describe, expect, it } from 'vitest';
import { SCENARIOS } from './catalogue.js';
import { markdownTable, RECOVERY_TARGET_SECONDS, type Row } from './report.js';
import { FLOOD_EXTRA_WAIT_TARGET_MS } from './scenarios.js';
import { SHORT, fromEnv } from './settings.js';

const settings = fromEnv(SHORT);
const rows: Row[] = [];
afterAll(() => {
  if (rows.length > 0) console.log(`\n${markdownTable(rows)}\n`);
});

const run = (name: string) => {
  const scenario = SCENARIOS.find(([n]) => n === name);
  if (!scenario) throw new Error(`no scenario ${name}`);
  return scenario[1](settings);
};

/**
 * A scenario's budget: its stack starting, its phases, and its load draining (a request caught by
 * the fault may run to its deadline). Generous, because a busy machine starts processes slowly.
 */
const BUDGET_MS = 180_000;

describe('chaos (short)', () => {
  it.each([
    'agent-kill',
    'agent-stop',
    'replica-kill',
    'redis-3s',
    'redis-10s',
    'redis-cluster',
    'drip',
  ])(
    '%s: no untyped or hung answer, no result replaced, recovery within 10 s',
    async (name) => {
      const row = await run(name);
      rows.push(row);
      expect(row.ok, 'some requests succeed').toBeGreaterThan(0);
      expect({ untyped: row.untyped, samples: row.samples, notes: row.notes }).toMatchObject({
        untyped: 0,
      });
      expect(row.hung).toBe(0);
      expect(row.replaced).toBe(0);
      expect(row.recoverySeconds).not.toBeNull();
      expect(row.recoverySeconds!).toBeLessThanOrEqual(RECOVERY_TARGET_SECONDS);
      expect(row.misses).toEqual([]);
    },
    BUDGET_MS,
  );

  let floodRow: Row | undefined;
  it(
    'flood: the flooder gets typed answers only, and the other key keeps being answered',
    async () => {
      floodRow = await run('flood');
      rows.push(floodRow);
      expect(floodRow.untyped).toBe(0);
      expect(floodRow.hung).toBe(0);
      expect(floodRow.extraWait?.samples).toBeGreaterThan(0);
    },
    BUDGET_MS,
  );

  it('flood: the other key waits at most 2 s longer than without the flood', () => {
    if (!floodRow?.extraWait) throw new Error('the flood scenario did not run');
    expect(floodRow.extraWait.maxMs).toBeLessThanOrEqual(FLOOD_EXTRA_WAIT_TARGET_MS);
  });
});
