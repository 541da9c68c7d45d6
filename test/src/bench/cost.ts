// What a window of load cost: CPU time per process and Redis calls, read before and after it.
import { cpuSeconds } from './proc.js';
import { callDeltas, type RedisInfo } from './redis-info.js';

/** The processes whose CPU is measured, by the name the report prints (pids summed; none = n/a). */
export type Processes = Record<string, number[]>;

export interface Cost {
  /** CPU seconds each process used in the window (null when it could not be read). */
  cpu: Record<string, number | null>;
  /** Redis calls in the window by command, the probe's own calls taken out. */
  redisCalls: Map<string, number>;
  redisTotal: number;
  wallMs: number;
}

export interface CostMeter {
  stop(): Promise<Cost>;
}

function readCpu(procs: Processes): Record<string, number | null> {
  const read = (pids: number[]) => {
    const each = pids.map(cpuSeconds);
    return each.length === 0 || each.includes(null)
      ? null
      : each.reduce<number>((s, x) => s + x!, 0);
  };
  return Object.fromEntries(Object.entries(procs).map(([name, pids]) => [name, read(pids)]));
}

/** Starts a window: CPU of every process and Redis command statistics, read now and at stop(). */
export async function startCost(procs: Processes, redis: RedisInfo): Promise<CostMeter> {
  const ownBefore = redis.ownCalls();
  const statsBefore = await redis.commandStats();
  const cpuBefore = readCpu(procs);
  const t0 = performance.now();
  return {
    async stop() {
      const cpuAfter = readCpu(procs);
      const wallMs = performance.now() - t0;
      const ownAfter = redis.ownCalls();
      const redisCalls = callDeltas(statsBefore, await redis.commandStats(), ownBefore, ownAfter);
      const cpu: Record<string, number | null> = {};
      for (const name of Object.keys(procs)) {
        const a = cpuBefore[name];
        const b = cpuAfter[name];
        cpu[name] = a == null || b == null ? null : b - a;
      }
      const redisTotal = [...redisCalls.values()].reduce((s, n) => s + n, 0);
      return { cpu, redisCalls, redisTotal, wallMs };
    },
  };
}

/** The Redis server's own pid, when it runs on this machine (so /proc describes it). */
export async function localRedisPid(
  redis: RedisInfo,
  isRedis: (pid: number) => boolean,
): Promise<number | null> {
  const pid = Number((await redis.info('server')).get('process_id'));
  return Number.isInteger(pid) && pid > 0 && isRedis(pid) ? pid : null;
}

/** Milliseconds of CPU per unit of work, as text. */
export function msPer(seconds: number | null | undefined, units: number): string {
  if (seconds == null || units <= 0) return 'n/a';
  return `${((seconds * 1000) / units).toFixed(3)} ms`;
}

/** The `top` commands by calls, as `name count (per unit)`. */
export function topCalls(calls: Map<string, number>, units: number, top: number): string[] {
  return [...calls]
    .sort((a, b) => b[1] - a[1])
    .slice(0, top)
    .map(([name, n]) => `${name.padEnd(22)} ${String(n).padStart(9)}  ${(n / units).toFixed(2)}`);
}
