// Streaming through the memory hierarchy on this host with `addersim measure MODEL`'s layer harness: a ReLU-like
// loop (32-byte load, max, 32-byte store) and a load-only sum over buffers from 8 KB to 8 MB, in core cycles per
// 32-byte iteration beside amd-zen3's prediction (which has no memory levels: every size at its L1 rate).
//   npx tsx scripts/measure-streams.ts          (x86-64 Linux with cc; a few seconds)
//   relu 64KB in + 64KB out   2.075 cycles per 32 B   amd-zen3 1.006
// The figures in test/validation/README.md ("Memory") come from this script.

import { instr, loop, vector, type Kernel, type Program } from '../src/isa/index.ts';
import { describeHost, measureProgram, readHost } from '../src/measure/index.ts';
import type { ShapedGraph } from '../src/models/graph.ts';
import { loadProfile } from '../src/sim/profile/loader.ts';

export const SIZES_KB = [8, 16, 24, 64, 128, 256, 512, 2048, 8192];

export function streamKernels(): { kernel: Kernel; iterations: number }[] {
  const t = vector('f32', 8);
  return SIZES_KB.flatMap((kb) => {
    const n = (kb * 1024) / 32;
    const relu = [instr('load', t, 'r'), instr('max', t, 'r', ['r', 'c']), instr('store', t, undefined, ['r'])];
    const sum = [instr('load', t, 'r'), instr('add', t, 'a', ['a', 'r'])];
    return [
      { kernel: { name: `relu-${kb}KB`, layer: `relu ${kb}KB in + ${kb}KB out`, layerKind: 'relu', body: [loop('i', n, relu)] }, iterations: n },
      { kernel: { name: `sum-${kb}KB`, layer: `load-only ${kb}KB`, layerKind: 'reduce', body: [loop('i', n, sum)] }, iterations: n },
    ];
  });
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const ks = streamKernels();
  const program: Program = { model: 'streams', variant: 'cnn', lowering: 'simd', kernels: ks.map((k) => k.kernel), excluded: [], notes: [] };
  const graph = { name: 'streams', layers: [] } as unknown as ShapedGraph; // no layer shapes: every buffer a stream
  const r = await measureProgram(program, graph, loadProfile('amd-zen3'), { repetitions: 41, passes: 5 });
  process.stdout.write(`measured: ${describeHost(readHost())}, ${new Date().toISOString().slice(0, 10)}, npx tsx scripts/measure-streams.ts\n`);
  r.layers.forEach((l, i) => {
    const n = ks[i]!.iterations;
    process.stdout.write(`${l.layer.padEnd(28)} ${(l.measuredCycles / n).toFixed(3)} cycles per 32 B   amd-zen3 ${(l.predictedCycles / n).toFixed(3)}\n`);
  });
}
