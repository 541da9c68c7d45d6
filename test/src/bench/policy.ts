// Policy throughput: decisions per second over a mix of allowed and denied commands.
import { performance } from 'node:perf_hooks';
import { evaluate } from '@porthole/policy';

const MIX = [
  'get pods -n default',
  'kubectl get pods -A -o wide',
  'get deploy,svc -n shop -l app=web',
  'get pod web-1 -o yaml',
  'get nodes --show-labels',
  'get secrets',
  'delete pod x',
  'get pods --kubeconfig=/x',
  'get pods; rm -rf /',
  ['get', 'pods', '-n', 'kube-system', '--field-selector', 'status.phase=Running'],
  'describe deploy web -n shop',
  'logs deploy/web -c app --since=1h -n shop',
  'events -n default --types=Warning',
  'top pod -A',
  'rollout status deploy/web -n shop',
  'logs -f web-1',
];

export function benchPolicy(): void {
  const rounds = Number(process.env.BENCH_POLICY_ROUNDS ?? 200_000);
  for (let i = 0; i < 20_000; i++) evaluate(MIX[i % MIX.length]!);
  const runs: number[] = [];
  for (let r = 0; r < 5; r++) {
    const t = performance.now();
    for (let i = 0; i < rounds / 5; i++) evaluate(MIX[i % MIX.length]!);
    runs.push((rounds / 5 / (performance.now() - t)) * 1000);
  }
  runs.sort((a, b) => a - b);
  console.log(
    `\npolicy: ${Math.round(runs[2]!).toLocaleString('en')} decisions/s (median of 5 runs of ${rounds / 5}, mixed allowed/denied)`,
  );
}
