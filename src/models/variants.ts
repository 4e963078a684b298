// Variants of a topology: `cnn` (as built), `adder` (conv2d → adder2d, linear → adderlinear) and `bnn`
// (→ binconv2d / binlinear). `inner` keeps the first and the last arithmetic layer multiplicative, as the
// AdderNet reference code does (first conv; last FC, or the CIFAR ResNets' final 1×1 conv classifier);
// `all` converts every conv and FC layer, as the paper's op counts assume.

import { assertNever } from '../isa/index.ts';
import { arithOf, type Graph, type Layer } from './graph.ts';
import { ARG, checkArgs } from '../isa/api-args.ts';
import { z } from 'zod';

export const VARIANTS = ['cnn', 'adder', 'bnn'] as const;
export type Variant = (typeof VARIANTS)[number];
export const CONVERTS = ['inner', 'all'] as const;
export type Convert = (typeof CONVERTS)[number];

const CONV_OF = { cnn: 'conv2d', adder: 'adder2d', bnn: 'binconv2d' } as const satisfies Record<Variant, Layer['kind']>;
const LINEAR_OF = { cnn: 'linear', adder: 'adderlinear', bnn: 'binlinear' } as const satisfies Record<Variant, Layer['kind']>;

/** Indices of the layers `inner` keeps multiplicative: the first and the last conv/FC layer. */
export function keptLayers(graph: Graph): ReadonlySet<number> {
  const arith = graph.layers.flatMap((l, i) => (arithOf(l) === undefined ? [] : [i]));
  return new Set(arith.length ? [arith[0]!, arith.at(-1)!] : []);
}

/**
 * Works on shaped graphs too (shapes do not change): the result has the type of the argument.
 * `convert: 'all'` turns every conv/FC layer (`inner` all but the first and last).
 * @example
 * const adder = applyVariant(graph, 'adder', 'all');
 * opTable(adder, 'paper').totals.add;                       // 833,040 (each MAC becomes a sub and an add)
 */
export function applyVariant<G extends Graph>(graph: G, variant: Variant, convert: Convert): G {
  checkArgs('applyVariant', [
    ['graph', ARG.graph, graph],
    ['variant', z.enum(VARIANTS), variant],
    ['convert', z.enum(CONVERTS), convert],
  ]);
  const keep = convert === 'inner' ? keptLayers(graph) : new Set<number>();
  const layers = graph.layers.map((l, i): Layer => {
    const target = keep.has(i) ? 'cnn' : variant;
    switch (l.kind) {
      case 'conv2d':
      case 'adder2d':
      case 'binconv2d':
        return { ...l, kind: CONV_OF[target] };
      case 'linear':
      case 'adderlinear':
      case 'binlinear':
        return { ...l, kind: LINEAR_OF[target] };
      case 'batchnorm':
      case 'relu':
      case 'hardtanh':
      case 'maxpool':
      case 'avgpool':
      case 'globalavgpool':
      case 'add':
      case 'flatten':
      case 'concat':
      case 'softmax':
      case 'convtranspose2d':
      case 'eltwise':
      case 'reduce':
      case 'reshape':
        return l;
      default:
        return assertNever(l, 'layer kind');
    }
  });
  return { ...graph, layers } as G;
}

/** What a graph is as loaded: `cnn` (no adder or binary layers), `adder`, `bnn`, or `mixed` (both kinds). */
export function detectVariant(graph: Graph): Variant | 'mixed' {
  checkArgs('detectVariant', [['graph', ARG.graph, graph]]);
  const adder = graph.layers.some((l) => l.kind === 'adder2d' || l.kind === 'adderlinear');
  const bin = graph.layers.some((l) => l.kind === 'binconv2d' || l.kind === 'binlinear');
  return adder && bin ? 'mixed' : adder ? 'adder' : bin ? 'bnn' : 'cnn';
}
