// The pure half of model loading (no file access; the browser explorer uses it too): a zoo name, or the
// bytes of a graph JSON or ONNX file named by `ref`, to a shape-inferred graph with where it came from.

import { AddersimError, didYouMean, checkLimit, parseJsonText } from '../isa/index.ts';
import type { ShapedGraph } from './graph.ts';
import { parseGraphFile } from './graph-file.ts';
import { inferShapes } from './shapes.ts';
import type { OnnxCoverage } from './onnx/index.ts';
import { isZooName, ZOO_NAMES, zooModel } from './zoo/index.ts';

export interface LoadedModel {
  readonly graph: ShapedGraph;
  readonly source: { readonly kind: 'zoo' | 'json' | 'onnx'; readonly ref: string; readonly sha256?: string };
  readonly coverage?: OnnxCoverage;
}

export interface LoadOptions {
  readonly allowUnknown?: boolean;
}

export type ModelFileKind = 'json' | 'onnx';

/** Which file format a model reference names by its extension (undefined: neither). */
export function modelFileKind(ref: string): ModelFileKind | undefined {
  const lower = ref.toLowerCase();
  return lower.endsWith('.onnx') ? 'onnx' : lower.endsWith('.json') ? 'json' : undefined;
}

export function zooLoaded(name: string): LoadedModel | undefined {
  return isZooName(name) ? { graph: inferShapes(zooModel(name), `zoo:${name}`), source: { kind: 'zoo', ref: name } } : undefined;
}

export function unknownModel(ref: string): AddersimError {
  // a bare name is compared with the zoo's names (a path's file name is the user's, not a zoo typo)
  const hint = /[/\\.]/.test(ref) ? '' : didYouMean(ref, ZOO_NAMES);
  return new AddersimError('UNKNOWN_MODEL', `unknown model: not a zoo name, .json graph or .onnx file${hint} (the zoo has ${ZOO_NAMES.join(', ')})`, ref);
}

/** A model from the bytes of the file `ref` (its extension picks the format). */
export async function modelFromBytes(bytes: Uint8Array, ref: string, opts: LoadOptions = {}): Promise<LoadedModel> {
  const kind = modelFileKind(ref);
  if (kind !== undefined) checkLimit(kind === 'onnx' ? 'onnxBytes' : 'inputBytes', bytes.length, ref);
  if (kind === 'onnx') {
    // Loaded on demand: zoo and JSON models do not pay for the protobuf decoder.
    const { importOnnx } = await import('./onnx/index.ts');
    const r = importOnnx(bytes, ref, { allowUnknown: opts.allowUnknown === true });
    return { graph: inferShapes(r.graph, ref), source: { kind: 'onnx', ref }, coverage: r.coverage };
  }
  if (kind === 'json') {
    const data = parseJsonText(new TextDecoder('utf-8').decode(bytes), ref);
    return { graph: inferShapes(parseGraphFile(data, ref), ref), source: { kind: 'json', ref } };
  }
  throw unknownModel(ref);
}
