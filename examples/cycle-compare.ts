// CNN vs AdderNet on the VIA Nano 2000 with a faithful machine model instead of Σ count × latency:
// the same LeNet-5-BN through the serial, bound and cycle schedulers, with the paper lowering (conv/FC
// arithmetic in scalar f64) and the scalar lowering (every layer, f32), plus energy (Horowitz 45 nm,
// paper view). On the Nano the AdderNet inner loop puts sub and add on the one FP-add unit where the
// CNN spreads mul and add over two units, so the pipelined machine erases the serial model's advantage.
// Run: npx tsx examples/cycle-compare.ts

import { energyOfProgram, evaluate, fmtEnergy, fmtInt, fmtRatio, loadEnergyTable, loadModel, loadProfile } from 'addersim';

const nano = loadProfile('via-nano-2000');
const table = loadEnergyTable('horowitz-45nm');
const { graph } = await loadModel('lenet5-bn');

console.log(`lenet5-bn on ${nano.name} (convert inner: first conv and last FC stay multiplicative)`);
console.log('lowering  scheduler         CNN    AdderNet  AdderNet/CNN');
for (const lowering of ['paper', 'scalar'] as const) {
  for (const scheduler of ['serial', 'bound', 'cycle'] as const) {
    const c = evaluate(graph, nano, { variant: 'cnn', scheduler, lowering });
    const a = evaluate(graph, nano, { variant: 'adder', scheduler, lowering });
    console.log(
      `${lowering.padEnd(8)}  ${scheduler.padEnd(9)} ${fmtInt(c.result.cycles).padStart(11)} ${fmtInt(a.result.cycles).padStart(11)}  ${fmtRatio(a.result.cycles / c.result.cycles).padStart(12)}`,
    );
  }
}

// Where the cycles go on the cycle model: the per-layer bottleneck the analytic bound reports.
const cyc = evaluate(graph, nano, { variant: 'adder', scheduler: 'cycle', lowering: 'paper' });
const top = [...cyc.result.layers].sort((x, y) => y.cycles - x.cycles)[0]!;
console.log(`\nAdderNet, cycle model: largest layer ${top.layer} ${fmtInt(top.cycles)} cycles, bottleneck ${top.bottleneck}`);
for (const n of cyc.result.notes) console.log(`note: ${n}`);

// Energy of the two programs (arithmetic only, the paper's convention).
for (const variant of ['cnn', 'adder'] as const) {
  const e = evaluate(graph, nano, { variant, scheduler: 'serial', lowering: 'paper' });
  console.log(`energy ${variant.padEnd(5)} ${fmtEnergy(energyOfProgram(e.program, table, { view: 'paper' }).energyPJ)}`);
}
