import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

/**
 * CPU time spent by processes (all their threads), from /proc (Linux). On a shared machine the
 * send rate depends on what else runs; the CPU each send costs does not, and on N cores it
 * bounds the rate at N × 1000 / (ms per send, all processes together).
 */
const ticksPerSecond = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;

function statFields(pid: number): string[] | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name, which is in parentheses and may hold spaces.
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  } catch {
    return undefined; // gone
  }
}

/** User + system CPU milliseconds of each process so far. */
export function cpuMs(pids: readonly number[]): number {
  let ticks = 0;
  for (const pid of pids) {
    const fields = statFields(pid);
    if (fields) ticks += Number(fields[11]) + Number(fields[12]); // utime, stime
  }
  return (ticks * 1000) / ticksPerSecond;
}

/**
 * A server and its child processes (PostgreSQL's backends), including children that have
 * already exited (counted in the parent's cutime/cstime once reaped).
 */
export function cpuMsWithChildren(parent: number): number {
  const children = readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .map(Number)
    .filter((pid) => Number(statFields(pid)?.[1]) === parent);
  const own = statFields(parent);
  const reaped = own ? Number(own[13]) + Number(own[14]) : 0; // cutime, cstime
  return cpuMs([parent, ...children]) + (reaped * 1000) / ticksPerSecond;
}
