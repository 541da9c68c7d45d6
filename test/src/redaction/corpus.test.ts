// Redaction measured end to end: every planted credential of the corpus stays inside the cluster and
// every benign line comes back byte for byte, through the gateway with the default policy and with
// Secrets allowed, over every verb, output format and log cut.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CREDENTIAL_CORPUS } from '@porthole/kube-sim';
import { corpusCommands } from './commands.js';
import { formatFalseRedaction, formatLeak, firstOf } from './format.js';
import { measureRedaction, type CommandFailure, type Measurement } from './measure.js';
import { ValueIndex, findLeaks, missingBenign } from './scan.js';
import {
  CORPUS_CLUSTER,
  CORPUS_CONCURRENCY,
  startCorpusStacks,
  type CorpusStacks,
} from './stacks.js';

const corpus = CREDENTIAL_CORPUS;
/** Several hundred commands through real processes, eight at a time. */
const MEASURE_TIMEOUT = 300_000;
const SHOWN = 200;

describe('the corpus and its commands', () => {
  it('plants at least 300 credentials and keeps at least 200 benign lines', () => {
    expect(corpus.credentials).toBeGreaterThanOrEqual(300);
    expect(corpus.benign.length).toBeGreaterThanOrEqual(200);
  });

  it('covers every verb and cut, and expects every benign line somewhere', () => {
    const commands = corpusCommands(corpus);
    const verbs = new Set(commands.map((c) => c.argv[0]));
    for (const verb of [
      'get',
      'describe',
      'logs',
      'events',
      'rollout',
      'top',
      'explain',
      'version',
    ])
      expect(verbs).toContain(verb);
    const flags = commands.flatMap((c) => c.argv.map((a) => a.split('=')[0]));
    for (const flag of [
      '--tail',
      '--limit-bytes',
      '--since',
      '--since-time',
      '--timestamps',
      '-p',
      '-l',
    ])
      expect(flags).toContain(flag);
    const tails = new Set(commands.flatMap((c) => c.argv.filter((a) => a.startsWith('--tail='))));
    expect(tails.size).toBeGreaterThanOrEqual(60);
    const expected = new Set(commands.flatMap((c) => c.expect.map((e) => e.id)));
    expect(corpus.benign.filter((b) => !expected.has(b.id)).map((b) => b.id)).toEqual([]);
  });

  it('finds a value whole, cut at a --limit-bytes boundary, and benign text missing', () => {
    const index = new ValueIndex(corpus.planted);
    const value = corpus.planted.find((p) => p.value.length > 30)!;
    const command = { argv: ['logs'], expect: [], cutsBytes: true, timestamps: false };
    expect(findLeaks(index, command, [`x ${value.value} y`]).map((f) => f.how)).toEqual(['whole']);
    expect(findLeaks(index, command, [`x\npassword=${value.value.slice(0, 20)}`])).toEqual([
      { value, how: 'cut' },
    ]);
    expect(findLeaks(index, command, [`x\n${value.value.slice(0, 20)}\n`])).toEqual([]);
    const line = corpus.benign.find((b) => b.place === 'log')!;
    const wants = {
      ...command,
      expect: [{ id: line.id, needle: line.text, match: 'line' as const }],
    };
    expect(missingBenign(wants, `a\n${line.text}\nb`)).toEqual([]);
    expect(missingBenign(wants, `a\n${line.text.slice(0, -1)}[redacted]\nb`)).toHaveLength(1);
  });
});

describe('through the gateway', () => {
  let stacks: CorpusStacks;

  beforeAll(async () => {
    stacks = await startCorpusStacks();
  }, 180_000);
  afterAll(() => stacks?.close());

  const measure = async (policy: string) => {
    const target = stacks.stacks.find((s) => s.policy === policy);
    if (!target) throw new Error(`no stack for policy ${policy}`);
    return measureRedaction(target.stack, {
      clusterId: CORPUS_CLUSTER,
      policy,
      concurrency: CORPUS_CONCURRENCY,
    });
  };

  describe.each(['default', 'secrets-allowed'])('policy %s', (policy) => {
    let m: Measurement;
    beforeAll(async () => {
      m = await measure(policy);
    }, MEASURE_TIMEOUT);

    it('ran every command, refusing only what reads Secrets', () => {
      // The default policy refuses Secrets before anything is queued; nothing else may fail.
      const refused = (f: CommandFailure) =>
        policy === 'default' && f.status === 'HTTP 403' && /\bsecrets?\b/.test(f.command);
      const unexpected = m.failures.filter((f) => !refused(f));
      expect(
        unexpected.length,
        unexpected.map((f) => `${f.command}: ${f.status} ${f.error}`).join('\n'),
      ).toBe(0);
    });

    it('leaks no planted value', () => {
      expect(
        m.leaks.length,
        `${m.leaks.length} leaks:\n${firstOf(m.leaks, SHOWN, formatLeak)}`,
      ).toBe(0);
    });

    it('redacts no benign line', () => {
      expect(
        m.falseRedactions.length,
        `${m.falseRedactions.length} false redactions:\n${firstOf(m.falseRedactions, SHOWN, formatFalseRedaction)}`,
      ).toBe(0);
    });
  });
});
