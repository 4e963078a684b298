// Fuzz: profile JSON (`addersim/profile@1`) — mutated profiles (validateProfile), random overrides
// (deriveProfile, as what-if paths use them) and `extends` files on disk (loadProfile). A profile that
// validates must schedule a small kernel to exact integer cycles with serial ≥ … ≥ 0 and cycle ≥ bound;
// otherwise one typed error naming the file and JSON path.

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { instr, loop, parseForm, type Kernel } from '../../src/isa/index.ts';
import { deriveProfile, loadProfile, PROFILES_DIR, validateProfile } from '../../src/sim/profile/loader.ts';
import type { Profile } from '../../src/sim/profile/schema.ts';
import { scheduleKernel } from '../../src/sim/schedulers/schedule.ts';
import { readFileSync } from 'node:fs';
import { cleanly, mutate, mutation, oddValue, params } from './fuzz-config.ts';

const FULL = JSON.parse(readFileSync(join(PROFILES_DIR, 'via-nano-2000.json'), 'utf8')) as Record<string, any>;
/** via-nano-2000 with a few forms only (validation cost grows with the form count), without its `absent` list
 *  (forms it lacks; test/properties/zoo-forms-coverage.test.ts covers it), so mutations land where they did. */
const KEEP = ['add.f64', 'mul.f64', 'add.f32x4', 'mul.f32x4', 'load.f64', 'store.f64', 'xor.i64', 'popcnt.i64'];
const { absent: _absent, ...NO_ABSENT } = FULL;
const SMALL: Record<string, any> = { ...NO_ABSENT, forms: Object.fromEntries(KEEP.filter((f) => f in FULL.forms).map((f) => [f, FULL.forms[f]])) };
const smallProfile = validateProfile(structuredClone(SMALL), 'small.json');

const f = (form: string, dst: string, ...src: string[]) => {
  const p = parseForm(form);
  return instr(p.op, p.type, dst, src);
};
const KERNEL: Kernel = { name: 'probe', body: [loop('i', 7, [f('load.f64', 'x'), f('mul.f64', 't', 'x', 'w'), f('add.f64', 'acc', 'acc', 't')])] };

let checked = 0;
/** A valid profile must give sane numbers on a small kernel, or a clean error naming a form it lacks. */
function checkProfile(p: Profile): void {
  const serial = cleanly(() => scheduleKernel(KERNEL, p, 'serial'), /^(profile [a-z0-9-]+: (machine|forms|ports)|kernel probe)/);
  if (!serial) return;
  const bound = scheduleKernel(KERNEL, p, 'bound');
  const cycle = cleanly(() => scheduleKernel(KERNEL, p, 'cycle'), /./);
  for (const r of [serial, bound]) expect(Number.isSafeInteger(r.cycles) && r.cycles >= 0, `${r.scheduler} ${r.cycles}`).toBe(true);
  if (cycle) expect(cycle.cycles).toBeGreaterThanOrEqual(bound.cycles);
  checked++;
}

const formKey = fc.constantFrom(...KEEP, 'add.f64', 'nosuch.f64', 'add.f33', 'add', '__proto__');
const field = fc.constantFrom(
  'latency',
  'rthroughput',
  'uops',
  'source',
  'accumulatorLatency',
  'dispatchUops',
  'latencyRange',
  'composite',
  'retireOutOfOrder',
  'typo',
);
/** What a what-if file or --set might change: a form's field, a machine number, or a stray key. */
const overrides = fc.oneof(
  fc.record({ form: formKey, field, value: oddValue }).map(({ form, field, value }) => JSON.parse(JSON.stringify({ forms: { [form]: { [field]: value } } }))),
  fc
    .record({
      key: fc.constantFrom('dispatchWidth', 'retireWidth', 'reorderBuffer', 'schedulerSize', 'loadLatency', 'issue', 'schedulerQueues'),
      value: fc.oneof(
        oddValue,
        fc.integer({ min: 0, max: 1000 }).map((v) => ({ value: v, source: 'assumption: fuzz' })),
      ),
    })
    .map(({ key, value }) => ({ machine: { [key]: value } })),
  fc
    .record({ form: fc.constantFrom(...KEEP), latency: fc.integer({ min: 0, max: 2 ** 40 }), rthroughput: fc.double({ min: 1e-3, max: 1e6, noNaN: true }) })
    .map(({ form, latency, rthroughput }) => ({ forms: { [form]: { latency, rthroughput } } })),
  fc.constant(JSON.parse('{"__proto__": {"typo": 1}}')),
  fc.constant(JSON.parse('{"forms": {"__proto__": {"latency": 1}}}')),
  oddValue,
);

