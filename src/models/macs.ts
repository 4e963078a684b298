// Multiply-accumulate-equivalents of conv and FC layers (the topology's size, the same for every
// variant): conv = Cout·(Cin/groups)·kh·kw·Hout·Wout; FC = in·out; transposed conv per input pixel.

import { checkedMul, checkedSum } from '../isa/index.ts';
import type { ShapedGraph, ShapedLayer } from './graph.ts';
import { ARG, checkArgs } from '../isa/api-args.ts';

/** K: terms summed per output element of a conv/FC layer (undefined for other kinds). */
export function termsPerOutput(l: ShapedLayer): number | undefined {
  switch (l.kind) {
    case 'conv2d':
    case 'adder2d':
    case 'binconv2d':
    case 'convtranspose2d':
      return checkedMul(checkedMul(l.inShapes[0]![0]! / l.groups, l.kernel[0]), l.kernel[1]);
    case 'linear':
    case 'adderlinear':
    case 'binlinear':
      return l.inShapes[0]![0]!;
    default:
      return undefined;
  }
}

/** Output elements of a layer. */
export function outputs(l: ShapedLayer): number {
  return l.outShape.reduce((a, d) => checkedMul(a, d), 1);
}

export function layerMacs(l: ShapedLayer): number {
  const k = termsPerOutput(l);
  if (k === undefined) return 0;
  if (l.kind === 'convtranspose2d') {
    // Every input pixel of every input channel meets (Cout/groups)·kh·kw weights.
    const [c, h, w] = l.inShapes[0]!;
    return checkedMul(checkedMul(checkedMul(c!, h!), w!), checkedMul(checkedMul(l.outChannels / l.groups, l.kernel[0]), l.kernel[1]));
  }
  return checkedMul(k, outputs(l));
}

export function graphMacs(g: ShapedGraph): number {
  checkArgs('graphMacs', [['graph', ARG.shapedGraph, g]]);
  return checkedSum(g.layers.map(layerMacs), 'MACs');
}

/** Weights of a conv/FC layer (no bias, no BN): K × output channels (FC: in × out). */
export function layerWeights(l: ShapedLayer): number {
  const k = termsPerOutput(l);
  if (k === undefined) return 0;
  if (l.kind === 'convtranspose2d') return checkedMul(checkedMul(l.inShapes[0]![0]!, l.outChannels / l.groups), checkedMul(l.kernel[0], l.kernel[1]));
  return checkedMul(k, l.outShape[0]!);
}

export function graphWeights(g: ShapedGraph): number {
  checkArgs('graphWeights', [['graph', ARG.shapedGraph, g]]);
  return checkedSum(g.layers.map(layerWeights), 'weights');
}
