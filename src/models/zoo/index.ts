// The model zoo: name → graph builder, with one-line descriptions (`addersim models`).

import { AddersimError, didYouMean } from '../../isa/index.ts';
import type { Graph } from '../graph.ts';
import { lenet5bn, lenetPP } from './lenet.ts';
import { resnet20, resnet32, resnet56 } from './resnet-cifar.ts';
import { resnet18, resnet50, resnet50v1 } from './resnet-imagenet.ts';
import { vggSmall } from './vgg.ts';
import { ARG, checkArgs } from '../../isa/api-args.ts';

export const ZOO = {
  'lenet5-bn': lenet5bn,
  'lenet-pp': lenetPP,
  'vgg-small': vggSmall,
  resnet20,
  resnet32,
  resnet56,
  resnet18,
  resnet50,
  'resnet50-v1': resnet50v1,
} as const satisfies Record<string, () => Graph>;

export type ZooName = keyof typeof ZOO;
export const ZOO_NAMES = Object.keys(ZOO) as ZooName[];

export function isZooName(s: string): s is ZooName {
  return Object.hasOwn(ZOO, s);
}

export function zooModel(name: string): Graph {
  checkArgs('zooModel', [['name', ARG.text, name]]);
  if (!isZooName(name)) {
    throw new AddersimError(
      'UNKNOWN_MODEL',
      `unknown model: not a zoo name, .json graph or .onnx file${didYouMean(name, ZOO_NAMES)} (the zoo has ${ZOO_NAMES.join(', ')})`,
      name,
    );
  }
  return ZOO[name]();
}

export function listModels(): { name: ZooName; description: string }[] {
  return ZOO_NAMES.map((name) => ({ name, description: ZOO[name]().description ?? '' }));
}
