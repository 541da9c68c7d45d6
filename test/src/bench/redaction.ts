// What redaction costs the agent: the object pass over a pod list as the apiserver sends it, and
// the text pass over what the agent renders, per MiB, on kube-sim's built-in cluster.
import { performance } from 'node:perf_hooks';
import { defaultCluster } from '@porthole/kube-sim';
import { RedactionTally, redactObject, scrubText } from '@porthole/redact';
import { fmt, summarize } from './stats.js';

const RUNS = 15;

function timeRuns(fn: () => void): number[] {
  const samples: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const start = performance.now();
    fn();
    samples.push(performance.now() - start);
  }
  return samples;
}

export function benchRedaction(): void {
  const pods = defaultCluster({ credentialCorpus: false }).pods ?? [];
  const body = JSON.stringify({ kind: 'PodList', apiVersion: 'v1', items: pods });
  const rendered = JSON.stringify({ kind: 'List', items: pods }, null, 4);
  const mib = (s: string) => Buffer.byteLength(s) / (1024 * 1024);
  const objectPass = summarize(
    timeRuns(() => redactObject(JSON.parse(body), new RedactionTally(), { secrets: false })),
  );
  const textPass = summarize(timeRuns(() => scrubText(rendered, new RedactionTally())));
  console.log(
    `redaction of ${pods.length} pods (median of ${RUNS}): object pass ${fmt(objectPass.p50)} for ${mib(body).toFixed(2)} MiB (${fmt(objectPass.p50 / mib(body))}/MiB), text pass ${fmt(textPass.p50)} for ${mib(rendered).toFixed(2)} MiB (${fmt(textPass.p50 / mib(rendered))}/MiB)`,
  );
}
