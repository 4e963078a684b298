// Hand-made profiles and kernels for the scheduler tests (a 1-port machine etc.), validated like real ones.

import fc from 'fast-check';
import { expect } from 'vitest';
import { instr, loop, parseForm, type Kernel, type Stmt } from '../../src/isa/index.ts';
import { validateProfile } from '../../src/sim/profile/loader.ts';
import type { Profile } from '../../src/sim/profile/schema.ts';
import type { MachineDesc } from '../../src/sim/descriptors.ts';
import { assemblePipeline } from '../../src/sim/cycle/pipeline.ts';
import { StateBuf } from '../../src/sim/cycle/state-buf.ts';
import type { StaticProgram } from '../../src/sim/cycle/static-program.ts';

export interface FormSpec {
  readonly latency: number;
  readonly uops: readonly { readonly ports: readonly string[]; readonly cycles?: number }[];
  readonly accumulatorLatency?: number;
  readonly retireOutOfOrder?: boolean;
  readonly dispatchUops?: number;
  /** Split into a chain composite: part 0 takes the first µop and `firstLatency` cycles, part 1 the rest. */
  readonly chainFirstLatency?: number;
  /** Operand forwarding through any source (profile `readAdvance`). */
  readonly readAdvance?: number;
  /** A parallel composite: one part per µop, each with the form's latency. */
  readonly parallel?: boolean;
}

export interface MachineSpec {
  readonly ports: readonly string[];
  readonly forms: Readonly<Record<string, FormSpec>>;
  readonly dispatchWidth?: number;
  readonly retireWidth?: number;
  readonly reorderBuffer?: number;
  readonly schedulerSize?: number;
  readonly issue?: 'out-of-order' | 'in-order';
  readonly name?: string;
  /** Default aarch64: on x86 the schedulers add the emitter's register copies before destructive integer
   *  ops (src/isa/x86-copies.ts), which would change the hand-counted cycles of these abstract machines. */
  readonly isa?: 'x86' | 'aarch64';
}

const A = 'assumption: hand-made test machine';

export function makeProfile(s: MachineSpec): Profile {
  const n = (value: number) => ({ value, source: A });
  return validateProfile(
    {
      schema: 'addersim/profile@1',
      name: s.name ?? 'test-machine',
      description: 'test machine',
      identity: { vendor: 'test', model: 'test', microarchitecture: 'test', isa: s.isa ?? 'aarch64', clockGHz: n(1) },
      machine: {
        issue: s.issue ?? 'out-of-order',
        issueSource: A,
        dispatchWidth: n(s.dispatchWidth ?? 4),
        retireWidth: n(s.retireWidth ?? 4),
        reorderBuffer: n(s.reorderBuffer ?? 64),
        schedulerSize: n(s.schedulerSize ?? 32),
        loadLatency: n(4),
      },
      ports: Object.fromEntries(s.ports.map((p) => [p, 'test port'])),
      forms: Object.fromEntries(
        Object.entries(s.forms).map(([f, t]) => [
          f,
          {
            latency: t.latency,
            rthroughput: 1,
            uops: t.uops.map((u) => ({ ports: [...u.ports], cycles: u.cycles ?? 1 })),
            source: A,
            ...(t.accumulatorLatency === undefined ? {} : { accumulatorLatency: t.accumulatorLatency }),
            ...(t.retireOutOfOrder ? { retireOutOfOrder: true } : {}),
            ...(t.dispatchUops === undefined ? {} : { dispatchUops: t.dispatchUops }),
            ...(t.readAdvance === undefined ? {} : { readAdvance: t.readAdvance }),
            ...(t.parallel && t.uops.length >= 2
              ? {
                  composite: {
                    combine: 'parallel',
                    parts: t.uops.map((u, k) => ({ instruction: `part${k}`, latency: t.latency, uops: [{ ports: [...u.ports], cycles: u.cycles ?? 1 }] })),
                  },
                }
              : {}),
            ...(t.chainFirstLatency === undefined || t.uops.length < 2
              ? {}
              : {
                  composite: {
                    combine: 'chain',
                    parts: [
                      {
                        instruction: 'part0',
                        latency: t.chainFirstLatency,
                        uops: t.uops.slice(0, 1).map((u) => ({ ports: [...u.ports], cycles: u.cycles ?? 1 })),
                      },
                      {
                        instruction: 'part1',
                        latency: t.latency - t.chainFirstLatency,
                        uops: t.uops.slice(1).map((u) => ({ ports: [...u.ports], cycles: u.cycles ?? 1 })),
                      },
                    ],
                  },
                }),
          },
        ]),
      ),
      memory: [],
      energy: 'none',
    },
    `<test ${s.name ?? 'machine'}>`,
  );
}

