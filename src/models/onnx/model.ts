// Reads an ONNX ModelProto into a checked, topologically ordered node list with typed attribute
// access. Errors name the file and node: truncated bytes, unsupported opsets, cycles, dangling inputs.

import { AddersimError, badInput, checkLimit, limit, limitError } from '../../isa/index.ts';
import { decodeModel, type AttributeMsg, type GraphMsg, type ModelMsg, type NodeMsg, type TensorMsg, type ValueInfoMsg } from './onnx-proto.ts';

export const MIN_OPSET = 7;
export const MAX_OPSET = 18;

export interface OnnxNode {
  readonly index: number;
  /** Unique display name: the node's name, or `OpType_index` when it has none. */
  readonly name: string;
  readonly opType: string;
  readonly domain: string;
  /** Input names; '' marks an omitted optional input. */
  readonly inputs: readonly string[];
  readonly outputs: readonly string[];
  readonly attrs: Attrs;
  /** `file: node NAME (OpType)` for error paths. */
  readonly where: string;
}

export interface OnnxModel {
  readonly file: string;
  readonly opset: number;
  readonly irVersion: number;
  readonly producer: string;
  readonly graphName: string;
  readonly nodes: readonly OnnxNode[];
  readonly initializers: ReadonlyMap<string, TensorMsg>;
  /** Real graph inputs (not initializers), with their declared dims (undefined = symbolic). */
  readonly inputs: readonly { name: string; dims: (number | undefined)[] | undefined }[];
  readonly outputs: readonly string[];
  /** Declared shapes from value_info and graph outputs (undefined entries = symbolic dims). */
  readonly declared: ReadonlyMap<string, (number | undefined)[]>;
}

export class Attrs {
  private readonly map = new Map<string, AttributeMsg>();
  constructor(
    list: readonly AttributeMsg[],
    private readonly where: string,
  ) {
    for (const a of list) if (a.name) this.map.set(a.name, a);
  }
  has(name: string): boolean {
    return this.map.has(name);
  }
  int(name: string): number | undefined;
  int(name: string, dflt: number): number;
  int(name: string, dflt?: number): number | undefined {
    const a = this.map.get(name);
    if (!a) return dflt;
    return Number(a.i ?? 0);
  }
  float(name: string, dflt?: number): number | undefined {
    const a = this.map.get(name);
    if (!a) return dflt;
    return Number(a.f ?? 0);
  }
  ints(name: string): number[] | undefined {
    const a = this.map.get(name);
    if (!a) return undefined;
    return (a.ints ?? []).map(Number);
  }
  floats(name: string): number[] | undefined {
    const a = this.map.get(name);
    return a ? (a.floats ?? []).map(Number) : undefined;
  }
  str(name: string, dflt?: string): string | undefined {
    const a = this.map.get(name);
    if (!a) return dflt;
    return a.s ? new TextDecoder().decode(a.s) : '';
  }
  tensor(name: string): TensorMsg | undefined {
    return this.map.get(name)?.t;
  }
  hasGraph(): boolean {
    for (const a of this.map.values()) if (a.g || (a.graphs?.length ?? 0) > 0) return true;
    return false;
  }
  required<T>(v: T | undefined, name: string): T {
    if (v === undefined) throw badInput(`missing attribute '${name}'`, this.where);
    return v;
  }
}

function dimsOf(v: ValueInfoMsg): (number | undefined)[] | undefined {
  const shape = v.type?.tensorType?.shape;
  if (!shape) return undefined;
  return (shape.dim ?? []).map((d) => (d.dimValue !== undefined && d.dimValue !== null && !d.dimParam ? Number(d.dimValue) : undefined));
}

