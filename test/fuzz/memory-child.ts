// Child of memory.test.ts: generates hostile-sized inputs around every budget (fast-check, seed argv[2], argv[3]
// runs), runs each through the CLI in this process and prints one JSON line per case. Run under a heap limit:
// an input that escaped its budget kills this process (out of memory), which the parent reports.

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { main } from '../../src/cli/main.ts';
import type { Io } from '../../src/cli/io.ts';
import { buildModel, type NodeSpec } from '../models/onnx/build-model.ts';

const [seed, runs] = process.argv.slice(2).map(Number) as [number, number];
const dir = mkdtempSync(join(tmpdir(), 'addersim-mem-'));
const near = (n: number) => fc.integer({ min: n - 3, max: n + 3 });

const kernelCase = fc
  .record({
    depth: fc.oneof(fc.integer({ min: 0, max: 8 }), near(64)),
    width: fc.oneof(fc.integer({ min: 1, max: 40 }), near(100_000)),
    trip: fc.oneof(fc.integer({ min: 0, max: 5 }), fc.constant(2 ** 40)),
    regs: fc.integer({ min: 1, max: 300 }),
    scheduler: fc.constantFrom('serial', 'bound', 'cycle'),
  })
  .map((k) => {
    let body: unknown[] = Array.from({ length: k.width }, (_, i) => ({
      op: 'add',
      type: 'f64',
      dst: `r${i % k.regs}`,
      src: [`r${(i * 7 + 1) % k.regs}`, 'x'],
    }));
    for (let d = 0; d < k.depth; d++) body = [{ loop: `l${d}`, trip: d === 0 ? k.trip : 2, body }];
    const file = join(dir, 'k.json');
    return {
      what: `kernel depth ${k.depth} width ${k.width} trip ${k.trip} regs ${k.regs} ${k.scheduler}`,
      files: { [file]: JSON.stringify({ schema: 'addersim/kernel@1', name: 'k', body }) },
      argv: ['kernel', file, '--cpu', 'via-nano-2000', '--scheduler', k.scheduler, '--json'],
    };
  });

const onnxCase = fc
  .record({
    fanout: fc.oneof(fc.integer({ min: 1, max: 30 }), near(10_000)),
    chain: fc.integer({ min: 0, max: 800 }),
    foldElements: fc.oneof(fc.integer({ min: 1, max: 64 }), fc.constant(1 << 20)),
    foldAdds: fc.integer({ min: 0, max: 40 }),
  })
  .map((o) => {
    const nodes: NodeSpec[] = Array.from({ length: o.fanout }, (_, i) => ({ op: 'Relu', in: ['x'], out: [`f${i}`] }));
    nodes.push({ op: 'ConstantOfShape', in: ['n'], out: ['c'] });
    let prev = 'c';
    for (let i = 0; i < o.foldAdds; i++) nodes.push({ op: 'Add', in: [prev, 'c'], out: [`a${i}`] }), (prev = `a${i}`);
    nodes.push({ op: 'ReduceMax', in: [prev], out: ['m'], attrs: { keepdims: 1 } }, { op: 'Cast', in: ['m'], out: ['mi'], attrs: { to: 7 } });
    prev = 's0';
    for (let i = 1; i <= o.chain; i++) nodes.push({ op: 'Add', in: [prev, 'zero'], out: [`s${i}`] }), (prev = `s${i}`);
    nodes.push({ op: 'Mul', in: [prev, 'mi'], out: ['shape'] }, { op: 'Reshape', in: ['f0', 'shape'], out: ['r'] }, { op: 'Relu', in: ['r'], out: ['y'] });
    const file = join(dir, 'm.onnx');
    const bytes = buildModel({
      input: { name: 'x', dims: [1, 4] },
      inits: { n: { dims: [1], int64: [o.foldElements] }, s0: { dims: [2], int64: [1, 4] }, zero: { dims: [2], int64: [0, 0] } },
      nodes,
      outputs: ['y'],
    });
    return {
      what: `onnx fanout ${o.fanout} chain ${o.chain} fold ${o.foldAdds}×${o.foldElements}`,
      files: { [file]: bytes },
      argv: ['ops', file, '--allow-unknown'],
    };
  });

const profileCase = fc
  .record({
    rob: fc.oneof(fc.integer({ min: 1, max: 600 }), near(4096), fc.constant(100_000)),
    sched: fc.oneof(fc.integer({ min: 1, max: 600 }), near(4096)),
    width: fc.integer({ min: 1, max: 70 }),
  })
  .map((m) => {
    const file = join(dir, 'p.json');
    const n = (value: number) => ({ value, source: 'assumption: memory fuzz' });
    const profile = {
      extends: 'via-nano-2000',
      name: 'fuzz',
      machine: { reorderBuffer: n(m.rob), schedulerSize: n(m.sched), dispatchWidth: n(m.width), retireWidth: n(m.width) },
    };
    return {
      what: `machine rob ${m.rob} sched ${m.sched} width ${m.width}`,
      files: { [file]: JSON.stringify(profile) },
      argv: ['latency', 'lenet5-bn', '--cpu', file, '--scheduler', 'cycle', '--lowering', 'simd', '--json'],
    };
  });

const cases = fc.sample(fc.oneof(kernelCase, onnxCase, profileCase), { seed, numRuns: runs });
const io: Io = { out: () => {}, err: (t) => void (last = t), isTTY: false };
let last = '';
for (const c of cases) {
  for (const [f, data] of Object.entries(c.files)) writeFileSync(f, data);
  last = '';
  const started = Date.now();
  const code = await main(c.argv, io);
  process.stdout.write(
    `${JSON.stringify({ what: c.what, code, ms: Date.now() - started, heapMB: Math.round(process.memoryUsage().heapUsed / 2 ** 20), err: last.trim() })}\n`,
  );
}
rmSync(dir, { recursive: true, force: true });
