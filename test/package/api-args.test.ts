// Every exported function checks its arguments (src/isa/api-args.ts): a wrong-shaped call — from plain
// JavaScript, where no type checker stands between the caller and the engine — is an AddersimError
// (USAGE) whose path names the function and the argument, never a TypeError from inside a bundled chunk.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { build } from 'esbuild';
import { afterAll, describe, expect, it } from 'vitest';
import * as api from '../../src/index.ts';

const ROOT = resolve(__dirname, '../..');
type Fn = (...args: unknown[]) => unknown;

/** Exported functions that take no argument or accept anything: nothing to check (each with why). */
const UNCHECKED: Record<string, string> = {
  listModels: 'takes no argument',
  defaultWorkers: 'takes no argument',
  isZooName: 'a predicate: anything that is not a zoo name answers false',
};

async function thrown(f: () => unknown): Promise<unknown> {
  try {
    await f();
  } catch (e) {
    return e;
  }
  return undefined;
}

const functions = Object.entries(api).filter(([name, v]) => typeof v === 'function' && /^[a-z]/.test(name)) as [string, Fn][];

describe('every exported function refuses wrong-shaped arguments with a typed error', () => {
  it('the list of functions is the public API (so a new export is checked here too)', () => {
    expect(functions.length).toBeGreaterThan(50);
    for (const name of Object.keys(UNCHECKED)) expect(functions.map(([n]) => n)).toContain(name);
  });

  // a symbol is no valid value of any parameter (nor a string, a number, an object or a function)
  const junk = Symbol('junk');
  it.each(functions.filter(([name]) => !(name in UNCHECKED)))('%s(junk, junk, …): AddersimError USAGE at "NAME: …"', async (name, f) => {
    const e = await thrown(() => f(junk, junk, junk, junk, junk));
    expect(e, `${name} threw ${String(e)}`).toBeInstanceOf(api.AddersimError);
    expect((e as api.AddersimError).code).toBe('USAGE');
    expect((e as api.AddersimError).path).toMatch(new RegExp(`^${name}: `));
  });

  // (the parsers of data read from files — parseKernelFile, parseGraphFile, validateProfile, … — say
  // BAD_INPUT at the file's root for a missing document: data is input, not an argument of the wrong shape)
  it.each(functions.filter(([name, f]) => !(name in UNCHECKED) && f.length > 0))(
    '%s() with its required arguments missing: an AddersimError',
    async (name, f) => {
      const e = await thrown(() => f());
      expect(e, `${name} threw ${String(e)}`).toBeInstanceOf(api.AddersimError);
      if ((e as api.AddersimError).code === 'USAGE') expect((e as api.AddersimError).message).toMatch(/undefined \(a required argument is missing\)/);
      else expect((e as api.AddersimError).path).toMatch(/: \(root\)$/);
    },
  );
});

