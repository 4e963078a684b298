// What the full energy view needs of a layer and a profile: the bytes of weights + activations a layer
// touches (which memory level prices its data) and the profile's L1 size. Pure (no file access): shared
// by the study, the `energy` command and the browser explorer.

import type { ShapedLayer } from '../models/graph.ts';
import type { Profile } from '../sim/profile/schema.ts';

/** Bytes of weights + activations of a layer (binary layers: 1-bit weights and inputs). */
export function workingSetBytes(l: ShapedLayer, elemBytes: number): number {
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
  return bytesOf(weights) + bytesOf(inputs) + numel(l.outShape) * elemBytes;
}

export function l1Of(p: Profile): { l1Bytes?: number } {
  const v = p.memory.find((m) => typeof m.sizeBytes.value === 'number')?.sizeBytes.value;
  return typeof v === 'number' ? { l1Bytes: v } : {};
}