export function readModel(bytes: Uint8Array, file: string): OnnxModel {
  if (bytes.length === 0) throw badInput('empty file, not an ONNX model', file);
  let msg: ModelMsg;
  try {
    msg = decodeModel(bytes);
  } catch (e) {
    throw badInput(`not a valid ONNX model: truncated or corrupted (protobuf decoding failed: ${(e as Error).message})`, file);
  }
  const g: GraphMsg | undefined = msg.graph;
  if (!g || (g.node?.length ?? 0) === 0) throw badInput('not an ONNX model: no graph or no nodes (truncated or not ONNX?)', file);
  const opsets = (msg.opsetImport ?? []).filter((o) => !o.domain || o.domain === 'ai.onnx');
  if (opsets.length === 0) throw badInput('no opset_import for the default ONNX domain', file);
  const opset = Number(opsets[0]!.version ?? 0);
  if (opset < MIN_OPSET || opset > MAX_OPSET) {
    throw new AddersimError('BAD_INPUT', `unsupported opset ${opset} (addersim reads opsets ${MIN_OPSET}–${MAX_OPSET})`, `${file}: opset_import`);
  }

  const initializers = new Map<string, TensorMsg>();
  for (const t of g.initializer ?? []) if (t.name) initializers.set(t.name, t);
  const inputs = (g.input ?? []).filter((v) => v.name && !initializers.has(v.name)).map((v) => ({ name: v.name!, dims: dimsOf(v) }));
  const declared = new Map<string, (number | undefined)[]>();
  for (const v of [...(g.valueInfo ?? []), ...(g.output ?? [])]) {
    const d = v.name ? dimsOf(v) : undefined;
    if (v.name && d) declared.set(v.name, d);
  }

  // Display names, unique.
  const used = new Set<string>();
  const raw: NodeMsg[] = g.node ?? [];
  checkLimit('onnxNodes', raw.length, `${file}: graph.node`);
  // Fan-out: how many nodes read each tensor (checked before any per-consumer work).
  const readers = new Map<string, number>();
  for (const n of raw) {
    for (const i of new Set(n.input ?? [])) {
      const k = (readers.get(i) ?? 0) + 1;
      readers.set(i, k);
      if (k > limit('onnxFanout')) throw limitError('onnxFanout', k, `${file}: tensor '${i}'`);
    }
  }
  const named = raw.map((n, index) => {
    const opType = n.opType ?? '';
    let name = n.name && n.name.length > 0 ? n.name : `${opType || 'node'}_${index}`;
    while (used.has(name)) name = `${name}_${index}`;
    used.add(name);
    const where = `${file}: node ${name} (${opType})`;
    if (!opType) throw badInput('node without op_type', where);
    const node: OnnxNode = {
      index,
      name,
      opType,
      domain: n.domain ?? '',
      inputs: n.input ?? [],
      outputs: n.output ?? [],
      attrs: new Attrs(n.attribute ?? [], where),
      where,
    };
    return node;
  });

  return {
    file,
    opset,
    irVersion: Number(msg.irVersion ?? 0),
    producer: `${msg.producerName ?? ''} ${msg.producerVersion ?? ''}`.trim(),
    graphName: g.name ?? '',
    nodes: topoSort(
      named,
      initializers,
      inputs.map((i) => i.name),
      file,
    ),
    initializers,
    inputs,
    outputs: (g.output ?? []).map((o) => o.name ?? ''),
    declared,
  };
}

/** Topological order; a dangling input or a cycle is an error naming a node. */
function topoSort(nodes: OnnxNode[], inits: ReadonlyMap<string, unknown>, inputs: readonly string[], file: string): OnnxNode[] {
  const producer = new Map<string, OnnxNode>();
  for (const n of nodes) {
    for (const o of n.outputs) {
      if (!o) continue;
      if (producer.has(o) || inits.has(o) || inputs.includes(o)) throw badInput(`output '${o}' is defined twice`, n.where);
      producer.set(o, n);
    }
  }
  const available = new Set<string>([...inits.keys(), ...inputs, '']);
  const pending = new Map<OnnxNode, number>();
  const consumers = new Map<string, OnnxNode[]>();
  for (const n of nodes) {
    let missing = 0;
    for (const i of new Set(n.inputs)) {
      if (available.has(i)) continue;
      if (!producer.has(i)) throw badInput(`input '${i}' is not produced by any node, initializer or graph input`, n.where);
      missing++;
      const list = consumers.get(i);
      if (list) list.push(n);
      else consumers.set(i, [n]);
    }
    pending.set(n, missing);
  }
  // ONNX requires file order to be topological; keep it when it is, else Kahn's algorithm (FIFO).
  const seen = new Set(available);
  if (nodes.every((n) => n.inputs.every((i) => seen.has(i)) && n.outputs.every((o) => seen.add(o)))) return nodes;
  const queue = nodes.filter((n) => pending.get(n) === 0);
  const order: OnnxNode[] = [];
  for (let head = 0; head < queue.length; head++) {
    const n = queue[head]!;
    order.push(n);
    for (const o of n.outputs) {
      for (const c of consumers.get(o) ?? []) {
        const left = pending.get(c)! - 1;
        pending.set(c, left);
        if (left === 0) queue.push(c);
      }
    }
  }
  if (order.length !== nodes.length) {
    const stuck = nodes.find((n) => pending.get(n)! > 0)!;
    throw badInput(`the graph has a cycle (or depends on one) through this node; ${nodes.length - order.length} nodes cannot be ordered`, stuck.where);
  }
  return order;
}