/** `i('add.f32', 'acc', 'acc', 'x')` */
export function i(form: string, dst: string | undefined, ...src: string[]): Stmt {
  const f = parseForm(form);
  return instr(f.op, f.type, dst, src);
}

export function kernel(name: string, body: readonly Stmt[]): Kernel {
  return { name, body };
}

export function loopK(name: string, trip: number, body: readonly Stmt[]): Kernel {
  return { name, body: [loop('it', trip, body)] };
}

// ---- random machines and kernels (fast-check) ----

/** Forms used by random kernels: arity 1 and 2 ops on one type. */
export const RANDOM_FORMS = ['add.i32', 'sub.i32', 'mul.i32', 'abs.i32', 'xor.i32', 'popcnt.i32', 'load.i32', 'fma.f32'] as const;
const ARITY: Record<string, number> = { 'add.i32': 2, 'sub.i32': 2, 'mul.i32': 2, 'abs.i32': 1, 'xor.i32': 2, 'popcnt.i32': 1, 'load.i32': 0, 'fma.f32': 3 };

/** Machines whose every form has latency ≥ Σ busy cycles and ≥ µops (so serial ≥ bound holds). */
export function arbMachine(opts: { issue?: 'out-of-order' | 'in-order' | 'any'; pipelined?: boolean } = {}): fc.Arbitrary<Profile> {
  return fc
    .record({
      nPorts: fc.integer({ min: 1, max: 5 }),
      width: fc.integer({ min: 1, max: 6 }),
      retire: fc.integer({ min: 1, max: 6 }),
      rob: fc.integer({ min: 4, max: 48 }),
      rs: fc.integer({ min: 2, max: 24 }),
      inorder: opts.issue === 'any' ? fc.boolean() : fc.constant(opts.issue === 'in-order'),
      forms: fc.array(
        fc.record({
          latency: fc.integer({ min: 1, max: 7 }),
          uops: fc.array(fc.record({ ports: fc.integer({ min: 1, max: 31 }), cycles: fc.integer({ min: 1, max: opts.pipelined ? 1 : 3 }) }), {
            minLength: 1,
            maxLength: opts.pipelined ? 1 : 3,
          }),
          // profile refinements (forwarding, out-of-order write-back, dispatch µops, chain composites)
          acc: fc.option(fc.integer({ min: 0, max: 7 }), { nil: undefined }),
          ooo: fc.boolean(),
          dispatchUops: fc.option(fc.integer({ min: 1, max: 3 }), { nil: undefined }),
          chain: fc.option(fc.integer({ min: 0, max: 7 }), { nil: undefined }),
          adv: fc.option(fc.integer({ min: 1, max: 4 }), { nil: undefined }),
          parallel: fc.boolean(),
        }),
        { minLength: RANDOM_FORMS.length, maxLength: RANDOM_FORMS.length },
      ),
    })
    .map((r) => {
      const ports = Array.from({ length: r.nPorts }, (_, k) => `P${k}`);
      const forms: Record<string, FormSpec> = {};
      RANDOM_FORMS.forEach((f, k) => {
        const spec = r.forms[k]!;
        const uops = spec.uops.map((u) => {
          const ps = ports.filter((_, j) => u.ports & (1 << j));
          return { ports: ps.length ? ps : [ports[u.ports % ports.length]!], cycles: u.cycles };
        });
        const busy = uops.reduce((s, u) => s + u.cycles, 0);
        const latency = Math.max(spec.latency, busy, uops.length, spec.dispatchUops ?? 0);
        const extras = opts.pipelined
          ? {}
          : {
              ...(spec.acc === undefined ? {} : { accumulatorLatency: Math.min(spec.acc, latency) }),
              ...(spec.ooo ? { retireOutOfOrder: true } : {}),
              ...(spec.dispatchUops === undefined ? {} : { dispatchUops: spec.dispatchUops }),
              ...(spec.adv === undefined ? {} : { readAdvance: spec.adv }),
              ...(spec.parallel && spec.chain === undefined && spec.dispatchUops === undefined && uops.length >= 2 ? { parallel: true } : {}),
              // a chain composite whose parts each have latency ≥ their busy cycles (as real instructions do)
              ...(spec.chain === undefined || uops.length < 2 || spec.dispatchUops !== undefined || latency < busy
                ? {}
                : { chainFirstLatency: Math.min(Math.max(spec.chain, uops[0]!.cycles), latency - (busy - uops[0]!.cycles)) }),
            };
        forms[f] = { latency, uops, ...extras };
      });
      return makeProfile({
        ports,
        forms,
        dispatchWidth: r.width,
        retireWidth: r.retire,
        reorderBuffer: r.rob,
        schedulerSize: Math.min(r.rs, r.rob),
        issue: r.inorder ? 'in-order' : 'out-of-order',
        name: 'random-machine',
      });
    });
}

