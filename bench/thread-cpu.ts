// Runs a command and prints the CPU time (user + system, ms) of each of its threads, sampled from
// /proc/PID/task/*/stat every 50 ms (Linux only; a thread's last sample before it ends counts): shows
// what the main thread, the sweep pool's worker threads and V8's helper threads (concurrent compilation,
// GC) each cost. Threads are numbered by id from the process id (0 = the main thread); the total is
// user + system of every thread seen.
//   npx tsx bench/thread-cpu.ts node bin/addersim.js sweep … --workers 2
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

const TICK_MS = 10; // USER_HZ is 100 on Linux (sysconf(_SC_CLK_TCK)); assumption: checked with getconf CLK_TCK here
const [cmd, ...args] = process.argv.slice(2);
if (!cmd) throw new Error('usage: thread-cpu.ts COMMAND [ARGS…]');
const child = spawn(cmd, args, { stdio: ['ignore', 'inherit', 'inherit'] });
const last = new Map<number, number>();
const sample = (): void => {
  let tids: string[];
  try {
    tids = readdirSync(`/proc/${child.pid}/task`);
  } catch {
    return;
  }
  for (const t of tids)
    try {
      const stat = readFileSync(`/proc/${child.pid}/task/${t}/stat`, 'utf8');
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      last.set(Number(t), (Number(f[11]) + Number(f[12])) * TICK_MS);
    } catch {}
};
const timer = setInterval(sample, 50);
const t0 = performance.now();
child.on('exit', () => {
  clearInterval(timer);
  const wall = performance.now() - t0;
  const threads = [...last].sort((a, b) => a[0] - b[0]).filter(([, ms]) => ms > 0);
  const total = threads.reduce((s, [, ms]) => s + ms, 0);
  console.log(`wall ${Math.round(wall)} ms; CPU by thread: ${threads.map(([t, ms]) => `${t - child.pid!}:${ms}`).join(' ')}; total ${total} ms`);
});
