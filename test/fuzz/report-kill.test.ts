// A `report` run killed midway (SIGKILL while it writes its files, and once before it starts writing)
// leaves the output folder holding the previous complete report, untouched, and no half-written file;
// the next run removes the killed runs' temporary folders. A kill at each step of the final swap of old and
// new folder (two renames) leaves the old or the new report after the next start's repair, never neither.

import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { recoverStranded } from '../../src/reports/out-folder.ts';
import { SWAP_STEPS } from '../../src/reports/write.ts';
import { runCli } from '../cli/run-cli.ts';

const ROOT = join(import.meta.dirname, '../..');
const base = mkdtempSync(join(tmpdir(), 'addersim-kill-'));
const out = join(base, 'rep');
const ARGS = ['--models', 'lenet5-bn', '--cpus', 'via-nano-2000', '--schedulers', 'serial,bound', '--no-progress'];

function files(dir: string): Map<string, string> {
  const m = new Map<string, string>();
  const walk = (d: string): void => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else m.set(relative(dir, p), readFileSync(p).toString('base64'));
    }
  };
  if (existsSync(dir)) walk(dir);
  return m;
}

function run(extra: string[], killWhen?: (pid: number) => boolean): Promise<{ code: number | null; signal: string | null; killedWhileWriting: boolean }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [join(ROOT, 'bin/addersim.js'), 'report', '--out', out, ...ARGS, ...extra], { cwd: ROOT, stdio: 'ignore' });
    let writing = false;
    const timer = killWhen
      ? setInterval(() => {
          if (child.pid !== undefined && killWhen(child.pid)) {
            writing = existsSync(join(base, `.rep.tmp-${child.pid}`));
            child.kill('SIGKILL');
            clearInterval(timer);
          }
        }, 5)
      : undefined;
    child.on('exit', (code, signal) => {
      if (timer) clearInterval(timer);
      resolve({ code, signal, killedWhileWriting: writing });
    });
  });
}

describe('report: killed midway', () => {
  afterAll(() => rmSync(base, { recursive: true, force: true }));

  it('SIGKILL while writing, or before, leaves the previous complete report', async () => {
    // The previous output: a Markdown + JSON report.
    expect((await run(['--formats', 'md,json'])).code).toBe(0);
    const before = files(out);
    expect([...before.keys()].sort()).toEqual(['.addersim-report', 'report.json', 'report.md', 'study.json']);

    // Killed once its temporary folder holds a file (it is writing), then killed early (still computing).
    const tmpHasFile = (pid: number) => {
      const tmp = join(base, `.rep.tmp-${pid}`);
      return existsSync(tmp) && readdirSync(tmp).some((f) => statSync(join(tmp, f)).isFile());
    };
    const started = Date.now();
    const writing = await run(['--formats', 'html,md,tex,txt,json,csv,svg,png,pdf'], tmpHasFile);
    expect(writing.signal).toBe('SIGKILL');
    expect(writing.killedWhileWriting).toBe(true);
    expect(files(out)).toEqual(before);

    const early = await run([], () => Date.now() - started > 0);
    expect(early.signal).toBe('SIGKILL');
    expect(files(out)).toEqual(before);

    // Nothing half-written inside the folder; leftovers are only the killed runs' hidden temporary siblings.
    for (const e of readdirSync(base)) expect(e === 'rep' || /^\.rep\.(tmp|old)-\d+$/.test(e), e).toBe(true);
    expect(readdirSync(base).some((e) => e.startsWith('.rep.tmp-'))).toBe(true);

    // The next run removes the dead runs' temporary folders.
    expect((await runCli('report', '--out', out, ...ARGS, '--formats', 'md,json')).code).toBe(0);
    expect(readdirSync(base).filter((e) => e.startsWith('.rep.tmp-'))).toEqual([]);
    expect(files(out)).toEqual(before);
  });
});

describe('report: killed at each step of the old/new swap', () => {
  const dir = mkdtempSync(join(tmpdir(), 'addersim-swap-'));
  const target = join(dir, 'rep');
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const child = (killAt: string, formats: string) =>
    spawnSync(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'report-kill-child.ts'), target, killAt, formats], {
      cwd: ROOT,
      encoding: 'utf8',
    });

  // The old report is md (+ marker); the new one is txt (+ marker): which one is in place is plain to see.
  it.each(SWAP_STEPS)('killed after "%s": the old or the new report is in place after the next start, never neither', (step) => {
    rmSync(target, { recursive: true, force: true });
    expect(child('none', 'md').status).toBe(0);
    const old = files(target);
    expect([...old.keys()].sort()).toEqual(['.addersim-report', 'report.md']);

    const killed = child(step, 'txt');
    expect(killed.signal).toBe('SIGKILL');
    // Between the two renames the folder itself is missing for an instant; the old report is then aside.
    const aside = readdirSync(dir).filter((e) => e.startsWith('.rep.old-'));
    if (step === 'old-moved') expect(existsSync(target) || aside.length === 1).toBe(true);

    recoverStranded(target); // what the next run does first
    const now = files(target);
    const isOld = JSON.stringify([...now]) === JSON.stringify([...old]);
    const isNew = [...now.keys()].sort().join() === '.addersim-report,report.txt';
    expect(isOld || isNew).toBe(true);
    // A kill before the new folder is moved in keeps the old report; after, the new one.
    expect(isNew).toBe(step === 'new-moved' || step === 'old-removed');
    expect(readdirSync(dir).filter((e) => e !== 'rep')).toEqual([]);
    // And the folder is still ours: the next report replaces it.
    expect(child('none', 'md').status).toBe(0);
    expect(files(target)).toEqual(old);
  });
});
