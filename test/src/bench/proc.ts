// What a process costs, read from /proc: CPU time, resident memory, open files and their limit.
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

/** The text of a /proc file, or null when the process is gone (or /proc is not Linux's). */
function readProc(pid: number | 'self', file: string): string | null {
  try {
    return readFileSync(`/proc/${pid}/${file}`, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ESRCH') return null;
    throw err;
  }
}

export interface ClockTicks {
  hz: number;
  /** True when `getconf CLK_TCK` failed and 100 Hz is a guess. */
  assumed: boolean;
}

let ticks: ClockTicks | undefined;

export function clockTicks(): ClockTicks {
  if (ticks) return ticks;
  try {
    const hz = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim());
    if (Number.isInteger(hz) && hz > 0) return (ticks = { hz, assumed: false });
    console.log(`getconf CLK_TCK gave no number; assuming 100 Hz`);
  } catch (err) {
    console.log(`getconf CLK_TCK failed (${(err as Error).message}); assuming 100 Hz`);
  }
  return (ticks = { hz: 100, assumed: true });
}

/** CPU seconds (user + system) the process has used so far, or null when it is gone. */
export function cpuSeconds(pid: number | 'self'): number | null {
  const stat = readProc(pid, 'stat');
  if (stat === null) return null;
  // The command name (field 2) may hold spaces and parentheses: count fields after the last ')'.
  // There, index 0 is field 3 (state), so utime (field 14) is index 11 and stime index 12.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const utime = Number(fields[11]);
  const stime = Number(fields[12]);
  if (!Number.isFinite(utime) || !Number.isFinite(stime))
    throw new Error(`cannot read utime/stime from /proc/${pid}/stat`);
  return (utime + stime) / clockTicks().hz;
}

/** Resident set size in KiB (VmRSS), or null when the process is gone. */
export function rssKb(pid: number | 'self'): number | null {
  const status = readProc(pid, 'status');
  if (status === null) return null;
  const kb = /^VmRSS:\s+(\d+) kB$/m.exec(status)?.[1];
  if (kb === undefined) throw new Error(`no VmRSS in /proc/${pid}/status`);
  return Number(kb);
}

/** The soft limit on open files ('unlimited' as Infinity), or null when the process is gone. */
export function openFilesLimit(pid: number | 'self'): number | null {
  const limits = readProc(pid, 'limits');
  if (limits === null) return null;
  const soft = /^Max open files\s+(\S+)/m.exec(limits)?.[1];
  if (soft === undefined) throw new Error(`no "Max open files" in /proc/${pid}/limits`);
  return soft === 'unlimited' ? Infinity : Number(soft);
}

/** The process's short name (/proc/<pid>/comm), or null when it is gone. */
export function processName(pid: number): string | null {
  return readProc(pid, 'comm')?.trim() ?? null;
}

/** How many local ports outgoing connections may use (ip_local_port_range), or null if unknown. */
export function ephemeralPorts(): number | null {
  let text: string;
  try {
    text = readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
  const [low, high] = text.trim().split(/\s+/).map(Number);
  return low !== undefined && high !== undefined ? high - low + 1 : null;
}

/** How many file descriptors the process has open (/proc/<pid>/fd), or null when it is gone. */
export function openFds(pid: number | 'self'): number | null {
  try {
    return readdirSync(`/proc/${pid}/fd`).length;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
}

/** Read and write system calls the process has made so far (/proc/<pid>/io), or null. */
export function ioCalls(pid: number | 'self'): { reads: number; writes: number } | null {
  const io = readProc(pid, 'io');
  if (io === null) return null;
  const field = (name: string) => Number(new RegExp(`^${name}: (\\d+)$`, 'm').exec(io)?.[1]);
  return { reads: field('syscr'), writes: field('syscw') };
}
