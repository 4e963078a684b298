// Loads a model by reference: a zoo name, a graph JSON file (`*.json`) or an ONNX file (`*.onnx`, through
// the ONNX importer in ./onnx/index.ts), and returns it shape-inferred with where it came from. The
// parsing is ./model-from-bytes.ts (pure); this file reads the file and adds its sha256.

import { createHash } from 'node:crypto';
import { readInputBytes } from '../isa/read-input.ts';
import { modelFileKind, modelFromBytes, unknownModel, zooLoaded, type LoadedModel, type LoadOptions } from './model-from-bytes.ts';

export type { OnnxCoverage } from './onnx/index.ts';
export { modelFromBytes, zooLoaded, type LoadedModel, type LoadOptions } from './model-from-bytes.ts';

const sha256 = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex');

export async function loadModel(ref: string, opts: LoadOptions = {}): Promise<LoadedModel> {
  const zoo = zooLoaded(ref);
  if (zoo) return zoo;
  const kind = modelFileKind(ref);
  if (kind === undefined) throw unknownModel(ref);
  const bytes = kind === 'onnx' ? readInputBytes(ref, 'ONNX model', 'onnxBytes') : readInputBytes(ref, 'graph file');
  const m = await modelFromBytes(bytes, ref, opts);
  return { ...m, source: { ...m.source, sha256: sha256(bytes) } };
}
