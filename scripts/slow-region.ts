// `npx tsx scripts/slow-region.ts [latency] [channels]`: the measurements behind docs/cycle-model.md,
// "Long latencies". Simulates resnet50's layer3.0.conv3.bn (CNN, scalar, intel-skylake, the f32 add
// latency set) in full, the channel loop cut or extended to `channels` (default 3000), writes the whole
// machine state at every crossing of the inner loop and reports:
//   - channel starts: the first channel whose start state was seen at an earlier channel start (the
//     cycle of channel-start states), and how many distinct ones came before;
//   - within a channel: per channel the first iteration whose state recurs later in the same channel,
//     and at which lag;
//   - across channels: per channel the first iteration whose state an earlier channel passed through,
//     and the offset between the two iteration indexes.
// States are compared by hash here (a collision could only blur these counts, never a result).
import { deriveWith, loadModel, loadProfile } from '../src/index.ts';
import { hashKey } from '../src/sim/cycle/extrapolation/hashing.ts';
import { assemblePipeline } from '../src/sim/cycle/pipeline.ts';
import { StateBuf } from '../src/sim/cycle/state-buf.ts';
import { compileKernel } from '../src/sim/cycle/static-program.ts';
import { machineDesc } from '../src/sim/descriptors.ts';
import { lowerFor } from '../src/whatif/evaluate.ts';

const latency = Number(process.argv[2] ?? 60);
const channels = Number(process.argv[3] ?? 3000);
const { graph } = await loadModel('resnet50');
const p = deriveWith(loadProfile('intel-skylake'), [{ path: 'forms.add.f32.latency', value: latency }]);
const k0 = lowerFor(graph, p, { variant: 'cnn', scheduler: 'cycle', lowering: 'scalar' }).program.kernels.find((k) => k.layer === 'layer3.0.conv3.bn')!;
const c = k0.body[0]!;
if (c.kind !== 'loop') throw new Error('expected the channel loop');
const { step, busy, machine, stream } = assemblePipeline(compileKernel({ ...k0, body: [{ ...c, trip: channels }] }, p), machineDesc(p));

const buf = new StateBuf();
const starts = new Map<number, { ch: number; cycle: number }>();
let cycleFound = '';
const everSeen = new Map<number, { ch: number; i: number }>(); // first sighting of a state, any channel
let inChannel = new Map<number, number>(); // this channel's states → iteration
const within: { a: number; lag: number }[] = [];
const across: { i: number; offset: number }[] = [];
let ch = -1;
let withinDone = false;
let acrossDone = false;
let neverWithin = 0;
let neverAcross = 0;
let last = '';
const count = (xs: number[]) => [...xs.reduce((m, x) => m.set(x, (m.get(x) ?? 0) + 1), new Map<number, number>())].sort((a, b) => b[1] - a[1]);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
for (let now = 0; ; now++) {
  const fs = stream.frames;
  if (stream.peek() !== null && fs.length > 2 && `${fs[1]!.iter}.${fs[2]!.iter}` !== last) {
    last = `${fs[1]!.iter}.${fs[2]!.iter}`;
    const i = fs[2]!.iter;
    if (fs[1]!.iter !== ch) {
      if (ch >= 0 && ch < 1024) (neverWithin += withinDone ? 0 : 1), (neverAcross += acrossDone ? 0 : 1);
      ch = fs[1]!.iter;
      inChannel = new Map();
      withinDone = acrossDone = false;
      buf.reset();
      machine.write(now, buf);
      stream.writePosition(1, buf);
      const h = hashKey(buf.a, buf.n);
      const s = starts.get(h);
      if (s && !cycleFound)
        cycleFound = `channel ${ch} starts as channel ${s.ch} did: a cycle of ${ch - s.ch} channels, ${now - s.cycle} cycles; ${starts.size} distinct channel starts before it`;
      if (!s) starts.set(h, { ch, cycle: now });
    }
    buf.reset();
    machine.write(now, buf);
    stream.writePosition(2, buf);
    const h = hashKey(buf.a, buf.n);
    if (ch < 1024) {
      const a = inChannel.get(h);
      if (a !== undefined && !withinDone) (withinDone = true), within.push({ a, lag: i - a });
      if (a === undefined) inChannel.set(h, i);
      const e = everSeen.get(h);
      if (e && e.ch !== ch && !acrossDone) (acrossDone = true), across.push({ i, offset: i - e.i });
      if (!e) everSeen.set(h, { ch, i });
    }
  }
  step(now);
  if (stream.peek() === null && !busy()) break;
}
const n = Math.min(channels, 1024);
console.log(`layer3.0.conv3.bn, add latency ${latency}, ${channels} channels × ${c.body.find((s) => s.kind === 'loop')?.trip} iterations, simulated in full`);
console.log(`channel starts: ${cycleFound || `no start repeats in ${channels} channels`}`);
console.log(
  `within a channel (first ${n}): ${n - neverWithin} reach a repeating state, at iteration ${median(within.map((w) => w.a))} (median); lags ${JSON.stringify(count(within.map((w) => w.lag)).slice(0, 4))}`,
);
console.log(
  `across channels (first ${n}): ${n - neverAcross} meet an earlier channel's state, at iteration ${median(across.map((w) => w.i))} (median); offsets ${JSON.stringify(count(across.map((w) => w.offset)).slice(0, 6))}`,
);