describe('the message names the field and lists the valid keys or values', () => {
  it('a misspelt option key: did-you-mean and the valid keys (evaluate, sweep, crossover, runStudy, scheduleKernel, loadModel)', async () => {
    const { graph } = await api.loadModel('lenet5-bn');
    const nano = api.loadProfile('via-nano-2000');
    const cases: [() => unknown, string, string][] = [
      [() => api.evaluate(graph, nano, { variant: 'adder', lowerng: 'paper' } as never), 'evaluate: opts.lowerng', 'lowering'],
      [() => api.sweep({ model: ['lenet5-bn'], cpus: ['via-nano-2000'] } as never), 'sweep: spec.model', 'models'],
      [
        () => api.crossover({ model: 'lenet5-bn', cpu: 'via-nano-2000', param: 'forms.mul.f64.latency', lo: 1, hi: 4, sheduler: 'serial' } as never),
        'crossover: spec.sheduler',
        'scheduler',
      ],
      [() => api.runStudy({ model: ['lenet5-bn'] } as never), 'runStudy: opts.model', 'models'],
      [() => api.scheduleKernel(graph as never, nano, 'cycle'), 'scheduleKernel: kernel', ''],
      [() => api.loadModel('lenet5-bn', { allowUnknwon: true } as never), 'loadModel: opts.allowUnknwon', 'allowUnknown'],
    ];
    for (const [call, path, meant] of cases) {
      const e = (await thrown(call)) as api.AddersimError;
      expect(e).toBeInstanceOf(api.AddersimError);
      expect(e.path).toBe(path);
      if (meant) expect(e.detail).toMatch(new RegExp(`\\(did you mean ${meant}[ ?].*; valid keys: `));
    }
  });

  it('a value outside a closed vocabulary lists the vocabulary; a wrong engine value says what to pass', async () => {
    const nano = api.loadProfile('via-nano-2000');
    const e = (await thrown(() => api.scheduleKernel({ name: 'k', body: [] }, nano, 'fast' as never))) as api.AddersimError;
    expect([e.path, e.detail]).toEqual(['scheduleKernel: scheduler', 'must be one of serial, bound, cycle, got "fast"']);
    const g = (await thrown(() => api.evaluate({ model: 5 } as never, nano, { variant: 'cnn' }))) as api.AddersimError;
    expect(g.path).toBe('evaluate: graph');
    expect(g.detail).toMatch(/^expected a shaped graph \(loadModel\(ref\)\.graph or inferShapes\(graph\)\), got an object \(its name is missing\)$/);
    const { graph } = await api.loadModel('lenet5-bn');
    const p = (await thrown(() => api.evaluate(graph, 'via-nano-2000' as never, { variant: 'cnn' }))) as api.AddersimError;
    expect(p.detail).toMatch(/^expected a Profile \(loadProfile\(name\), .*\), got "via-nano-2000"$/);
  });

  it('values that pass are used as passed, and a right call still computes (lenet5-bn adder, serial, paper: 833,040 adds × 2 cycles)', async () => {
    const { graph } = await api.loadModel('lenet5-bn');
    const e = api.evaluate(graph, api.loadProfile('via-nano-2000'), { variant: 'adder', convert: 'all', lowering: 'paper', scheduler: 'serial' });
    expect(e.result.cycles).toBe(833_040 * 2);
  });
});

describe('from plain JavaScript against a minified bundle of the API (as dist/ is built)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'addersim-api-args-'));
  // a package of its own, as an install is: its dependencies, package.json and profiles beside the bundle
  for (const f of ['node_modules', 'package.json', 'cpu-profiles']) symlinkSync(join(ROOT, f), join(dir, f));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('sweep(), evaluate({ model: 5 }) and a misspelt key print typed errors, no TypeError', async () => {
    await build({
      entryPoints: [join(ROOT, 'src/index.ts')],
      outfile: join(dir, 'index.mjs'),
      bundle: true,
      format: 'esm',
      platform: 'node',
      minifyWhitespace: true,
      minifySyntax: true,
      packages: 'external',
      logLevel: 'silent',
    });
    writeFileSync(
      join(dir, 'use.mjs'),
      `import * as a from './index.mjs';
const calls = {
  'sweep()': () => a.sweep(),
  'evaluate({model: 5})': () => a.evaluate({ model: 5 }),
  'loadModel(5)': () => a.loadModel(5),
  'serialFromCounts({mul: 1})': () => a.serialFromCounts({ mul: 1 }),
  'resolveSettings({schedulr: "x"})': () => a.resolveSettings({ schedulr: 'x' }),
};
for (const [k, f] of Object.entries(calls)) {
  try { await f(); console.log(k, 'no error'); } catch (e) { console.log(k, '|', e.name, '|', e.code, '|', e.message); }
}
`,
    );
    const r = spawnSync(process.execPath, [join(dir, 'use.mjs')], { cwd: dir, encoding: 'utf8' });
    expect(r.stderr).toBe('');
    const lines = r.stdout.trim().split('\n');
    expect(lines).toEqual([
      expect.stringMatching(
        /^sweep\(\) \| AddersimError \| USAGE \| sweep: spec: expected an object with keys models, cpus, .*, got undefined \(a required argument is missing\)$/,
      ),
      expect.stringMatching(/^evaluate\(\{model: 5\}\) \| AddersimError \| USAGE \| evaluate: graph: expected a shaped graph .*its name is missing/),
      'loadModel(5) | AddersimError | USAGE | loadModel: ref: expected a string, got number 5',
      expect.stringMatching(/^serialFromCounts\(\{mul: 1\}\) \| AddersimError \| USAGE \| serialFromCounts: profile: expected a Profile .*, got undefined/),
      expect.stringMatching(
        /^resolveSettings\(\{schedulr: "x"\}\) \| AddersimError \| USAGE \| resolveSettings: input\.schedulr: unknown key "schedulr" \(did you mean scheduler\?\); valid keys: variants, scheduler, /,
      ),
    ]);
  });
});
