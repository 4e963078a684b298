// Scores a pipe-binding policy against the 33 silicon kernels and the interference microbenchmarks (figures in
// test/validation/experiments/interference-measured.json). Used with
// test/validation/experiments/fp-scheduler-policies.patch (applies to commit fc1df00; not part of the
// model), whose environment switches select the policy variants tried on 2026-12-03 (README, silicon section):
//   git apply test/validation/experiments/fp-scheduler-policies.patch
//   PB='{"queues":[["FP0","FP2"],["FP1","FP3"]]}' CAP=32 npx tsx scripts/score-pipe-binding.ts
// PB: machine.pipeBinding fields ('none': no binding); BINDX: first (default) | last | rot | grot | gtick | tog |
// slotall | slotfp (queue choice; slot*: by the µop's position in its dispatch cycle, among all µops or the FP ones); CAP: entries per queue; PERCYC: µops per queue per dispatch cycle; SNAP=1: counts as at the start of the
// dispatch cycle; READYFIRST=1: µops ready earlier issue first; SLOT=1: issue by lowest free entry, not age; XQ=n:
// n cycles more for a result read from the other queue; STEER=1|2|3: a µop follows its producer's queue.
// PER=1: each silicon kernel's error; RB: result-bus conflicts (below; needs experiments/result-bus-conflicts.patch).
// WB=1: a µop may not issue to an FP pipe that already writes a result back in the cycle it would (result-bus conflict).
// WBC: machine.writeBackConflicts.ports (amd-zen3 has FP0-FP3 since Session 6; 'none' turns it off). LAYERS=1: also the
// ResNet-20 conv layers of test/validation/silicon-layers.json (within 15%, AdderNet/CNN ratio; LAYERS=2 each layer).
//   WBC=none LAYERS=1 npx tsx scripts/score-pipe-binding.ts     # amd-zen3 as before Session 6

import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadProfile, parseKernelFile } from '../src/index.ts';
import { meanAbsolute, predict } from '../src/measure/index.ts';
import { machineDesc } from '../src/sim/descriptors.ts';
import type { Profile } from '../src/sim/profile/schema.ts';

const V = join(import.meta.dirname, '..', 'test', 'validation');
const p = structuredClone(loadProfile('amd-zen3')) as Profile & { machine: { pipeBinding?: unknown } };
const pb = process.env.PB;
if (pb === 'none') delete p.machine.pipeBinding;
else if (pb) p.machine.pipeBinding = { ...(p.machine.pipeBinding as object), ...JSON.parse(pb) };
// RB: machine.resultBusConflicts.ports, comma-separated (result-bus conflicts on those pipes); needs
// test/validation/experiments/result-bus-conflicts.patch (applies to d1ce2dc; not part of the model)
if (process.env.RB) {
  (p.machine as Record<string, unknown>).resultBusConflicts = { ports: process.env.RB.split(','), source: 'assumption' };
  if (!('resultBusPorts' in machineDesc(p))) throw new Error('RB needs test/validation/experiments/result-bus-conflicts.patch applied');
}
// WBC: machine.writeBackConflicts.ports, comma-separated ('none': off; the variants with rules and domains are
// test/validation/experiments/write-back-late-result.patch)
const wbc = process.env.WBC;
if (wbc === 'none') delete (p.machine as Record<string, unknown>).writeBackConflicts;
else if (wbc) (p.machine as Record<string, unknown>).writeBackConflicts = { ports: wbc.split(','), source: 'assumption' };
const cycles = (file: string) => {
  const r = predict(parseKernelFile(JSON.parse(readFileSync(file, 'utf8')), file), p, 1000);
  if (!('cycles' in r)) throw new Error(`${file}: ${r.unpredicted}`);
  return r.cycles;
};
const fixtures = JSON.parse(readFileSync(join(V, 'silicon-fixtures.json'), 'utf8')).fixtures as {
  kernel: string;
  file: string;
  measuredCyclesPerIteration: number;
  medianCyclesPerIteration: number;
}[];
const predicted = fixtures.map((f) => cycles(join(V, f.file)));
const errors = fixtures.map((f, i) => (predicted[i]! - f.measuredCyclesPerIteration) / f.measuredCyclesPerIteration);
// against the medians: the state a kernel settles in most often, where the minimum is the best one
const vsMedian = fixtures.map((f, i) => (predicted[i]! - f.medianCyclesPerIteration) / f.medianCyclesPerIteration);
const over = errors.filter((e) => Math.abs(e) > 0.05).length;
console.log(
  `silicon kernels: MAE ${(meanAbsolute(errors) * 100).toFixed(2)}%, worst ${(Math.max(...errors.map(Math.abs)) * 100).toFixed(1)}%, ${over} over 5%; against the medians MAE ${(meanAbsolute(vsMedian) * 100).toFixed(2)}%, ${vsMedian.filter((e) => Math.abs(e) > 0.05).length} over 5%`,
);
// PER=1: each kernel's error
if (process.env.PER)
  fixtures.forEach((f, i) =>
    console.log(`  ${f.kernel.padEnd(36)} ${f.measuredCyclesPerIteration.toFixed(3)} model ${predicted[i]!.toFixed(3)} ${(errors[i]! * 100).toFixed(1)}%`),
  );
