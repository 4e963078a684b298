// The CPU time of the calling thread and its time spent ready but not running (waiting for a core), from
// Linux's /proc/thread-self/schedstat (nanoseconds: on CPU, waiting on a run queue, time slices). Node 20
// has no per-thread cpuUsage; the sweep pool reports these per side (PoolStats) so that the cost of a worker
// thread is visible apart from the machine's load: a thread that waits was ready, other processes had the cores.
import { readFileSync } from 'node:fs';

export interface ThreadTime {
  /** Milliseconds on a CPU. */
  readonly cpuMs: number;
  /** Milliseconds ready to run but waiting for a CPU. */
  readonly waitMs: number;
}

let available = true;

/** The calling thread's times so far, or undefined where the kernel does not report them (not Linux, no schedstats). */
export function threadTime(): ThreadTime | undefined {
  if (!available) return undefined;
  try {
    const [run, wait] = readFileSync('/proc/thread-self/schedstat', 'utf8').split(' ').map(Number);
    if (!Number.isFinite(run) || !Number.isFinite(wait)) throw new Error('schedstat');
    return { cpuMs: run! / 1e6, waitMs: wait! / 1e6 };
  } catch {
    available = false;
    return undefined;
  }
}

/** `b - a`, or undefined if either is unknown. */
export function timeSince(a: ThreadTime | undefined, b: ThreadTime | undefined = threadTime()): ThreadTime | undefined {
  return a && b ? { cpuMs: b.cpuMs - a.cpuMs, waitMs: b.waitMs - a.waitMs } : undefined;
}
