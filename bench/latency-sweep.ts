// A quick look at the cycle model's latency sweep (issue #19 item 2): resnet50, cnn scalar, intel-skylake,
// each point afresh; prints CPU ms and simulated instructions per point, and the worst layers of chosen points.
// With `--rounds N` the whole list runs N times, interleaved, and each point keeps its minimum (the VM is
// shared: CPU time of one run varies by 20–50%); the load average is printed before and after.
// usage: npx tsx bench/latency-sweep.ts [lat,lat,… | a..b] [--layers] [--rounds N]
import { loadavg } from 'node:os';
import { deriveWith, evaluate, loadModel, loadProfile } from '../src/index.ts';

const arg = process.argv[2] ?? '1..64';
const lats = arg.includes('..')
  ? (() => {
      const [a, b] = arg.split('..').map(Number);
      return Array.from({ length: b! - a! + 1 }, (_, i) => a! + i);
    })()
  : arg.split(',').map(Number);
const showLayers = process.argv.includes('--layers');
const roundsAt = process.argv.indexOf('--rounds');
const rounds = roundsAt > 0 ? Number(process.argv[roundsAt + 1]) : 1;
const load = () =>
  loadavg()
    .map((x) => x.toFixed(2))
    .join(' ');
console.log(`load average ${load()}`);
const { graph } = await loadModel('resnet50');
const base = loadProfile('intel-skylake');
// warm-up
evaluate(graph, deriveWith(base, [{ path: 'forms.add.f32.latency', value: 4 }]), { variant: 'cnn', scheduler: 'cycle', lowering: 'scalar' });
const rows = new Map<number, { lat: number; ms: number; sim: number }>();
for (let round = 0; round < rounds; round++) {
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
    const row = rows.get(latency);
    if (!row || dt < row.ms) rows.set(latency, { lat: latency, ms: dt, sim });
    console.log(`lat ${latency}: ${dt.toFixed(0)} ms CPU, simulated ${sim}, cycles ${e.result.cycles}`);
    if (showLayers && round === 0) for (const x of per.sort((a, b) => b.sim - a.sim).slice(0, 6)) console.log(`   ${x.name}: ${x.sim}`);
  }
}
const ms = [...rows.values()].map((r) => r.ms).sort((a, b) => a - b);
const med = ms[Math.floor(ms.length / 2)]!;
const worst = [...rows.values()].reduce((a, b) => (b.ms > a.ms ? b : a));
const total = ms.reduce((a, b) => a + b, 0);
console.log(`load average ${load()}`);
console.log(
  `${rounds > 1 ? `min of ${rounds} per point: ` : ''}median ${med.toFixed(0)} ms; worst ${worst.ms.toFixed(0)} ms at ${worst.lat} = ${(worst.ms / med).toFixed(2)}x; all points ${total.toFixed(0)} ms`,
);
