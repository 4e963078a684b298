// Loads a model by reference: a zoo name, a graph JSON file (`*.json`) or an ONNX file (`*.onnx`, through
// the ONNX importer in ./onnx/index.ts), and returns it shape-inferred with where it came from.

import { createHash } from 'node:crypto';
import { AddersimError, parseJsonText, readInputBytes } from '../isa/index.ts';
import type { ShapedGraph } from './graph.ts';
import { parseGraphFile } from './graph-file.ts';
import { inferShapes } from './shapes.ts';
import type { OnnxCoverage } from './onnx/index.ts';
import { isZooName, ZOO_NAMES, zooModel } from './zoo/index.ts';

export type { OnnxCoverage } from './onnx/index.ts';

export interface LoadedModel {
  readonly graph: ShapedGraph;
  readonly source: { readonly kind: 'zoo' | 'json' | 'onnx'; readonly ref: string; readonly sha256?: string };
  readonly coverage?: OnnxCoverage;
}

export interface LoadOptions {
  readonly allowUnknown?: boolean;
}


const sha256 = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex');

async function loadOnnx(file: string, opts: LoadOptions): Promise<LoadedModel> {
  const bytes = readInputBytes(file, 'ONNX model', 'onnxBytes');
  // Loaded on demand: zoo and JSON models do not pay for the protobuf decoder.
  const { importOnnx } = await import('./onnx/index.ts');
  const r = importOnnx(bytes, file, { allowUnknown: opts.allowUnknown === true });
  return { graph: inferShapes(r.graph, file), source: { kind: 'onnx', ref: file, sha256: sha256(bytes) }, coverage: r.coverage };
}

/**
 * Loads a model by reference and infers its shapes: a zoo name (`addersim models` lists them), a graph
 * file (`*.json`, addersim/graph@1) or an ONNX file (`*.onnx`; unsupported ops are errors unless
 * `allowUnknown`). Throws AddersimError (`UNKNOWN_MODEL`, `BAD_INPUT` with the file and field) on bad input.
 * @example
 * const { graph, source } = await loadModel('lenet5-bn');   // source.kind === 'zoo'
 * opTable(graph, 'paper').macs;                             // 416,520
 */
export async function loadModel(ref: string, opts: LoadOptions = {}): Promise<LoadedModel> {
  if (isZooName(ref)) return { graph: inferShapes(zooModel(ref), `zoo:${ref}`), source: { kind: 'zoo', ref } };
  const lower = ref.toLowerCase();
  if (lower.endsWith('.onnx')) return loadOnnx(ref, opts);
  if (lower.endsWith('.json')) {
    const bytes = readInputBytes(ref, 'graph file');
    const data = parseJsonText(bytes.toString('utf8'), ref);
    return { graph: inferShapes(parseGraphFile(data, ref), ref), source: { kind: 'json', ref, sha256: sha256(bytes) } };
  }
  throw new AddersimError('UNKNOWN_MODEL', `unknown model: not a zoo name, .json graph or .onnx file (the zoo has ${ZOO_NAMES.join(', ')})`, ref);
}
