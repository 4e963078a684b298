// At which multiply latency does the AdderNet stop winning? The tie point of CNN and AdderNet cycles on
// the VIA Nano 2000 for LeNet-5-BN, by bracketing and integer bisection, under the serial model (hand
// computation: CNN = MACs·(m + 2), AdderNet = MACs·(2 + 2), so m = 2) and under the cycle model.
// Run: npx tsx examples/crossover.ts

import { crossover, fmtInt } from 'addersim';

for (const scheduler of ['serial', 'cycle'] as const) {
  const r = await crossover({
    model: 'lenet5-bn',
    cpu: 'via-nano-2000',
    param: 'forms.mul.f64.latency',
    lo: 1,
    hi: 64,
    a: 'cnn',
    b: 'adder',
    scheduler,
    lowering: 'paper',
    convert: 'all',
  });
  const what = !r.found ? 'no crossover in 1..64' : r.exact ? `tie at ${r.value}` : `crossing between ${r.bracket![0]} and ${r.bracket![1]}`;
  console.log(`${scheduler}: ${what} (${r.curve.length} values evaluated)`);
  for (const c of r.curve)
    console.log(`  m=${String(c.value).padStart(2)}  cnn ${fmtInt(c.a).padStart(11)}  adder ${fmtInt(c.b).padStart(11)}  cnn−adder ${fmtInt(c.diff)}`);
}
