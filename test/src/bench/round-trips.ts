// Redis round trips per exec: commandstats counts every command a Lua script runs as well as the
// script call, so it cannot tell a state change done in one script from one done in ten calls.
// MONITOR can: it marks a script's own commands `lua`. Counted over a short run of its own
// (MONITOR slows Redis), never over a timed phase.
import { connect } from 'node:net';
import { createInterface } from 'node:readline';
import { scriptNamesBySha } from '@porthole/store';

export interface RoundTrips {
  /** Commands the API and agent sent (a script call counts once). */
  sent: Map<string, number>;
  /** Commands scripts ran inside those calls. */
  inScripts: number;
  /** What `run` reported doing (execs). */
  execs: number;
}

/** A MONITOR line: `+<time> [<db> <client or lua>] "<command>" "<first arg>"...`. */
const LINE = /^\+\d+\.\d+ \[\d+ (\S+)\] "([^"]+)"(?: "([^"]*)")?/;
const MARK = 'porthole-bench-round-trips-done';

/**
 * Watches Redis with MONITOR while `run` runs (it returns how many execs it made); the count
 * ends at a marker command sent after it, so nothing in flight is missed or counted twice.
 */
export async function countRoundTrips(
  redisUrl: string,
  run: () => Promise<number>,
): Promise<RoundTrips> {
  const u = new URL(redisUrl);
  const open = async () => {
    const socket = connect(Number(u.port || 6379), u.hostname || '127.0.0.1');
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', resolve);
      socket.once('error', reject);
    });
    const password = decodeURIComponent(u.password);
    if (password) socket.write(resp(['AUTH', password]));
    return socket;
  };
  const monitor = await open();
  const lines = createInterface({ input: monitor });
  const sent = new Map<string, number>();
  let inScripts = 0;
  let marked: () => void = () => {};
  const done = new Promise<void>((resolve) => (marked = resolve));
  let live: () => void = () => {};
  const started = new Promise<void>((resolve) => (live = resolve));
  lines.on('line', (line) => {
    if (line === '+OK') return live();
    const m = LINE.exec(line);
    if (!m) return;
    const [, source, command, first] = m as unknown as [string, string, string, string?];
    if (line.includes(MARK)) return marked();
    if (source === 'lua') return void (inScripts += 1);
    // A script call is named by its script, so the breakdown says which state change it was.
    let name = command.toLowerCase();
    if (name === 'evalsha') name += ` ${scriptNamesBySha.get(first ?? '') ?? 'unknown'}`;
    sent.set(name, (sent.get(name) ?? 0) + 1);
  });
  monitor.write(resp(['MONITOR']));
  await started;
  try {
    const execs = await run();
    const probe = await open();
    probe.write(resp(['ECHO', MARK]));
    await done;
    probe.destroy();
    return { sent, inScripts, execs };
  } finally {
    lines.close();
    monitor.destroy();
  }
}

function resp(args: string[]): string {
  return `*${args.length}\r\n` + args.map((a) => `$${Buffer.byteLength(a)}\r\n${a}\r\n`).join('');
}