const REGS = ['a', 'b', 'c', 'd', 'e'];

export function arbBody(maxLen = 6): fc.Arbitrary<Stmt[]> {
  return fc.array(
    fc
      .record({
        form: fc.constantFrom(...RANDOM_FORMS),
        dst: fc.constantFrom(...REGS),
        src: fc.array(fc.constantFrom(...REGS, 'w'), { minLength: 3, maxLength: 3 }),
      })
      .map((r) => i(r.form, r.dst, ...r.src.slice(0, ARITY[r.form]!))),
    { minLength: 1, maxLength: maxLen },
  );
}

/** A random loop nest: an outer loop whose body has instructions around an inner loop. */
export function arbNest(): fc.Arbitrary<Kernel> {
  return fc
    .record({
      pre: fc.array(arbBody(2), { maxLength: 1 }),
      inner: arbBody(4),
      post: fc.array(arbBody(2), { maxLength: 1 }),
      outerTrip: fc.integer({ min: 0, max: 12 }),
      innerTrip: fc.integer({ min: 0, max: 40 }),
    })
    .map((r) => ({ name: 'random-nest', body: [loop('o', r.outerTrip, [...r.pre.flat(), loop('k', r.innerTrip, r.inner), ...r.post.flat()])] }));
}

/**
 * Runs `prog` on a pipeline whose machine writes its state every 7th cycle, is rebuilt from it, and must
 * write the same words again (the round trip of machine-state.ts's contract); returns the pipeline, run to
 * the end, for its statistics.
 */
export function runRebuilding(prog: StaticProgram, m: MachineDesc): ReturnType<typeof assemblePipeline> {
  const pipe = assemblePipeline(prog, m);
  for (let now = 0; ; now++) {
    if (now % 7 === 6) {
      const b = new StateBuf();
      pipe.machine.write(now, b);
      const s = Int32Array.from(b.a.slice(0, b.n));
      expect(pipe.machine.restore(now, s, 0)).toBe(s.length);
      const b2 = new StateBuf();
      pipe.machine.write(now, b2);
      expect([...b2.a.slice(0, b2.n)]).toEqual([...s]);
    }
    pipe.step(now);
    if (pipe.stream.peek() === null && !pipe.busy()) break;
  }
  return pipe;
}
