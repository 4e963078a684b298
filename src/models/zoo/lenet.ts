// LeNet-5-BN and LeNet++ (MNIST).
//
// lenet5-bn — the classic LeNet-5 (LeCun et al. 1998) with full C3 connectivity plus batch norm, as the
// AdderNet paper's "LeNet-5-BN" (its exact layer list is unpublished; reference/addernet-paper.md §1.4–1.5):
//   input 1×32×32 → conv1 6@5×5 (no pad) → BN → ReLU → maxpool 2 → conv2 16@5×5 → BN → ReLU → maxpool 2
//   → flatten 400 → fc1 400→120 → BN → ReLU → fc2 120→84 → BN → ReLU → fc3 84→10 (bias).
// MACs 117,600 + 240,000 + 48,000 + 10,080 + 840 = 416,520 (the paper says ~435K; no standard variant gives it).
// Choice: BN after fc1 and fc2 too (BatchNorm1d), because AdderNet outputs are negative distances and the
// reference code puts BN after every adder layer; without it ReLU would zero the converted FC layers.
// Layers followed by BN have no bias (the BN shift subsumes it).
//
// lenet-pp — LeNet++ (Wen et al., "A Discriminative Feature Learning Approach", ECCV 2016), used by the
// AdderNet paper for its feature visualisation (reference/seed-digest.md): input 1×28×28; six 5×5 convs with
// padding 2 of 32, 32, 64, 64, 128, 128 channels, each → BN → ReLU, maxpool 2×2 (stride 2, floor) after each
// pair: 28 → 14 → 7 → 3; flatten 1152 → fc1 1152→2 (the 2-D features) → fc2 2→10 (classifier, bias).
// Choices: ReLU where the original uses PReLU, BN after each conv (as an AdderNet needs), floor pooling as in
// common PyTorch ports (Caffe's ceil pooling would give 4×4×128 = 2048 features).

import type { Graph } from '../graph.ts';
import { GraphBuilder } from './builder.ts';

export function lenet5bn(): Graph {
  const b = new GraphBuilder('lenet5-bn', "LeNet-5 with batch norm on 32×32 MNIST (the AdderNet paper's LeNet-5-BN)", [1, 32, 32]);
  b.convBn('conv1', 6, 5);
  b.add('pool1', { kind: 'maxpool', kernel: [2, 2] });
  b.convBn('conv2', 16, 5);
  b.add('pool2', { kind: 'maxpool', kernel: [2, 2] });
  b.add('flatten', { kind: 'flatten' });
  b.add('fc1', { kind: 'linear', outFeatures: 120, bias: false });
  b.add('fc1.bn', { kind: 'batchnorm' });
  b.add('fc1.relu', { kind: 'relu' });
  b.add('fc2', { kind: 'linear', outFeatures: 84, bias: false });
  b.add('fc2.bn', { kind: 'batchnorm' });
  b.add('fc2.relu', { kind: 'relu' });
  b.add('fc3', { kind: 'linear', outFeatures: 10, bias: true });
  return b.build();
}

export function lenetPP(): Graph {
  const b = new GraphBuilder('lenet-pp', "LeNet++ (six 5×5 convs, 2-D features) on 28×28 MNIST, the paper's visualisation net", [1, 28, 28]);
  const widths = [32, 32, 64, 64, 128, 128];
  widths.forEach((c, i) => {
    const stage = Math.floor(i / 2) + 1;
    b.convBn(`conv${stage}${i % 2 === 0 ? 'a' : 'b'}`, c, 5, { pad: 2 });
    if (i % 2 === 1) b.add(`pool${stage}`, { kind: 'maxpool', kernel: [2, 2] });
  });
  b.add('flatten', { kind: 'flatten' });
  b.add('fc1', { kind: 'linear', outFeatures: 2, bias: true });
  b.add('fc2', { kind: 'linear', outFeatures: 10, bias: true });
  return b.build();
}