describe('fuzz: profile JSON', () => {
  const dir = mkdtempSync(join(tmpdir(), 'addersim-fuzz-profile-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('mutated profiles (5,000): valid and sane, or a clean error at a JSON path', () => {
    checked = 0;
    fc.assert(
      fc.property(fc.array(mutation, { minLength: 1, maxLength: 3 }), (ms) => {
        const p = cleanly(() => validateProfile(mutate(SMALL, ms), 'p.json'), /^p\.json: /);
        if (p) checkProfile(p);
      }),
      params(5000, 21),
    );
    expect(checked).toBeGreaterThan(0);
  });

  it('random overrides (4,000) through deriveProfile: same', () => {
    checked = 0;
    fc.assert(
      fc.property(fc.array(overrides, { minLength: 1, maxLength: 3 }), (os) => {
        let p: Profile | undefined = smallProfile;
        for (const o of os) if (p) p = cleanly(() => deriveProfile(p!, o, 'over.json'), /^over\.json: /);
        if (p) checkProfile(p);
      }),
      params(4000, 22),
    );
    expect(checked).toBeGreaterThan(100);
  });

  it('a stray key anywhere in overrides (1,000), "__proto__" included, is an error naming it — never ignored', () => {
    const paths = [[], ['machine'], ['machine', 'dispatchWidth'], ['identity'], ['forms', 'add.f64'], ['forms', 'add.f64', 'uops', 0], ['memory', 0]];
    fc.assert(
      fc.property(fc.constantFrom(...paths), fc.constantFrom('__proto__', 'constructor', 'typo', 'latencyy', 'valueOf'), (path, key) => {
        let text = `{${JSON.stringify(key)}: 1}`;
        for (const k of [...path].reverse()) text = typeof k === 'number' ? `[${text}]` : `{${JSON.stringify(k)}: ${text}}`;
        const over = JSON.parse(text);
        if (path[0] === 'memory') over.memory = [{ ...structuredClone(SMALL.memory[0]), ...JSON.parse(`{${JSON.stringify(key)}: 1}`) }];
        if (path.includes('uops')) over.forms['add.f64'].uops = [{ ...SMALL.forms['add.f64'].uops[0], ...JSON.parse(`{${JSON.stringify(key)}: 1}`) }];
        let err: unknown;
        try {
          deriveProfile(smallProfile, over, 'over.json');
        } catch (e) {
          err = e;
        }
        expect(err, `${text} was accepted`).toBeDefined();
        expect((err as Error).message).toContain(key);
      }),
      params(1000, 25),
    );
  });

  it('raising a latency never lowers serial or bound (1,000)', () => {
    fc.assert(
      fc.property(fc.constantFrom('add.f64', 'mul.f64', 'load.f64'), fc.integer({ min: 1, max: 50 }), (form, more) => {
        const slower = deriveProfile(smallProfile, {
          forms: { [form]: { latency: smallProfile.forms[form]!.latency + more, accumulatorLatency: smallProfile.forms[form]!.latency + more } },
        });
        for (const s of ['serial', 'bound'] as const)
          expect(scheduleKernel(KERNEL, slower, s).cycles).toBeGreaterThanOrEqual(scheduleKernel(KERNEL, smallProfile, s).cycles);
      }),
      params(1000, 23),
    );
  });

  it('extends files on disk (400): chains, cycles, missing parents, overrides', () => {
    let n = 0;
    fc.assert(
      fc.property(
        fc.constantFrom('via-nano-2000', './base.json', './self.json', './missing.json', 'no-such-cpu', '../x.json'),
        fc.option(overrides, { nil: undefined }),
        (parent, over) => {
          const file = join(dir, `w${n++}.json`);
          writeFileSync(join(dir, 'base.json'), JSON.stringify(SMALL));
          writeFileSync(join(dir, 'self.json'), JSON.stringify({ extends: './self.json' }));
          const body = over !== null && typeof over === 'object' && !Array.isArray(over) ? over : {};
          writeFileSync(file, JSON.stringify({ ...body, extends: parent }));
          const p = cleanly(() => loadProfile(file), new RegExp(`${dir}|--cpu`));
          if (p) checkProfile(p);
        },
      ),
      params(400, 24),
    );
  });
});
