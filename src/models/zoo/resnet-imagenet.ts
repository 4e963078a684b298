// ImageNet ResNets (224×224×3) in torchvision's layout (He et al., CVPR 2016; torchvision.models.resnet):
//   conv1 64@7×7 stride 2 pad 3 → BN → ReLU → maxpool 3×3 stride 2 pad 1 → four stages (64, 128, 256, 512
//   planes; stride 2 from stage 2 on) → global average pool → flatten → FC → 1000 (bias). No conv bias.
//   resnet18: BasicBlocks [2, 2, 2, 2] (3×3 → BN → ReLU → 3×3 → BN, + shortcut, ReLU).
//   resnet50: Bottlenecks [3, 4, 6, 3] (1×1 → 3×3 → 1×1 ×4, BN after each, ReLU after the first two and the
//     add), stride on the 3×3 ("v1.5", torchvision and the AdderNet reference resnet50.py).
//   resnet50-v1: the same with the stride on the first 1×1 (original Caffe ResNet-50).
//   Projection shortcuts: 1×1 conv (stride) + BN where the shape changes.
// The AdderNet reference writes the classifier as a 1×1 conv + BN; here it is torchvision's Linear
// (same MACs). MACs: resnet18 1,814,073,344; resnet50 4,089,184,256; resnet50-v1 3,857,973,248.

import type { Graph } from '../graph.ts';
import { GraphBuilder } from './builder.ts';

function stem(b: GraphBuilder): void {
  b.convBn('conv1', 64, 7, { stride: 2, pad: 3 });
  b.add('maxpool', { kind: 'maxpool', kernel: [3, 3], stride: [2, 2], padding: [1, 1] });
}

function head(b: GraphBuilder): Graph {
  b.add('avgpool', { kind: 'globalavgpool' });
  b.add('flatten', { kind: 'flatten' });
  b.add('fc', { kind: 'linear', outFeatures: 1000, bias: true });
  return b.build();
}

function shortcut(b: GraphBuilder, p: string, from: string, c: number, stride: number, needed: boolean): string {
  if (!needed) return from;
  b.conv(`${p}.downsample`, c, 1, { stride, from });
  return b.add(`${p}.downsample.bn`, { kind: 'batchnorm' });
}

export function resnet18(): Graph {
  const b = new GraphBuilder('resnet18', 'ResNet-18 for ImageNet (torchvision layout)', [3, 224, 224]);
  stem(b);
  let inC = 64;
  [64, 128, 256, 512].forEach((c, si) => {
    for (let i = 0; i < 2; i++) {
      const stride = si > 0 && i === 0 ? 2 : 1;
      const p = `layer${si + 1}.${i}`;
      const x = b.current;
      b.convBn(`${p}.conv1`, c, 3, { stride, pad: 1 });
      const main = b.convBn(`${p}.conv2`, c, 3, { pad: 1, relu: false });
      const sc = shortcut(b, p, x, c, stride, stride !== 1 || inC !== c);
      b.add(`${p}.add`, { kind: 'add' }, [main, sc]);
      b.add(`${p}.relu`, { kind: 'relu' });
      inC = c;
    }
  });
  return head(b);
}

function resnet50Like(strideOn: '3x3' | '1x1'): Graph {
  const name = strideOn === '3x3' ? 'resnet50' : 'resnet50-v1';
  const what = strideOn === '3x3' ? 'v1.5, stride on the 3×3 (torchvision, AdderNet reference)' : 'v1, stride on the first 1×1 (original Caffe)';
  const b = new GraphBuilder(name, `ResNet-50 for ImageNet, ${what}`, [3, 224, 224]);
  stem(b);
  let inC = 64;
  [64, 128, 256, 512].forEach((planes, si) => {
    const blocks = [3, 4, 6, 3][si]!;
    for (let i = 0; i < blocks; i++) {
      const stride = si > 0 && i === 0 ? 2 : 1;
      const p = `layer${si + 1}.${i}`;
      const x = b.current;
      b.convBn(`${p}.conv1`, planes, 1, { stride: strideOn === '1x1' ? stride : 1 });
      b.convBn(`${p}.conv2`, planes, 3, { stride: strideOn === '3x3' ? stride : 1, pad: 1 });
      const main = b.convBn(`${p}.conv3`, planes * 4, 1, { relu: false });
      const sc = shortcut(b, p, x, planes * 4, stride, stride !== 1 || inC !== planes * 4);
      b.add(`${p}.add`, { kind: 'add' }, [main, sc]);
      b.add(`${p}.relu`, { kind: 'relu' });
      inC = planes * 4;
    }
  });
  return head(b);
}

export const resnet50 = (): Graph => resnet50Like('3x3');
export const resnet50v1 = (): Graph => resnet50Like('1x1');
