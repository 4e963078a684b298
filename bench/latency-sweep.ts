// A quick look at the cycle model's latency sweep (issue #19 item 2): resnet50, cnn scalar, intel-skylake,
// each point afresh; prints ms and simulated instructions per point, and the worst layers of chosen points.
// usage: npx tsx bench/latency-sweep.ts [lat,lat,… | a..b] [--layers]
import { deriveWith, evaluate, loadModel, loadProfile } from '../src/index.ts';

const arg = process.argv[2] ?? '1..64';
const lats = arg.includes('..')
  ? (() => {
      const [a, b] = arg.split('..').map(Number);
      return Array.from({ length: b! - a! + 1 }, (_, i) => a! + i);
    })()
  : arg.split(',').map(Number);
const showLayers = process.argv.includes('--layers');
const { graph } = await loadModel('resnet50');
const base = loadProfile('intel-skylake');
// warm-up
evaluate(graph, deriveWith(base, [{ path: 'forms.add.f32.latency', value: 4 }]), { variant: 'cnn', scheduler: 'cycle', lowering: 'scalar' });
const rows: { lat: number; ms: number; sim: number }[] = [];
for (const latency of lats) {
  const p = deriveWith(base, [{ path: 'forms.add.f32.latency', value: latency }]);
  const c0 = process.cpuUsage();
  const e = evaluate(graph, p, { variant: 'cnn', scheduler: 'cycle', lowering: 'scalar' });
  const c1 = process.cpuUsage(c0);
  const dt = (c1.user + c1.system) / 1000; // CPU time: wall time on this shared VM varies 2-3x with the load
  const seen = new Set<unknown>();
  let sim = 0;
  const per: { name: string; sim: number }[] = [];
  for (const l of e.result.layers)
    if (l.extrapolation && !seen.has(l.extrapolation)) {
      seen.add(l.extrapolation);
      sim += l.extrapolation.simulatedInstructions ?? 0;
      per.push({ name: l.layer, sim: l.extrapolation.simulatedInstructions ?? 0 });
    }
  rows.push({ lat: latency, ms: dt, sim });
  console.log(`lat ${latency}: ${dt.toFixed(0)} ms CPU, simulated ${sim}, cycles ${e.result.cycles}`);
  if (showLayers) for (const x of per.sort((a, b) => b.sim - a.sim).slice(0, 6)) console.log(`   ${x.name}: ${x.sim}`);
}
const ms = rows.map((r) => r.ms).sort((a, b) => a - b);
const med = ms[Math.floor(ms.length / 2)]!;
const worst = rows.reduce((a, b) => (b.ms > a.ms ? b : a));
console.log(`median ${med.toFixed(0)} ms; worst ${worst.ms.toFixed(0)} ms at ${worst.lat} = ${(worst.ms / med).toFixed(2)}x`);
