// ONNX import: bytes of a .onnx file → addersim graph IR plus a coverage account of every node.
// Synchronous; weights are never needed (initializers in an absent external-data file are fine).

import type { Graph } from '../graph.ts';
import { toGraph } from './convert.ts';
import type { OnnxCoverage } from './coverage.ts';
import { inferGraph } from './infer.ts';
import { readModel, type OnnxNode } from './model.ts';

export type { OnnxCoverage } from './coverage.ts';

export interface OnnxImportOptions {
  /** Go on past ops without a rule: they are listed in `coverage.unknown`, never counted as zero silently. */
  readonly allowUnknown?: boolean;
}

export function importOnnx(bytes: Uint8Array, file: string, opts: OnnxImportOptions = {}): { graph: Graph; coverage: OnnxCoverage } {
  const allowUnknown = opts.allowUnknown === true;
  const model = readModel(bytes, file);
  const unknown = new Map<OnnxNode, string>();
  const inf = inferGraph(model, { allowUnknown, unknown });
  return toGraph(model, inf, unknown, allowUnknown);
}
