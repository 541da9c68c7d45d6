// Preloaded into the agent for the soak only (`node --import`), since the agent has no listening
// port to expose metrics on: every PORTHOLE_SOAK_PROBE_MS it writes one stderr line with its
// event-loop delay since the last line and its active resources by type (sockets, timers…).
import { monitorEventLoopDelay } from 'node:perf_hooks';

const everyMs = Number(process.env.PORTHOLE_SOAK_PROBE_MS ?? 5000);
const delay = monitorEventLoopDelay({ resolution: 10 });
delay.enable();

setInterval(() => {
  const byType: Record<string, number> = {};
  for (const type of process.getActiveResourcesInfo()) byType[type] = (byType[type] ?? 0) + 1;
  const ms = (ns: number) => ns / 1e6;
  const line = {
    p50Ms: ms(delay.percentile(50)),
    p99Ms: ms(delay.percentile(99)),
    maxMs: ms(delay.max),
    byType,
  };
  delay.reset();
  process.stderr.write(`porthole-soak-probe ${JSON.stringify(line)}\n`);
}, everyMs).unref();
