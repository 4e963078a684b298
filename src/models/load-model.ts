// Loads a model by reference: a zoo name, a graph JSON file (`*.json`) or an ONNX file (`*.onnx`, through
// the ONNX importer in ./onnx/index.ts), and returns it shape-inferred with where it came from. The
// parsing is ./model-from-bytes.ts (pure); this file reads the file and adds its sha256.

import { createHash } from 'node:crypto';
import { readInputBytes } from '../isa/read-input.ts';
import { modelFileKind, modelFromBytes, unknownModel, zooLoaded, type LoadedModel, type LoadOptions } from './model-from-bytes.ts';
import { ARG, checkArgs } from '../isa/api-args.ts';
import { z } from 'zod';

export type { OnnxCoverage } from './onnx/index.ts';
export type { LoadedModel, LoadOptions } from './model-from-bytes.ts';

const sha256 = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex');

/**
 * Loads a model by reference and infers its shapes: a zoo name (`addersim models` lists them), a graph
 * file (`*.json`, addersim/graph@1) or an ONNX file (`*.onnx`; unsupported ops are errors unless
 * `allowUnknown`). Throws AddersimError (`UNKNOWN_MODEL`, `BAD_INPUT` with the file and field) on bad input.
 * @example
 * const { graph, source } = await loadModel('lenet5-bn');   // source.kind === 'zoo'
 * opTable(graph, 'paper').macs;                             // 416,520
 */
export async function loadModel(ref: string, opts: LoadOptions = {}): Promise<LoadedModel> {
  checkArgs('loadModel', [
    ['ref', ARG.text, ref],
    ['opts', z.strictObject({ allowUnknown: z.boolean().optional() }), opts],
  ]);
  const zoo = zooLoaded(ref);
  if (zoo) return zoo;
  const kind = modelFileKind(ref);
  if (kind === undefined) throw unknownModel(ref);
  const bytes = kind === 'onnx' ? readInputBytes(ref, 'ONNX model', 'onnxBytes') : readInputBytes(ref, 'graph file');
  const m = await modelFromBytes(bytes, ref, opts);
  return { ...m, source: { ...m.source, sha256: sha256(bytes) } };
}
