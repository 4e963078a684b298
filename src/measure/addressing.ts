// Where each memory instruction of a lowered layer reads and writes, so the layer runs over buffers of its
// real sizes (`addersim measure MODEL`). Three layouts, chosen by the lowering's loop structure:
//   conv NHWC  simd conv (loops ocb, oh, owb, k): input [H+pads][W+pads][Cin] f32 read by broadcasts, the
//              k loop run as kh × kw × ic (ic contiguous); weights [kh][kw][Cin][Cout]; output [OH][OW][Cout].
//   NHWC bytes int8 conv/FC (loops oc, oh, ow, kb…): input [H+pads][W+pads][Cin] u8, each K block read where its
//              first patch byte is (rows of kw·Cin contiguous bytes); weights [Cout][Kpad]; output i32 [OH][OW][Cout].
//   streams    anything else (element-wise, BN, pooling, FC, remainders): each memory instruction walks its own
//              buffer densely in loop order (buffer = trips × bytes: the tensor sizes of element-wise layers).
//   conv1 (3×3, Cin 3, Cout 16, 32×32, pad 1): x 34·34·3·4 = 13,872 B; w 3·3·3·16·4 = 1,728 B; y 65,536 B

import { AddersimError, ELEMENT_BITS, typeBits, type DataType, type Instr, type Kernel, type Stmt } from '../isa/index.ts';
import type { ShapedLayer } from '../models/graph.ts';
import type { AccessSpec, Addressing, ArraySpec, LoopRef } from './nest-asm.ts';

const bytesOf = (s: Instr): number => (s.op === 'bcast' ? ELEMENT_BITS[s.type.elem] / 8 : Math.max(1, typeBits(s.type) / 8));
const elemType = (t: DataType): DataType => ({ elem: t.elem, lanes: 1 });
const digits = (name: string | undefined): number => Number(/(\d+)$/.exec(name ?? '')?.[1] ?? 0);

/** Memory instructions by their loop chain and width: those alike share one buffer, interleaved. */
function streamGroups(body: readonly Stmt[], loops: readonly LoopRef[] = [], out = new Map<string, number>()): Map<string, number> {
  for (const s of body) {
    if (s.kind === 'loop') streamGroups(s.body, [...loops, { name: s.name, trip: s.trip }], out);
    else if (s.op === 'load' || s.op === 'store' || s.op === 'bcast') {
      const k = streamKey(s, loops);
      out.set(k, (out.get(k) ?? 0) + 1);
    }
  }
  return out;
}

const streamKey = (s: Instr, loops: readonly LoopRef[]) =>
  `${s.op === 'store' ? 'out' : 'in'}:${bytesOf(s)}:${loops.map((l) => `${l.name}×${l.trip}`).join(',')}`;

/**
 * Each memory instruction walks a buffer densely in loop order; instructions with the same loops and width
 * (e.g. A accumulators' broadcasts) share one buffer, interleaved (member j at j × width, steps × members).
 */
export function streams(kernel?: Kernel): Addressing {
  const groups = kernel ? streamGroups(kernel.body) : new Map<string, number>();
  const arrays: ArraySpec[] = [];
  const seen = new Map<string, { name: string; used: number }>();
  return {
    kind: 'streams',
    access(s, loops) {
      const e = bytesOf(s);
      const k = streamKey(s, loops);
      const members = groups.get(k) ?? 1;
      const strides: Record<string, number> = {};
      let step = e * members;
      for (let i = loops.length - 1; i >= 0; i--) {
        strides[loops[i]!.name] = step;
        step *= loops[i]!.trip;
      }
      let g = seen.get(k);
      if (!g || g.used >= members) {
        g = { name: `s${arrays.length}`, used: 0 };
        seen.set(k, g);
        arrays.push({ name: g.name, bytes: step, type: elemType(s.type) });
      }
      const offset = g.used * e;
      g.used++;
      return { array: g.name, offset, strides };
    },
    arrays: () => arrays,
  };
}

function pads(l: ShapedLayer): { top: number; left: number; bottom: number; right: number } {
  if (!('padding' in l)) return { top: 0, left: 0, bottom: 0, right: 0 };
  const p = l.padding;
  return p.length === 4 ? { top: p[0], left: p[1], bottom: p[2], right: p[3] } : { top: p[0], left: p[1], bottom: p[0], right: p[1] };
}

function findLoop(body: readonly Stmt[], name: string): Extract<Stmt, { kind: 'loop' }> | undefined {
  for (const s of body) {
    if (s.kind !== 'loop') continue;
    if (s.name === name) return s;
    const inner = findLoop(s.body, name);
    if (inner) return inner;
  }
  return undefined;
}

