// Every zoo model × variant × lowering × shipped profile either evaluates (bound scheduler) or fails with a
// listed, reasoned absence: the missing form is one the profile's `absent` names, and the error says why.
// A bare UNKNOWN_FORM (a form the CPU has but the profile lacks) fails this test. Also the element-wise
// functions with exp (softmax, sigmoid, tanh: cvt, shl) under the f32 lowerings, and the absence rules.

import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AddersimError, absentReason, matchesAbsent, missingFormMessage, parseKernelFile } from '../../src/isa/index.ts';
import { inferShapes, loadModel, parseGraphFile, VARIANTS, ZOO_NAMES, LOWERINGS, type ShapedGraph } from '../../src/models/index.ts';
import { lower } from '../../src/models/lowering/index.ts';
import { listProfileNames, loadProfile } from '../../src/sim/profile/loader.ts';
import { deriveProfile, targetCaps } from '../../src/sim/profile/validate.ts';
import { checkKernelForms, scheduleKernel } from '../../src/sim/schedulers/schedule.ts';
import { evaluate } from '../../src/whatif/evaluate.ts';

const PROFILES = listProfileNames();

type Outcome = { ok: true } | { ok: false; form: string; reason: string | undefined; message: string };

function outcome(run: () => unknown, absent: Parameters<typeof absentReason>[0]): Outcome {
  try {
    run();
    return { ok: true };
  } catch (e) {
    if (!(e instanceof AddersimError) || e.code !== 'UNKNOWN_FORM') throw e;
    const form = /form (\S+) is not in profile/.exec(e.message)?.[1] ?? '?';
    return { ok: false, form, reason: absentReason(absent, form), message: e.message };
  }
}

describe('zoo × variant × lowering × profile: evaluates, or a listed absence with its reason', () => {
  const graphs = new Map<string, ShapedGraph>();
  it.each(PROFILES)('%s', async (name) => {
    const profile = loadProfile(name);
    const failures: string[] = [];
    let evaluated = 0;
    for (const model of ZOO_NAMES) {
      if (!graphs.has(model)) graphs.set(model, (await loadModel(model)).graph);
      const graph = graphs.get(model)!;
      for (const variant of VARIANTS) {
        for (const lowering of LOWERINGS) {
          const o = outcome(() => evaluate(graph, profile, { variant, lowering, scheduler: 'bound' }), profile.absent);
          if (o.ok) {
            evaluated++;
            continue;
          }
          // no bare UNKNOWN_FORM: the form is listed absent and the message carries the listed reason
          expect(o.reason, `${model} ${variant} ${lowering}: ${o.message}`).toBeDefined();
          expect(o.message).toContain(`: absent — ${o.reason}`);
          failures.push(`${lowering}:${o.form}`);
        }
      }
    }
    // the only exclusion in the shipped profiles: the paper's f64 count on the single-precision Cortex-M4F
    if (name === 'arm-cortex-m4f') {
      expect([...new Set(failures)]).toEqual(['paper:mul.f64']);
      expect(failures).toHaveLength(ZOO_NAMES.length * VARIANTS.length);
    } else expect(failures).toEqual([]);
    expect(evaluated + failures.length).toBe(ZOO_NAMES.length * VARIANTS.length * LOWERINGS.length);
  });
});

describe('exp-based element-wise layers (cvt, shl) and every eltwise function, f32', () => {
  const layers = [
    { name: 'c', kind: 'conv2d', outChannels: 8, kernel: [3, 3], padding: [1, 1] },
    ...['sigmoid', 'tanh', 'exp', 'elu', 'selu', 'hardswish', 'sign', 'floor', 'cast', 'neg', 'abs', 'clip'].map((fn) => ({
      name: `e_${fn}`,
      kind: 'eltwise',
      fn,
    })),
    { name: 'g', kind: 'globalavgpool' },
    { name: 'f', kind: 'flatten' },
    { name: 'fc', kind: 'linear', outFeatures: 10 },
    { name: 's', kind: 'softmax' },
  ];
  const graph = inferShapes(parseGraphFile({ schema: 'addersim/graph@1', name: 'eltwise-all', input: { shape: [4, 8, 8] }, layers }, 'eltwise-all.json'));
  it.each(PROFILES)('%s: scalar, simd and int8 lower every layer in f32, and in f64 unless the CPU lacks f64 (listed)', (name) => {
    const profile = loadProfile(name);
    const caps = targetCaps(profile);
    for (const lowering of ['scalar', 'simd', 'int8'] as const) {
      const p = lower(graph, { lowering, dtype: 'f32' }, caps);
      expect(p.kernels.map((k) => k.layer)).toContain('e_sigmoid');
      expect(p.kernels.map((k) => k.layer)).toContain('s');
      const o = outcome(() => lower(graph, { lowering, dtype: 'f64' }, caps), profile.absent);
      if (!o.ok) {
        expect(o.reason, `${lowering} f64: ${o.message}`).toBeDefined();
        expect(name).toBe('arm-cortex-m4f');
      }
    }
  });
});

