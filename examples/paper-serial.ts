// The AdderNet paper's LeNet-5 latency claim through the library API: on a VIA Nano 2000 (mul 4, add 2
// cycles: the x87/SSE2 double rows) 435K mul + 435K add = 2.61M cycles as a CNN, 870K add = 1.74M cycles
// as an AdderNet — the serial model, Σ count × latency. Then the same model on the zoo's LeNet-5-BN graph.
// Run: npx tsx examples/paper-serial.ts

import { evaluate, fmtInt, inferShapes, loadModel, loadProfile, opTable, serialFromCounts, applyVariant } from 'addersim';

const nano = loadProfile('via-nano-2000');

// 1. The paper's own counts (its LeNet-5 has 435K MACs), priced with the profile's f64 latencies.
const cnn = serialFromCounts({ mul: 435_000, add: 435_000 }, nano, { dtype: 'f64' });
const adder = serialFromCounts({ add: 870_000 }, nano, { dtype: 'f64' });
console.log(`paper counts, serial on ${nano.name}:`);
for (const t of cnn.terms) console.log(`  CNN    ${t.form.padEnd(8)} ${fmtInt(t.count).padStart(9)} × ${t.latencyCycles} = ${fmtInt(t.cycles)}`);
for (const t of adder.terms) console.log(`  Adder  ${t.form.padEnd(8)} ${fmtInt(t.count).padStart(9)} × ${t.latencyCycles} = ${fmtInt(t.cycles)}`);
console.log(`CNN cycles: ${fmtInt(cnn.cycles)}`);
console.log(`AdderNet cycles: ${fmtInt(adder.cycles)}`);

// 2. The zoo's LeNet-5-BN (416,520 conv + FC MACs): op table in the paper's convention, then the full
//    pipeline (variant → paper lowering → serial scheduler). AdderNet sub.f64 costs 2 like add.f64.
const { graph } = await loadModel('lenet5-bn');
const adderGraph = inferShapes(applyVariant(graph, 'adder', 'all'), graph.name);
console.log(
  `\nlenet5-bn MACs: ${fmtInt(opTable(graph, 'paper').macs)}; AdderNet adds (paper convention): ${fmtInt(opTable(adderGraph, 'paper').totals.add ?? 0)}`,
);
for (const variant of ['cnn', 'adder'] as const) {
  const e = evaluate(graph, nano, { variant, convert: 'all', scheduler: 'serial', lowering: 'paper' });
  console.log(`lenet5-bn ${variant} serial cycles: ${fmtInt(e.result.cycles)}`);
}
