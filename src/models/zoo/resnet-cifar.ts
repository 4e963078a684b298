// ResNet-20/32/56 for CIFAR-10 (32×32×3) as the AdderNet reference code writes them (resnet20.py of
// huawei-noah/AdderNet; reference/addernet-paper.md §1.5–1.6):
//   conv1 3→16 3×3 pad 1 → BN → ReLU; three stages of n BasicBlocks (n = 3, 5, 9) with 16/32/64 channels at
//   32/16/8 px; BasicBlock = 3×3 conv (stride s) → BN → ReLU → 3×3 conv → BN, plus the shortcut, → add → ReLU;
//   where the shape changes, the shortcut is a 1×1 stride-2 conv + BN projection (option B; in the reference
//   code an adder layer too); global average pool 8×8 → "fc" written as a 1×1 conv 64→10 without bias → BN
//   → flatten. No conv has a bias.
// MACs: ResNet-20 40,813,184; ResNet-32 69,124,736; ResNet-56 125,747,840.

import type { Graph } from '../graph.ts';
import { GraphBuilder } from './builder.ts';

function resnetCifar(depth: 20 | 32 | 56): Graph {
  const n = (depth - 2) / 6;
  const b = new GraphBuilder(`resnet${depth}`, `ResNet-${depth} for CIFAR-10 (AdderNet reference layout, 1×1 projection shortcuts)`, [3, 32, 32]);
  b.convBn('conv1', 16, 3, { pad: 1 });
  let inC = 16;
  [16, 32, 64].forEach((c, si) => {
    for (let i = 0; i < n; i++) {
      const stride = si > 0 && i === 0 ? 2 : 1;
      const p = `layer${si + 1}.${i}`;
      const blockIn = b.current;
      b.convBn(`${p}.conv1`, c, 3, { stride, pad: 1 });
      const main = b.convBn(`${p}.conv2`, c, 3, { pad: 1, relu: false });
      let shortcut = blockIn;
      if (stride !== 1 || inC !== c) {
        b.conv(`${p}.downsample`, c, 1, { stride, from: blockIn });
        shortcut = b.add(`${p}.downsample.bn`, { kind: 'batchnorm' });
      }
      b.add(`${p}.add`, { kind: 'add' }, [main, shortcut]);
      b.add(`${p}.relu`, { kind: 'relu' });
      inC = c;
    }
  });
  b.add('avgpool', { kind: 'globalavgpool' });
  b.conv('fc', 10, 1);
  b.add('fc.bn', { kind: 'batchnorm' });
  b.add('flatten', { kind: 'flatten' });
  return b.build();
}

export const resnet20 = (): Graph => resnetCifar(20);
export const resnet32 = (): Graph => resnetCifar(32);
export const resnet56 = (): Graph => resnetCifar(56);
