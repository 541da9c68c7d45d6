import { startKubeSim } from '@porthole/kube-sim';
const sim = await startKubeSim({ port: 0, now: () => new Date('2025-06-01T12:00:00Z') });
sim.writeKubeconfig('/tmp/sim.kubeconfig');
console.log(sim.url);
process.on('SIGTERM', async () => { await sim.close(); process.exit(0); });
setInterval(() => {}, 1000);
