// Fuzz: kernel JSON (`addersim/kernel@1`) — random and mutated documents through parse → serial, bound and
// (small ones) cycle scheduling on a real profile. A result passes the invariants (exact integer cycles,
// cycle ≥ bound) or the input fails with one typed error naming the file and JSON path.

import { writeFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { OP_ARITY, parseForm, parseKernelFile, totalInstructions } from '../../src/isa/index.ts';
import { loadProfile } from '../../src/sim/profile/loader.ts';
import { scheduleKernel } from '../../src/sim/schedulers/schedule.ts';
import { cleanly, mutate, mutation, params } from './fuzz-config.ts';

const nano = loadProfile('via-nano-2000');
const FORMS = Object.keys(nano.forms);
const REGS = ['a', 'b', 'c', 'acc', 'x0', 'w0'];

type Doc = Record<string, unknown>;
const instrDoc: fc.Arbitrary<Doc> = fc
  .record({
    form: fc.oneof(fc.constantFrom(...FORMS), fc.constantFrom('add.f32x16', 'sad.u8x16', 'nop.i32', 'add.q32', 'add')),
    dst: fc.option(fc.constantFrom(...REGS), { freq: 8 }),
    src: fc.array(fc.constantFrom(...REGS), { maxLength: 3 }),
  })
  .map(({ form, dst, src }) => {
    const [op, type] = form.split('.');
    return { op, type: type ?? '', ...(dst === null ? {} : { dst }), src };
  });
const stmtDoc: fc.Arbitrary<Doc> = fc.letrec<{ stmt: Doc }>((tie) => ({
  stmt: fc.oneof(
    { maxDepth: 3, depthIdentifier: 'stmt' },
    { weight: 4, arbitrary: instrDoc },
    {
      weight: 1,
      arbitrary: fc.record({
        loop: fc.constantFrom('i', 'j', 'k'),
        trip: fc.oneof(fc.integer({ min: 0, max: 20 }), fc.constantFrom(1000, 2 ** 40, 2 ** 53 - 1)),
        body: fc.array(tie('stmt'), { minLength: 1, maxLength: 3 }),
      }),
    },
  ),
})).stmt;
const kernelDoc: fc.Arbitrary<Doc> = fc.array(stmtDoc, { minLength: 1, maxLength: 6 }).map((body) => ({ schema: 'addersim/kernel@1', name: 'fuzz', body }));

/** A valid kernel of the profile's forms: a loop of `n` instructions. */
const validKernelDoc: fc.Arbitrary<Doc> = fc
  .record({
    trip: fc.integer({ min: 1, max: 30 }),
    body: fc.array(
      fc.record({
        form: fc.constantFrom(...FORMS.filter((f) => !f.startsWith('store'))),
        dst: fc.constantFrom(...REGS),
        src: fc.array(fc.constantFrom(...REGS), { maxLength: 2 }),
      }),
      { minLength: 1, maxLength: 5 },
    ),
  })
  .map((r) => ({
    schema: 'addersim/kernel@1',
    name: 'fuzz-valid',
    body: [
      {
        loop: 'i',
        trip: r.trip,
        body: r.body.map(({ form, dst, src }) => ({
          op: form.split('.')[0],
          type: form.split('.').slice(1).join('.'),
          dst,
          src: src.slice(0, OP_ARITY[parseForm(form).op]),
        })),
      },
    ],
  }));

let scheduled = 0;
function throughKernelPipeline(doc: unknown): void {
  if (process.env.FUZZ_TRACE) writeFileSync(process.env.FUZZ_TRACE, JSON.stringify(doc));
  const k = cleanly(() => parseKernelFile(doc, 'k.json'), /^k\.json: (\(root\)|schema|name|description|body)/);
  if (!k) return;
  const serial = cleanly(() => scheduleKernel(k, nano, 'serial', { label: 'k.json' }), /^k\.json|kernel fuzz|count|cycle/);
  if (!serial) return;
  const bound = scheduleKernel(k, nano, 'bound', { label: 'k.json' });
  for (const r of [serial, bound]) {
    expect(Number.isSafeInteger(r.cycles) && r.cycles >= 0).toBe(true);
    expect(Number.isSafeInteger(r.instructions) && Number.isSafeInteger(r.uops)).toBe(true);
  }
  if (totalInstructions(k.body) <= 3000) {
    const cyc = scheduleKernel(k, nano, 'cycle', { label: 'k.json' });
    expect(cyc.cycles).toBeGreaterThanOrEqual(bound.cycles);
    expect(cyc.instructions).toBe(bound.instructions);
  }
  scheduled++;
}

describe('fuzz: kernel JSON', () => {
  it('random documents (4,000): schedules that pass the invariants, or a clean error at a JSON path', () => {
    scheduled = 0;
    fc.assert(
      fc.property(kernelDoc, (doc) => throughKernelPipeline(doc)),
      params(4000, 11),
    );
    expect(scheduled).toBeGreaterThan(50);
  });
  it('mutated valid documents (5,000): same', () => {
    fc.assert(
      fc.property(validKernelDoc, fc.array(mutation, { minLength: 1, maxLength: 3 }), (doc, ms) => throughKernelPipeline(mutate(doc, ms))),
      params(5000, 12),
    );
  });
  it('valid documents (1,000) always schedule, cycle ≥ bound', () => {
    scheduled = 0;
    fc.assert(
      fc.property(validKernelDoc, (doc) => throughKernelPipeline(doc)),
      params(1000, 13),
    );
    expect(scheduled).toBe(Math.max(1, Math.round(1000 * Number(process.env.FUZZ_SCALE ?? 1))));
  });
});
