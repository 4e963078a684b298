// Loads a model by reference: a zoo name, a graph JSON file (`*.json`) or an ONNX file (`*.onnx`, through
// the ONNX importer in ./onnx/index.ts), and returns it shape-inferred with where it came from. The
// parsing is ./model-from-bytes.ts (pure); this file reads the file and adds its sha256.

import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { AddersimError } from '../isa/index.ts';
import { modelFileKind, modelFromBytes, unknownModel, zooLoaded, type LoadedModel, type LoadOptions } from './model-from-bytes.ts';

export type { OnnxCoverage } from './onnx/index.ts';
export { modelFromBytes, zooLoaded, type LoadedModel, type LoadOptions } from './model-from-bytes.ts';

function readBytes(file: string): Uint8Array {
  try {
    return readFileSync(file);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new AddersimError('BAD_INPUT', code === 'ENOENT' ? 'file not found' : `cannot read: ${(e as Error).message}`, file);
  }
}

const sha256 = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex');

export async function loadModel(ref: string, opts: LoadOptions = {}): Promise<LoadedModel> {
  const zoo = zooLoaded(ref);
  if (zoo) return zoo;
  if (modelFileKind(ref) === undefined) throw unknownModel(ref);
  const bytes = readBytes(ref);
  const m = await modelFromBytes(bytes, ref, opts);
  return { ...m, source: { ...m.source, sha256: sha256(bytes) } };
}
