// The fixed list of kubectl commands a redaction measurement runs against the credential corpus:
// every verb and output path that can show a planted value, each with the benign text it must show.
import type { BenignLine, CorpusLogLine, CredentialCorpus } from '@porthole/kube-sim';

/** Benign text a command's output must carry byte for byte. */
export interface Expectation {
  /** The benign line's id in the catalogue. */
  id: string;
  needle: string;
  /** `line`: a whole output line (after the --timestamps stamp); `text`: anywhere in the output. */
  match: 'line' | 'text';
}

export interface CorpusCommand {
  argv: string[];
  expect: Expectation[];
  /** --limit-bytes cuts inside a line: the start of a planted value at the cut is a leak too. */
  cutsBytes: boolean;
  /** --timestamps: every log line starts with the kubelet's stamp and a space. */
  timestamps: boolean;
}

/** A string as Go's encoding/json writes it (kubectl -o json): HTML characters escaped. */
export function goJson(text: string): string {
  return JSON.stringify(text).replace(
    /[<>&\u2028\u2029]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

const TAILS = Array.from({ length: 60 }, (_, i) => i + 1);
/** Bytes every --timestamps line gains: RFC 3339 with nine fractional digits, and a space. */
const STAMP_BYTES = '2025-01-01T00:00:00.000000000Z '.length;
/** The share of a --limit-bytes window whose benign lines must come back whole. */
const LIMIT_SLACK = 0.8;
const rfc3339 = (ms: number) => `${new Date(ms).toISOString().slice(0, 19)}Z`;

interface LogCut {
  tail?: number;
  /** Lines younger than this many seconds (--since, --since-time). */
  youngerThan?: number;
  limitBytes?: number;
  timestamps?: boolean;
}

/** The lines a cut keeps, the way the kubelet (and kube-sim) applies them: tail, since, bytes. */
export function keptLines(lines: readonly CorpusLogLine[], cut: LogCut): CorpusLogLine[] {
  let kept = cut.tail !== undefined ? lines.slice(-cut.tail) : [...lines];
  if (cut.youngerThan !== undefined) {
    const limit = cut.youngerThan;
    kept = kept.filter((l) => l.agoSeconds < limit);
  }
  if (cut.limitBytes === undefined) return kept;
  // The agent cuts the redacted log (a redaction changes a line's length), so the byte limit
  // falls a little earlier or later than in the raw log: only lines well inside it are expected.
  const within = cut.limitBytes * LIMIT_SLACK;
  const whole: CorpusLogLine[] = [];
  let used = 0;
  for (const l of kept) {
    used += Buffer.byteLength(l.text) + 1 + (cut.timestamps ? STAMP_BYTES : 0);
    if (used > within) break;
    whole.push(l);
  }
  return whole;
}

/**
 * Byte offsets that cut through the middle of planted values in a log: the limits that
 * `--limit-bytes` should be tried with, at most `max` of them spread over the log.
 */
function cutsThroughSecrets(
  corpus: CredentialCorpus,
  lines: readonly CorpusLogLine[],
  max: number,
): number[] {
  const text = lines.map((l) => `${l.text}\n`).join('');
  const offsets = new Set<number>();
  for (const p of corpus.planted) {
    const at = text.indexOf(p.value);
    if (at >= 0) offsets.add(Buffer.byteLength(text.slice(0, at)) + Math.floor(p.value.length / 2));
  }
  const sorted = [...offsets].sort((a, b) => a - b);
  const step = Math.max(1, sorted.length / max);
  const picked: number[] = [];
  for (let i = 0; i < sorted.length && picked.length < max; i += step) {
    const offset = sorted[Math.floor(i)];
    if (offset !== undefined) picked.push(offset);
  }
  return picked;
}

/** Offsets seven bytes into every `every`-th line of a log. */
function midLineOffsets(lines: readonly CorpusLogLine[], every: number): number[] {
  const offsets: number[] = [];
  let at = 0;
  lines.forEach((l, i) => {
    if (i % every === every / 2) offsets.push(at + 7);
    at += Buffer.byteLength(l.text) + 1;
  });
  return offsets;
}

export function corpusCommands(corpus: CredentialCorpus, now = Date.now()): CorpusCommand[] {
  const t = corpus.targets;
  const ns = ['-n', corpus.namespace];
  const commands: CorpusCommand[] = [];
  const add = (argv: string[], expect: Expectation[] = [], extra: Partial<CorpusCommand> = {}) =>
    commands.push({ argv, expect, cutsBytes: false, timestamps: false, ...extra });

  const benign = (place: BenignLine['place']) => corpus.benign.filter((b) => b.place === place);
  const asLines = (list: BenignLine[]): Expectation[] =>
    list.map((b) => ({ id: b.id, needle: b.text, match: 'line' }));
  const asText = (list: BenignLine[]): Expectation[] =>
    list.map((b) => ({ id: b.id, needle: b.text, match: 'text' }));
  const asJson = (list: BenignLine[]): Expectation[] =>
    list.map((b) => ({ id: b.id, needle: goJson(b.text).slice(1, -1), match: 'text' }));
  const envJson: Expectation[] = benign('env').map((b) => ({
    id: b.id,
    needle: `"value": ${goJson(b.text)}`,
    match: 'text',
  }));
  const bigInt = benign('pod-spec');
  const bigIntJson = bigInt.map((b) => ({
    id: b.id,
    needle: `"runAsUser": ${b.text}`,
    match: 'text' as const,
  }));
  const bigIntYaml = bigInt.map((b) => ({
    id: b.id,
    needle: `runAsUser: ${b.text}`,
    match: 'text' as const,
  }));
  const relayConfig = benign('configmap');
  const events = benign('event');

  // ---------------------------------------------------------------- get
  const outputs = [[], ['-o', 'wide'], ['-o', 'json'], ['-o', 'yaml'], ['-o', 'name']];
  const kinds = [
    'pods',
    'deployments',
    'statefulsets',
    'cronjobs',
    'replicasets',
    'controllerrevisions',
    'configmaps',
    'events',
    'secrets',
    'serviceaccounts',
    'services',
  ];
  for (const kind of kinds) {
    for (const out of outputs) {
      const format = out[1] ?? 'table';
      let expect: Expectation[] = [];
      if (kind === 'pods' && format === 'json') expect = [...envJson, ...bigIntJson];
      if (kind === 'pods' && format === 'yaml') expect = bigIntYaml;
      if (kind === 'deployments' && format === 'json') expect = envJson;
      if (kind === 'configmaps' && format === 'json') expect = asJson(relayConfig);
      if (kind === 'events' && (format === 'table' || format === 'wide')) expect = asText(events);
      if (kind === 'events' && format === 'json') expect = asJson(events);
      add(['get', kind, ...ns, ...out], expect);
    }
  }
  add(['get', 'all', ...ns]);
  add(['get', 'all', ...ns, '-o', 'yaml']);
  add(['get', 'all,secrets', ...ns]);
  add(['get', 'all,secrets', ...ns, '-o', 'json']);
  add(['get', 'pods,secrets', ...ns]);
  add(['get', 'pods,secrets', ...ns, '-o', 'yaml']);
  add(['get', 'secrets', '-A']);
  add(['get', 'secrets', '-A', '-o', 'json']);
  add(['get', 'pods', '-A', '-o', 'yaml']);
  add(['get', 'configmaps', '-A', '-o', 'json']);
  add(['get', 'events', '-A', '-o', 'json']);
  add(['get', 'pods', ...ns, '-o', 'yaml', '--show-managed-fields'], bigIntYaml);
  add(['get', 'deployments', ...ns, '-o', 'json', '--show-managed-fields'], envJson);
  add(['get', 'configmaps', ...ns, '-o', 'yaml', '--show-managed-fields']);
  add(['get', 'secrets', ...ns, '-o', 'yaml', '--show-managed-fields']);
  add(['get', 'pods', ...ns, '--sort-by=.metadata.name', '-o', 'wide', '--show-labels']);
  for (const pod of t.pods) {
    const json = pod === t.bigIntPod ? bigIntJson : pod === t.benignPod ? envJson : [];
    add(['get', 'pod', pod, ...ns, '-o', 'json'], json);
    add(['get', 'pod', pod, ...ns, '-o', 'yaml'], pod === t.bigIntPod ? bigIntYaml : []);
  }
  for (const name of t.deployments) add(['get', 'deployment', name, ...ns, '-o', 'yaml']);
  for (const name of t.statefulSets) add(['get', 'statefulset', name, ...ns, '-o', 'json']);
  for (const name of t.cronJobs) add(['get', 'cronjob', name, ...ns, '-o', 'yaml']);
  for (const name of t.configMaps)
    add(
      ['get', 'configmap', name, ...ns, '-o', 'json'],
      name === t.benignConfigMap ? asJson(relayConfig) : [],
    );
  for (const name of t.secrets) add(['get', 'secret', name, ...ns, '-o', 'yaml']);
  for (const selector of t.selectors) {
    add(['get', 'pods', ...ns, '-l', selector, '-o', 'yaml']);
    add(['get', 'deployments,replicasets', ...ns, '-l', selector, '-o', 'json']);
    add(['get', 'configmaps', ...ns, '-l', selector, '-o', 'yaml']);
    add(['describe', 'pods', ...ns, '-l', selector]);
  }

  // ---------------------------------------------------------------- describe
  for (const kind of [...kinds, 'all']) {
    const expect =
      kind === 'configmaps' ? asLines(relayConfig) : kind === 'pods' ? asText(events) : [];
    add(['describe', kind, ...ns], expect);
  }
  add(['describe', 'namespace', corpus.namespace]);
  for (const pod of t.pods)
    add(['describe', 'pod', pod, ...ns], pod === t.benignPod ? asText(events) : []);
  for (const name of t.deployments) add(['describe', 'deployment', name, ...ns]);
  for (const name of t.statefulSets) add(['describe', 'statefulset', name, ...ns]);
  for (const name of t.cronJobs) add(['describe', 'cronjob', name, ...ns]);
  for (const name of t.configMaps)
    add(
      ['describe', 'configmap', name, ...ns],
      name === t.benignConfigMap ? asLines(relayConfig) : [],
    );
  for (const name of t.secrets) add(['describe', 'secret', name, ...ns]);

  // ---------------------------------------------------------------- logs
  const textToId = new Map<string, string>();
  for (const b of benign('log')) {
    if (textToId.has(b.text)) throw new Error(`benign log line ${b.id} repeats another`);
    textToId.set(b.text, b.id);
  }
  const sinceTimes: Array<[string, number]> = [
    [rfc3339(now - 2 * 3600_000), 2 * 3600],
    [rfc3339(now - 10 * 3600_000), 10 * 3600],
  ];
  const sinces: Array<[string, number]> = [
    ['1h', 3600],
    ['12h', 12 * 3600],
    ['48h', 48 * 3600],
  ];
  for (const log of corpus.logs) {
    const benignPod = log.pod === t.benignPod;
    const lines = log.lines;
    const base = ['logs', log.pod, ...ns, ...(log.previous ? ['-p'] : [])];
    const logAdd = (flags: string[], cut: LogCut) =>
      add(
        [...base, ...flags],
        benignPod
          ? keptLines(lines, cut).map((l) => ({
              id: textToId.get(l.text) ?? 'benign-log-unknown',
              needle: l.text,
              match: 'line' as const,
            }))
          : [],
        { cutsBytes: cut.limitBytes !== undefined, timestamps: cut.timestamps === true },
      );
    logAdd([], {});
    logAdd(['--timestamps'], { timestamps: true });
    const tails = TAILS.filter((n) => n <= lines.length + 1);
    for (const n of tails) logAdd([`--tail=${n}`], { tail: n });
    const cuts = benignPod ? midLineOffsets(lines, 12) : cutsThroughSecrets(corpus, lines, 45);
    for (const n of [...new Set([1, 64, 512, 4096, ...cuts])])
      logAdd([`--limit-bytes=${n}`], { limitBytes: n });
    for (const [since, seconds] of sinces) logAdd([`--since=${since}`], { youngerThan: seconds });
    for (const [time, seconds] of sinceTimes)
      logAdd([`--since-time=${time}`], { youngerThan: seconds });
    logAdd(['--since=1h', '--timestamps'], { youngerThan: 3600, timestamps: true });
    logAdd(['--tail=25', '--timestamps'], { tail: 25, timestamps: true });
    logAdd(['--since=12h', '--tail=30'], { tail: 30, youngerThan: 12 * 3600 });
    logAdd([`--since-time=${sinceTimes[0]?.[0]}`, '--limit-bytes=3000'], {
      youngerThan: 2 * 3600,
      limitBytes: 3000,
    });
    logAdd(['--tail=40', '--limit-bytes=2500'], { tail: 40, limitBytes: 2500 });
    for (const n of cuts.slice(0, 6))
      logAdd(['--timestamps', `--limit-bytes=${n}`], { timestamps: true, limitBytes: n });
  }
  add(['logs', `deployment/${t.leakyDeployment}`, ...ns, '--tail=50']);
  add(['logs', `deployment/${t.leakyDeployment}`, ...ns, '-p']);
  add(['logs', `deployment/${t.benignDeployment}`, ...ns], asLines(benign('log')));
  add(['logs', 'statefulset/ledger-db', ...ns]);
  for (const selector of t.selectors) add(['logs', ...ns, '-l', selector, '--tail=100']);

  // ---------------------------------------------------------------- events, rollout, top, explain, version
  add(['events', ...ns], asText(events));
  add(['events', ...ns, '-o', 'json'], asJson(events));
  add(['events', ...ns, '-o', 'yaml']);
  add(['events', ...ns, '--types=Warning']);
  for (const pod of t.pods) add(['events', ...ns, '--for', `pod/${pod}`]);
  add(['events', '-A']);
  add(['get', 'events', ...ns, '--field-selector', 'type=Warning', '-o', 'wide']);
  for (const [workload, revisions] of Object.entries(t.revisions)) {
    add(['rollout', 'history', workload, ...ns]);
    for (const r of revisions) add(['rollout', 'history', workload, ...ns, `--revision=${r}`]);
    add(['rollout', 'status', workload, ...ns, '--watch=false']);
  }
  add(['top', 'pod', ...ns]);
  add(['top', 'pod', ...ns, '--containers']);
  add(['top', 'node']);
  add(['explain', 'pods.spec.containers.env']);
  add(['explain', 'configmaps']);
  add(['explain', 'pods.spec.containers']);
  add(['version']);
  add(['version', '-o', 'json']);
  add(['api-resources', '--namespaced=true']);
  return commands;
}
