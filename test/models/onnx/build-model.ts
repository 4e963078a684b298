// Test helper: writes small ONNX models as bytes (through the importer's own protobuf schema), so
// tests can state a graph in a few lines: nodes, one input, initializers by dims (weights absent).

import { modelProtoType } from '../../../src/models/onnx/onnx-proto.ts';

export interface NodeSpec {
  op: string;
  in: string[];
  out: string[];
  name?: string;
  domain?: string;
  attrs?: Record<string, number | number[] | string | { floats: number[] } | { f: number }>;
}

export interface ModelSpec {
  opset?: number;
  input?: { name: string; dims?: (number | string)[] } | null;
  /** Initializers: dims only (stored as absent external data) or int64 / float values. */
  inits?: Record<string, { dims: number[]; int64?: number[]; float?: number[] }>;
  nodes: NodeSpec[];
  outputs?: string[];
}

function attr(name: string, v: NonNullable<NodeSpec['attrs']>[string]): object {
  if (typeof v === 'number') return Number.isInteger(v) ? { name, type: 2, i: v } : { name, type: 1, f: v };
  if (typeof v === 'string') return { name, type: 3, s: new TextEncoder().encode(v) };
  if (Array.isArray(v)) return { name, type: 7, ints: v };
  if ('floats' in v) return { name, type: 6, floats: v.floats };
  return { name, type: 1, f: v.f };
}

export function buildModel(spec: ModelSpec): Uint8Array {
  const inits = Object.entries(spec.inits ?? {}).map(([name, t]) => {
    if (t.int64) return { name, dims: t.dims, dataType: 7, int64Data: t.int64 };
    if (t.float) return { name, dims: t.dims, dataType: 1, floatData: t.float };
    return { name, dims: t.dims, dataType: 1, dataLocation: 1, externalData: [{ key: 'location', value: 'absent.data' }] };
  });
  const input =
    spec.input === null
      ? []
      : [spec.input ?? { name: 'x', dims: [1, 3, 8, 8] }].map((i) => ({
          name: i.name,
          type: {
            tensorType: { elemType: 1, ...(i.dims ? { shape: { dim: i.dims.map((d) => (typeof d === 'string' ? { dimParam: d } : { dimValue: d })) } } : {}) },
          },
        }));
  const msg = modelProtoType.fromObject({
    irVersion: 7,
    producerName: 'addersim-test',
    opsetImport: [{ domain: '', version: spec.opset ?? 13 }],
    graph: {
      name: 'test',
      node: spec.nodes.map((n, i) => ({
        name: n.name ?? `${n.op}_${i}`,
        opType: n.op,
        input: n.in,
        output: n.out,
        domain: n.domain ?? '',
        attribute: Object.entries(n.attrs ?? {}).map(([k, v]) => attr(k, v)),
      })),
      initializer: inits,
      input,
      output: (spec.outputs ?? [spec.nodes[spec.nodes.length - 1]!.out[0]!]).map((name) => ({ name })),
    },
  });
  return modelProtoType.encode(msg).finish();
}