const notAddressable = (s: Instr, how: string) =>
  new AddersimError('LIMIT', `${s.op}.${s.type.elem}x${s.type.lanes} ${s.dst ?? s.src[0] ?? ''} does not fit the ${how} layout`);

/** simd conv vectorised over output channels: the loops ocb, oh, owb (and the owb remainder nest), k. */
export function convNhwc(l: ShapedLayer, kernel: Kernel): Addressing {
  if ((l.kind !== 'conv2d' && l.kind !== 'adder2d') || l.groups !== 1 || l.outShape.length !== 3) throw new AddersimError('LIMIT', 'not an ungrouped 2-D conv');
  const [cin, h, w] = l.inShapes[0] as [number, number, number];
  const [cout, oh, ow] = l.outShape as [number, number, number];
  const [kh, kw] = l.kernel;
  const [sh, sw] = l.stride;
  const p = pads(l);
  const wp = w + p.left + p.right;
  const owb = findLoop(kernel.body, 'owb');
  const kLoop = owb ? findLoop(owb.body, 'k') : findLoop(kernel.body, 'k');
  if (!kLoop || kLoop.trip !== kh * kw * cin) throw new AddersimError('LIMIT', 'no k loop of kh·kw·Cin terms');
  const accs = kLoop.body.filter((s) => s.kind === 'instr' && s.op === 'bcast').length;
  const wload = kLoop.body.find((s): s is Instr => s.kind === 'instr' && s.op === 'load');
  if (!wload || accs === 0) throw new AddersimError('LIMIT', 'no weight vector load and input broadcasts in the k loop');
  const e = ELEMENT_BITS[wload.type.elem] / 8;
  const lanes = wload.type.lanes;
  const full = owb ? owb.trip * accs : 0; // output columns the owb nest covers; the remainder nest starts there
  const f32: DataType = { elem: wload.type.elem, lanes: 1 };
  const arrays: ArraySpec[] = [
    { name: 'x', bytes: (h + p.top + p.bottom) * wp * cin * e, type: f32 },
    { name: 'w', bytes: kh * kw * cin * cout * e, type: f32 },
    { name: 'y', bytes: oh * ow * cout * e, type: f32 },
  ];
  if ('bias' in l && l.bias) arrays.push({ name: 'b', bytes: cout * e, type: f32 });
  return {
    kind: 'conv NHWC',
    split(loop) {
      if (loop.name !== 'k') return undefined;
      return [
        { name: 'kh', trip: kh },
        { name: 'kw', trip: kw },
        { name: 'ic', trip: cin },
      ].filter((x) => x.trip > 1);
    },
    access(s, loops): AccessSpec {
      const names = new Set(loops.map((x) => x.name));
      const col0 = names.has('owb') ? 0 : full;
      if (s.op === 'bcast') {
        const a = digits(s.dst);
        return {
          array: 'x',
          offset: (col0 + a) * sw * cin * e,
          strides: { oh: sh * wp * cin * e, owb: accs * sw * cin * e, kh: wp * cin * e, kw: cin * e, ic: e },
        };
      }
      if (s.op === 'load' && s.dst === 'w' && s.type.lanes === lanes)
        return { array: 'w', offset: 0, strides: { ocb: lanes * e, ic: cout * e, kw: cin * cout * e, kh: kw * cin * cout * e } };
      if (s.op === 'load' && s.dst === 'b') return { array: 'b', offset: 0, strides: { ocb: lanes * e } };
      if (s.op === 'store' && s.type.lanes === lanes)
        return { array: 'y', offset: (col0 + digits(s.src[0])) * cout * e, strides: { ocb: lanes * e, oh: ow * cout * e, owb: accs * cout * e } };
      throw notAddressable(s, 'conv NHWC');
    },
    arrays: () => arrays,
  };
}

/** Bytes of K one output reads from x: the kb… loops and the single blocks after them. */
function patchBytes(body: readonly Stmt[]): number {
  return body.reduce((a, s) => a + (s.kind === 'loop' ? s.trip * patchBytes(s.body) : s.op === 'load' && s.dst === 'x' ? bytesOf(s) : 0), 0);
}

