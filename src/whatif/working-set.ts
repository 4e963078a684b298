// What the full energy view needs of a layer and a profile: the bytes of weights + activations a layer
// touches (which memory level prices its data) and the profile's L1 size. Pure (no file access): shared
// by the study, the `energy` command and the browser explorer.

import { ELEMENT_BITS, type ElementType } from '../isa/index.ts';
import type { ShapedLayer } from '../models/graph.ts';
import type { LoweringName } from '../models/lowering/context.ts';
import type { Profile } from '../sim/profile/schema.ts';

/** Bytes of weights + activations of a layer (binary layers: 1-bit weights and inputs); outputs at `outBytes` each. */
function workingSetBytes(l: ShapedLayer, elemBytes: number, outBytes = elemBytes): number {
  const numel = (s: readonly number[]) => s.reduce((a, b) => a * b, 1);
  const inputs = l.inShapes.reduce((a, s) => a + numel(s), 0);
  let weights = 0;
  switch (l.kind) {
    case 'conv2d':
    case 'adder2d':
    case 'binconv2d':
    case 'convtranspose2d':
      weights = l.outChannels * ((l.inShapes[0]?.[0] ?? 1) / l.groups) * l.kernel[0] * l.kernel[1];
      break;
    case 'linear':
    case 'adderlinear':
    case 'binlinear':
      weights = numel(l.inShapes[0] ?? []) * l.outFeatures;
      break;
    default:
      break;
  }
  const binary = l.kind === 'binconv2d' || l.kind === 'binlinear';
  const bytesOf = (n: number) => (binary ? Math.ceil(n / 8) : n * elemBytes);
  return bytesOf(weights) + bytesOf(inputs) + numel(l.outShape) * outBytes;
}

const QUANTISED: ReadonlySet<string> = new Set(['conv2d', 'linear', 'convtranspose2d', 'adder2d', 'adderlinear']);
const F32_UNDER_INT8: ReadonlySet<string> = new Set(['softmax', 'eltwise', 'reduce']);

/** Bytes per element of a layer's weights and inputs, and of its outputs, as a lowering stores them. int8
 *  (lowering/int8.ts): conv/FC weights and inputs are bytes and their i32 sums are stored; element-wise
 *  layers and pooling run on i16 lanes; softmax, eltwise and reduce stay f32. Other lowerings: `dtype`. */
export function elementBytes(kind: string, lowering: LoweringName, dtype: ElementType): { data: number; out: number } {
  if (lowering !== 'int8') return { data: ELEMENT_BITS[dtype] / 8, out: ELEMENT_BITS[dtype] / 8 };
  if (QUANTISED.has(kind)) return { data: 1, out: 4 };
  return F32_UNDER_INT8.has(kind) ? { data: 4, out: 4 } : { data: 2, out: 2 };
}

/** The working set of every layer of a (variant-applied) graph under a lowering: one rule for the study,
 *  `compare`, `energy` and the explorer. */
export function workingSetsOf(layers: readonly ShapedLayer[], lowering: LoweringName, dtype: ElementType): Record<string, number> {
  return Object.fromEntries(
    layers.map((l) => {
      const b = elementBytes(l.kind, lowering, dtype);
      return [l.name, workingSetBytes(l, b.data, b.out)];
    }),
  );
}

export function l1Of(p: Profile): { l1Bytes?: number } {
  const v = p.memory.find((m) => typeof m.sizeBytes.value === 'number')?.sizeBytes.value;
  return typeof v === 'number' ? { l1Bytes: v } : {};
}
