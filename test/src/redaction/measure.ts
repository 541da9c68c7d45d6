// Measuring redaction through the whole gateway: run the corpus commands on a stack's cluster, count
// planted values that come back (leaks) and benign lines that do not come back intact (false redactions).
import {
  CREDENTIAL_CORPUS,
  type CredentialCorpus,
  type CredentialPlace,
  type CredentialShape,
} from '@porthole/kube-sim';
import type { Stack } from '../harness/stack.js';
import { corpusCommands, type CorpusCommand } from './commands.js';
import { ValueIndex, findLeaks, missingBenign } from './scan.js';

export interface Leak {
  policy: string;
  command: string;
  id: string;
  credential: string;
  shape: CredentialShape;
  place: CredentialPlace;
  /** whole: the value as planted; cut: its beginning, where --limit-bytes ended the output. */
  how: 'whole' | 'cut';
}

export interface FalseRedaction {
  policy: string;
  command: string;
  id: string;
  place: string;
  /** What was expected, shortened for reports. */
  expected: string;
  /** missing: the command ran; failed: it did not, so nothing of it came back. */
  reason: 'missing' | 'failed';
}

export interface CommandFailure {
  policy: string;
  command: string;
  /** HTTP status, or the result's status when the exec call itself succeeded. */
  status: string;
  error: string;
}

export interface Measurement {
  policy: string;
  commands: number;
  failures: CommandFailure[];
  leaks: Leak[];
  falseRedactions: FalseRedaction[];
  outputBytes: number;
}

export interface MeasureOptions {
  clusterId: string;
  /** A label for the policy the stack runs with, carried into every finding. */
  policy: string;
  corpus?: CredentialCorpus;
  /** Commands in flight at once; match the agent's PORTHOLE_CONCURRENCY. */
  concurrency?: number;
  commands?: CorpusCommand[];
}

interface Answer {
  ok: boolean;
  status: string;
  output: string;
  error: string;
}

async function exec(stack: Stack, clusterId: string, argv: string[]): Promise<Answer> {
  const res = await stack.call('POST', `/v1/clusters/${clusterId}/exec`, { command: argv });
  const body = res.json as { status?: string; output?: unknown; error?: unknown } | null;
  if (res.status !== 200)
    return { ok: false, status: `HTTP ${res.status}`, output: '', error: JSON.stringify(body) };
  return {
    ok: body?.status === 'succeeded',
    status: body?.status ?? 'unknown',
    output: typeof body?.output === 'string' ? body.output : '',
    error: typeof body?.error === 'string' ? body.error : '',
  };
}

const shorten = (text: string, max = 120) =>
  text.length > max ? `${text.slice(0, max - 1)}…` : text;

/** Runs every corpus command once, `concurrency` at a time, and scores the answers. */
export async function measureRedaction(
  stack: Stack,
  options: MeasureOptions,
): Promise<Measurement> {
  const corpus = options.corpus ?? CREDENTIAL_CORPUS;
  const commands = options.commands ?? corpusCommands(corpus);
  const index = new ValueIndex(corpus.planted);
  const benignById = new Map(corpus.benign.map((b) => [b.id, b]));
  const result: Measurement = {
    policy: options.policy,
    commands: commands.length,
    failures: [],
    leaks: [],
    falseRedactions: [],
    outputBytes: 0,
  };
  const score = (command: CorpusCommand, answer: Answer) => {
    const line = `kubectl ${command.argv.join(' ')}`;
    result.outputBytes += Buffer.byteLength(answer.output) + Buffer.byteLength(answer.error);
    for (const { value, how } of findLeaks(index, command, [answer.output, answer.error])) {
      result.leaks.push({
        policy: options.policy,
        command: line,
        id: value.id,
        credential: value.credential,
        shape: value.shape,
        place: value.place,
        how,
      });
    }
    if (!answer.ok)
      result.failures.push({
        policy: options.policy,
        command: line,
        status: answer.status,
        error: shorten(answer.error, 200),
      });
    for (const e of missingBenign(command, answer.ok ? answer.output : '')) {
      result.falseRedactions.push({
        policy: options.policy,
        command: line,
        id: e.id,
        place: benignById.get(e.id)?.place ?? 'unknown',
        expected: shorten(e.needle),
        reason: answer.ok ? 'missing' : 'failed',
      });
    }
  };
  // A fixed-size pool: at most `concurrency` commands wait on the gateway at any time.
  const width = Math.max(1, options.concurrency ?? 8);
  let next = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < commands.length) {
        const command = commands[next++];
        if (!command) break;
        score(command, await exec(stack, options.clusterId, command.argv));
      }
    }),
  );
  return result;
}