describe('every validation kernel on every profile: runs, or stops at a listed absence', () => {
  const dir = join(import.meta.dirname, '..', 'validation', 'kernels');
  const kernels = readdirSync(dir).flatMap((sub) =>
    readdirSync(join(dir, sub))
      .filter((f) => f.endsWith('.json'))
      .map((f) => parseKernelFile(JSON.parse(readFileSync(join(dir, sub, f), 'utf8')), `${sub}/${f}`)),
  );
  it.each(PROFILES)('%s', (name) => {
    const profile = loadProfile(name);
    expect(kernels.length).toBeGreaterThan(40);
    for (const k of kernels) {
      const o = outcome(() => checkKernelForms(k, profile), profile.absent);
      if (!o.ok) expect(o.reason, `${k.name}: ${o.message}`).toBeDefined();
    }
  });
});

describe('absence rules', () => {
  it('patterns: * is any run of letters and digits within op or type', () => {
    expect(matchesAbsent('*.f64', 'mul.f64')).toBe(true);
    expect(matchesAbsent('*.f64', 'mul.f64x2')).toBe(false);
    expect(matchesAbsent('*.*x*', 'add.f32x4')).toBe(true);
    expect(matchesAbsent('*.*x*', 'xnor.i32')).toBe(false);
    expect(matchesAbsent('popcnt.*', 'popcnt.i64')).toBe(true);
    expect(matchesAbsent('dot.i8x*', 'dot.i16x8')).toBe(false);
  });
  it('the message names the form, the profile and, when listed, the reason', () => {
    const absent = [{ forms: ['*.f64'], reason: 'single precision only' }];
    expect(missingFormMessage('mul.f64', 'm4', absent)).toBe('form mul.f64 is not in profile m4: absent — single precision only');
    expect(missingFormMessage('mul.f32', 'm4', absent)).toBe('form mul.f32 is not in profile m4');
  });
  it('a kernel on the Cortex-M4F: a double multiply fails naming FPv4-SP; a float one runs', () => {
    const m4 = loadProfile('arm-cortex-m4f');
    const k = (type: string) => parseKernelFile({ schema: 'addersim/kernel@1', name: 'k', body: [{ op: 'mul', type, dst: 'a', src: ['a', 'b'] }] }, 'k.json');
    const e = (() => {
      try {
        scheduleKernel(k('f64'), m4, 'bound');
      } catch (x) {
        return x as AddersimError;
      }
      throw new Error('no error');
    })();
    expect(e.code).toBe('UNKNOWN_FORM');
    expect(e.message).toMatch(/form mul\.f64 is not in profile arm-cortex-m4f: absent — FPv4-SP is a single-precision FPU/);
    expect(scheduleKernel(k('f32'), m4, 'bound').cycles).toBeGreaterThan(0);
  });
  it('a form both timed and listed absent is refused, naming the pattern', () => {
    const m4 = loadProfile('arm-cortex-m4f');
    const e = (() => {
      try {
        deriveProfile(m4, { forms: { 'mul.f64': { ...m4.forms['mul.f32']! } } }, 'dp.json');
      } catch (x) {
        return x as AddersimError;
      }
      throw new Error('no error');
    })();
    expect(e.code).toBe('BAD_INPUT');
    expect(e.path).toBe('dp.json: absent[0].forms[0]');
    expect(e.message).toMatch(/mul\.f64 is timed in "forms" but listed absent by "\*\.f64"/);
    // dropping the absence makes the what-if valid
    expect(deriveProfile(m4, { absent: [], forms: { 'mul.f64': { ...m4.forms['mul.f32']! } } }, 'dp.json').forms['mul.f64']).toBeDefined();
  });
});
