// What if the multiply were faster or slower? A profile derived with an override (validated like any
// profile), then a sweep of the multiply latency 1..8 for CNN and AdderNet under the serial and cycle
// schedulers (rows in a fixed order, same bytes with any number of workers), and an invalid override
// refused with an error naming the field.
// Run: npx tsx examples/whatif-mul-latency.ts

import { AddersimError, deriveProfile, evaluate, fmtInt, loadModel, loadProfile, sweep } from 'addersim';

const nano = loadProfile('via-nano-2000');
const { graph } = await loadModel('lenet5-bn');

// One derived profile: a 2-cycle double multiply.
const fast = deriveProfile(nano, { forms: { 'mul.f64': { latency: 2 } } }, 'nano with mul.f64 latency 2');
const at2 = evaluate(graph, fast, { variant: 'cnn', convert: 'all', scheduler: 'serial', lowering: 'paper' });
console.log(`CNN, serial, mul.f64 latency 2: ${fmtInt(at2.result.cycles)} cycles`);

// The sweep: 2 variants × 2 schedulers × 8 latencies = 32 points.
const { rows } = await sweep(
  {
    models: ['lenet5-bn'],
    cpus: ['via-nano-2000'],
    variants: ['cnn', 'adder'],
    converts: ['all'],
    schedulers: ['serial', 'cycle'],
    lowerings: ['paper'],
    params: [{ path: 'forms.mul.f64.latency', values: [1, 2, 3, 4, 5, 6, 7, 8] }],
  },
  { workers: 1 },
);
console.log('\nmul.f64 latency   serial CNN  serial Adder    cycle CNN  cycle Adder');
for (let m = 1; m <= 8; m++) {
  const get = (variant: string, scheduler: string) =>
    rows.find((r) => r.variant === variant && r.scheduler === scheduler && r['forms.mul.f64.latency'] === m)!.cycles as number;
  console.log(
    `${String(m).padStart(15)} ${fmtInt(get('cnn', 'serial')).padStart(12)} ${fmtInt(get('adder', 'serial')).padStart(13)} ${fmtInt(get('cnn', 'cycle')).padStart(12)} ${fmtInt(get('adder', 'cycle')).padStart(12)}`,
  );
}

// A negative latency is not a what-if, it is an error (before any evaluation).
try {
  deriveProfile(nano, { forms: { 'mul.f64': { latency: -1 } } }, 'nano with mul.f64 latency -1');
} catch (e) {
  if (!(e instanceof AddersimError)) throw e;
  console.log(`\nrefused: [${e.code}] ${e.message}`);
}