/**
 * int8 dot/sad layers: loops over outputs (oc, oh, ow) around kb… loops that read K bytes per output. The input
 * is the layer's NHWC u8 tensor (padded): byte q of an output's patch is at row ⌊q / (kw·Cin)⌋, column
 * q mod (kw·Cin) of the patch (contiguous along kw·Cin), so a block load starts where its first byte is; the
 * kb loops run fully unrolled with these offsets. Weights [Cout][Kpad]; output i32 [OH][OW][Cout].
 */
export function nhwcBytes(l: ShapedLayer, kernel: Kernel): Addressing {
  let body: readonly Stmt[] = kernel.body;
  for (;;) {
    const next = body.find((s): s is Extract<Stmt, { kind: 'loop' }> => s.kind === 'loop' && !s.name.startsWith('kb'));
    if (!next) break;
    body = next.body;
  }
  const kpad = patchBytes(body);
  if (kpad === 0) throw new AddersimError('LIMIT', 'no x loads of K bytes');
  const spatial = l.outShape.length === 3 && 'kernel' in l && l.kind !== 'maxpool';
  const [cin, h, w] = (l.inShapes[0]!.length === 3 ? l.inShapes[0] : [l.inShapes[0]![0]!, 1, 1]) as [number, number, number];
  const [cout, oh, ow] = (l.outShape.length === 3 ? l.outShape : [l.outShape[0]!, 1, 1]) as [number, number, number];
  const [kh, kw] = spatial && 'kernel' in l ? l.kernel : [1, 1];
  const [sh, sw] = spatial && 'stride' in l && l.stride ? l.stride : [1, 1];
  const p = pads(l);
  const wp = w + p.left + p.right;
  const row = kw * cin;
  if (kh * row > kpad) throw new AddersimError('LIMIT', `K blocks (${kpad} bytes) do not cover kh·kw·Cin = ${kh * row}`);
  const at = (q: number): number => Math.floor(q / row) * wp * cin + (q % row);
  const kOff = new Map<string, number>();
  const block = new Map<string, number>();
  const arrays: ArraySpec[] = [
    { name: 'x', bytes: (h + p.top + p.bottom) * wp * cin, type: { elem: 'u8', lanes: 1 } },
    { name: 'w', bytes: cout * kpad, type: { elem: 'u8', lanes: 1 } },
    { name: 'y', bytes: oh * ow * cout * 4, type: { elem: 'i32', lanes: 1 } },
  ];
  return {
    kind: 'NHWC bytes',
    enter(loop) {
      if (!loop.name.startsWith('kb')) kOff.clear();
      block.clear();
    },
    exit(loop) {
      if (!loop.name.startsWith('kb')) return;
      for (const [arr, b] of block) kOff.set(arr, (kOff.get(arr) ?? 0) + loop.trip * b);
      block.clear();
    },
    access(s, loops): AccessSpec {
      const inKb = loops.at(-1)?.name.startsWith('kb') ? loops.at(-1)!.name : undefined;
      if (s.op === 'load' && (s.dst === 'x' || s.dst === 'w')) {
        const arr = s.dst;
        const b = bytesOf(s);
        const q0 = kOff.get(arr) ?? 0;
        if (inKb) block.set(arr, b);
        else kOff.set(arr, q0 + b);
        if (arr === 'w') return { array: 'w', offset: q0, strides: { oc: kpad, o: kpad, ...(inKb ? { [inKb]: b } : {}) } };
        return {
          array: 'x',
          offset: inKb ? 0 : at(q0),
          strides: { oh: sh * wp * cin, ow: sw * cin },
          ...(inKb ? { unrolled: { [inKb]: (i: number) => at(q0 + i * b) } } : {}),
        };
      }
      if (s.op === 'store' && s.type.lanes === 1 && typeBits(s.type) === 32)
        return { array: 'y', offset: 0, strides: { oc: 4, o: 4, oh: ow * cout * 4, ow: cout * 4 } };
      throw notAddressable(s, 'NHWC bytes');
    },
    arrays: () => arrays,
  };
}

/** The layout for a layer's kernel: conv NHWC for simd convs, im2col for int8 dot/sad layers, else streams. */
export function addressingFor(kernel: Kernel, layer: ShapedLayer | undefined, lowering: string): { make: () => Addressing; layout: boolean } {
  const conv = layer && ['conv2d', 'adder2d', 'linear', 'adderlinear'].includes(layer.kind);
  if (conv && lowering === 'simd' && findLoop(kernel.body, 'ocb')) return { make: () => convNhwc(layer, kernel), layout: true };
  if (conv && lowering === 'int8') return { make: () => nhwcBytes(layer, kernel), layout: true };
  return { make: () => streams(kernel), layout: false };
}
