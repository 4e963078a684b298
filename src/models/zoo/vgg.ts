// VGG-small for CIFAR-10 (32×32×3), as in LQ-Nets (Zhang et al., ECCV 2018) and HWGQ, which the AdderNet
// paper compares against (reference/addernet-paper.md §1.5; the exact AdderNet definition is unpublished):
//   2×conv128, maxpool 2, 2×conv256, maxpool 2, 2×conv512, maxpool 2, flatten 8192 → FC 8192→10 (bias);
//   every conv 3×3, padding 1, no bias, followed by BN → ReLU.
// MACs 607,600,640 (the paper prints 0.65G; the closest standard definitions give 0.61–0.62G).

import type { Graph } from '../graph.ts';
import { GraphBuilder } from './builder.ts';

export function vggSmall(): Graph {
  const b = new GraphBuilder('vgg-small', 'VGG-small (LQ-Nets) on CIFAR-10: 2×128, 2×256, 2×512 convs, FC 8192→10', [3, 32, 32]);
  [128, 256, 512].forEach((c, s) => {
    b.convBn(`conv${2 * s}`, c, 3, { pad: 1 });
    b.convBn(`conv${2 * s + 1}`, c, 3, { pad: 1 });
    b.add(`pool${s}`, { kind: 'maxpool', kernel: [2, 2] });
  });
  b.add('flatten', { kind: 'flatten' });
  b.add('fc', { kind: 'linear', outFeatures: 10, bias: true });
  return b.build();
}