const runs = JSON.parse(readFileSync(join(V, 'experiments', 'interference-measured.json'), 'utf8')).runs as {
  kernels: { kernel: string; measuredCyclesPerIteration: number; medianCyclesPerIteration: number }[];
}[];
const dir = join(V, 'experiments', 'interference');
for (const f of readdirSync(dir).sort()) {
  const name = f.replace(/\.json$/, '');
  const m = runs.map((r) => r.kernels.find((k) => k.kernel === name)!);
  const min = Math.min(...m.map((k) => k.measuredCyclesPerIteration));
  const med = m.map((k) => k.medianCyclesPerIteration.toFixed(2)).join('/');
  console.log(`  ${name.padEnd(36)} measured min ${min.toFixed(3)} medians ${med}  model ${cycles(join(dir, f)).toFixed(3)}`);
}
// the ResNet-20 int8 conv block and its variants (experiments/int8-chain/, figures in int8-chain-measured.json), and the
// write-back probes (experiments/writeback/, writeback-measured.json)
for (const [sub, figures] of [
  ['int8-chain', 'int8-chain-measured.json'],
  ['writeback', 'writeback-measured.json'],
]) {
  const more = JSON.parse(readFileSync(join(V, 'experiments', figures!), 'utf8')).runs as typeof runs;
  const moreDir = join(V, 'experiments', sub!);
  for (const f of readdirSync(moreDir).sort()) {
    const name = f.replace(/\.json$/, '');
    const m = more.map((r) => r.kernels.find((k) => k.kernel === name)!);
    const min = Math.min(...m.map((k) => k.measuredCyclesPerIteration));
    const med = m.map((k) => k.medianCyclesPerIteration.toFixed(2)).join('/');
    console.log(`  ${name.padEnd(36)} measured min ${min.toFixed(3)} medians ${med}  model ${cycles(join(moreDir, f)).toFixed(3)}`);
  }
}

// LAYERS=1: the ResNet-20 layers recorded on this Zen 3 (test/validation/silicon-layers.json) against this variant
if (process.env.LAYERS) {
  const { compareLayers } = await import('./record-silicon-layers.ts');
  const { CONV_KINDS } = await import('../src/cli/commands/measure-model.ts');
  const { rows, ratios } = await compareLayers(undefined, p);
  for (const lowering of ['simd', 'int8']) {
    const convs = rows.filter((r) => r.lowering === lowering && CONV_KINDS.includes(r.kind));
    const within = convs.filter((r) => Math.abs(r.error) <= 0.15).length;
    const byVariant = ['cnn', 'adder'].map((v) => {
      const e = convs.filter((r) => r.variant === v).map((r) => r.error * 100);
      return `${v} ${Math.min(...e).toFixed(0)}…${Math.max(...e).toFixed(0)}%`;
    });
    // LAYERS=2: each conv layer
    if (process.env.LAYERS === '2')
      for (const c of convs) console.log(`  ${lowering} ${c.variant} ${c.layer.padEnd(24)} ${c.measured} model ${c.predicted} ${(c.error * 100).toFixed(1)}%`);
    const r = ratios.find((x) => x.lowering === lowering)!;
    console.log(`layers ${lowering}: convs within 15% ${within}/${convs.length} (${byVariant.join(', ')}); AdderNet/CNN ratio ${(r.error * 100).toFixed(1)}%`);
  }
}
