// Scalar lowering of windowed and global reductions: max/avg pooling (window−1 max or add per output,
// avg + 1 mul by 1/area), global average pooling (H·W−1 add + 1 mul per channel), and `reduce`.
// The running value is a loop-carried register (`m = max m, x`).

import { nest, type Op, type Stmt } from '../../isa/index.ts';
import type { ShapedLayer } from '../graph.ts';
import { outputs } from '../macs.ts';
import { numel } from '../shapes.ts';
import { op, s, type LowerCtx } from './context.ts';

function windowed(n: [string, number][], window: number, combine: Op, scale: boolean, ctx: LowerCtx): Stmt[] {
  const t = s(ctx.dtype);
  return [
    ...nest(n, [
      op('load', t, 'm', [], 'first element of the window'),
      ...nest([['j', window - 1]], [op('load', t, 'x'), op(combine, t, 'm', ['m', 'x'])]),
      ...(scale ? [op('mul', t, 'm', ['m', 'inv'], '× 1/area')] : []),
      op('store', t, undefined, ['m']),
    ]),
  ];
}

export function lowerPool(l: ShapedLayer, ctx: LowerCtx): Stmt[] {
  switch (l.kind) {
    case 'maxpool':
    case 'avgpool': {
      const [c, oh, ow] = l.outShape;
      return windowed(
        [
          ['c', c!],
          ['oh', oh!],
          ['ow', ow!],
        ],
        l.kernel[0] * l.kernel[1],
        l.kind === 'maxpool' ? 'max' : 'add',
        l.kind === 'avgpool',
        ctx,
      );
    }
    case 'globalavgpool': {
      const [c, h, w] = l.inShapes[0]!;
      return windowed([['c', c!]], h! * w!, 'add', true, ctx);
    }
    case 'reduce': {
      const n = outputs(l);
      return windowed([['o', n]], numel(l.inShapes[0]!) / n, l.fn === 'max' ? 'max' : 'add', l.fn === 'mean', ctx);
    }
    default:
      throw new Error(`${l.kind} is not a pooling layer`);
  }
}
