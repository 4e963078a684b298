// The recurrence term of the `bound` scheduler (bound.ts): the largest latency per iteration over the
// dependency cycles of a loop body (max cycle mean), built from the body's instructions alone (a skeleton
// of edges, cached per body) and weighed with the profile's latencies. Linear in the body except inside
// one strongly connected group with k loop-carried reads (k ≤ the carriedReads limit).

import { checkLimit, ratio, ratioCmp, type Ratio, type Stmt, type Instr } from '../../isa/index.ts';
import { readLatency, type InstrDesc } from '../descriptors.ts';

const ZERO = ratio(0);

export interface Node {
  readonly desc: InstrDesc;
  readonly instr: Instr;
}

/**
 * Dependency edges among a body's own instructions. Position p of the body is an own instruction or
 * an inner loop (`writes` = registers it writes); a value written by an inner loop carries no edge.
 * Linear in the body except for the recurrence of one strongly connected group of instructions with
 * k loop-carried reads, which costs k·(its edges) + k³ (k is bounded by the carriedReads limit).
 */
export function dependencyBound(body: readonly Stmt[], nodes: Map<number, Node>, loopCarried: boolean, where: string): Ratio {
  const sk = skeletonOf(body, loopCarried);
  const n = sk.n;
  if (n === 0) return ZERO;
  const descs: InstrDesc[] = [];
  for (const node of nodes.values()) descs.push(node.desc);
  // Edge u → v weighs the cycles from u's issue until v may use its result (`readLatency`: u's
  // accumulator latency when v reads it as its accumulator, less v's read advance on the forwarding
  // network, else u's latency): the same rule as the cycle model.
  const weight = (e: SkeletonEdge, v: number): number => readLatency(descs[e.u]!, descs[v]!, e.acc);
  if (!loopCarried) {
    // Longest path through the intra edges (they go forward in the body).
    const f = new Array<number>(n).fill(0);
    let cp = 0;
    for (let v = 0; v < n; v++) {
      for (const e of sk.intra[v]!) f[v] = Math.max(f[v]!, f[e.u]! + weight(e, v));
      cp = Math.max(cp, f[v]! + descs[v]!.latencyCycles);
    }
    return ratio(cp);
  }
  // Every dependency cycle lies in one strongly connected component and uses at least one carried edge.
  let best: Ratio = ZERO;
  for (const c of sk.recurrences) {
    checkLimit('carriedReads', c.heads.length, where);
    const k = c.order.length;
    // D[h][x]: longest intra path h → … → x inside the component (-1 = none), x by its place in `order`.
    const D = c.heads.map((h) => {
      const d = new Array<number>(k).fill(-1);
      d[h] = 0;
      for (let x = h + 1; x < k; x++) {
        const v = c.order[x]!;
        let dv = -1;
        for (const e of c.intra[x]!) if (d[e.at]! >= 0) dv = Math.max(dv, d[e.at]! + weight(e, v));
        if (dv >= 0) d[x] = dv;
      }
      return d;
    });
    // M[i][j]: the heaviest path from head i to head j that takes exactly one carried edge (its last).
    const M: number[][] = c.heads.map((_, i) =>
      c.heads.map((b2, j) => {
        let m = -1;
        for (const e of c.carried[j]!) if (D[i]![e.at]! >= 0) m = Math.max(m, D[i]![e.at]! + weight(e, c.order[b2]!));
        return m;
      }),
    );
    best = ratioMaxStrict(best, maxCycleMean(M));
  }
  return best;
}

/** A dependency edge from node u; `acc`: the consumer reads u's result as its accumulator. */
interface SkeletonEdge {
  readonly u: number;
  readonly acc: boolean;
}

/** The dependency graph of a body without weights (they are the only part a profile changes): nodes are
 *  the body's instructions in order; per node its producers in the same iteration (u < v) and in the
 *  previous one; per strongly connected component with a carried edge inside (a recurrence), its heads
 *  (nodes with a carried producer inside), nodes in order and the edges inside it. */
interface Skeleton {
  readonly n: number;
  /** Body position of each node. */
  readonly pos: readonly number[];
  readonly intra: readonly (readonly SkeletonEdge[])[];
  readonly recurrences: readonly Recurrence[];
}

/** One recurrence: its nodes in body order; heads and edges by place in `order` (`at`: the producer's place). */
interface Recurrence {
  readonly order: readonly number[];
  readonly heads: readonly number[];
  /** Per place: producers in the same iteration inside the component. */
  readonly intra: readonly (readonly (SkeletonEdge & { readonly at: number })[])[];
  /** Per head: producers of the previous iteration inside the component. */
  readonly carried: readonly (readonly (SkeletonEdge & { readonly at: number })[])[];
}

/** Skeletons by body (bodies are immutable and shared by every profile a sweep evaluates), [straight, loop]. */
const skeletons = new WeakMap<readonly Stmt[], [Skeleton?, Skeleton?]>();

export function skeletonOf(body: readonly Stmt[], loopCarried: boolean): Skeleton {
  let both = skeletons.get(body);
  if (!both) skeletons.set(body, (both = [undefined, undefined]));
  const i = loopCarried ? 1 : 0;
  return (both[i] ??= buildSkeleton(body, loopCarried));
}

function buildSkeleton(body: readonly Stmt[], loopCarried: boolean): Skeleton {
  // by body position: the node index (-1: an inner loop)
  const idx = new Array<number>(body.length).fill(-1);
  const pos: number[] = [];
  body.forEach((s, p) => {
    if (s.kind === 'instr') idx[p] = pos.push(p) - 1;
  });
  const n = pos.length;
  // The last writer of each register before each position (one forward pass), and the last in the body.
  const lastBefore: (Map<string, number> | null)[] = new Array(body.length).fill(null);
  const last = new Map<string, number>();
  body.forEach((s, q) => {
    if (s.kind === 'instr') {
      if (s.src.length) lastBefore[q] = new Map(s.src.map((r) => [r, last.get(r) ?? -1]));
      if (s.dst !== undefined) last.set(s.dst, q);
    } else for (const r of loopWrites(s.body)) last.set(r, q);
  });
  const intra: SkeletonEdge[][] = Array.from({ length: n }, () => []); // producers in the same iteration (u < v)
  const carried: SkeletonEdge[][] = Array.from({ length: n }, () => []); // producers of the previous iteration
  pos.forEach((p, v) => {
    const ins = body[p] as Instr;
    for (const r of ins.src) {
      const acc = r === ins.dst;
      const q = lastBefore[p]!.get(r)!;
      if (q >= 0) {
        if (idx[q]! >= 0) intra[v]!.push({ u: idx[q]!, acc });
        continue;
      }
      if (!loopCarried) continue;
      const qc = last.get(r);
      if (qc !== undefined && qc >= p && idx[qc]! >= 0) carried[v]!.push({ u: idx[qc]!, acc });
    }
  });
  const recurrences: Recurrence[] = [];
  if (loopCarried) {
    const place = new Array<number>(n).fill(-1); // a node's place in its component's order (each node is in one)
    for (const comp of components(n, intra, carried)) {
      const inComp = new Set(comp);
      const heads = comp.filter((v) => carried[v]!.some((e) => inComp.has(e.u)));
      if (!heads.length) continue;
      const order = [...comp].sort((a, b) => a - b);
      order.forEach((v, x) => (place[v] = x));
      const inside = (es: readonly SkeletonEdge[]) => es.filter((e) => inComp.has(e.u)).map((e) => ({ ...e, at: place[e.u]! }));
      const headPlaces = heads.map((h) => place[h]!);
      recurrences.push({ order, heads: headPlaces, intra: order.map((v) => inside(intra[v]!)), carried: heads.map((h) => inside(carried[h]!)) });
    }
  }
  return { n, pos, intra, recurrences };
}

/** Strongly connected components of the graph u → v for every edge in intra[v] and carried[v] (iterative Tarjan). */
function components(n: number, intra: readonly { u: number }[][], carried: readonly { u: number }[][]): number[][] {
  const succ: number[][] = Array.from({ length: n }, () => []);
  for (let v = 0; v < n; v++) for (const e of [...intra[v]!, ...carried[v]!]) succ[e.u]!.push(v);
  const index = new Array<number>(n).fill(-1);
  const low = new Array<number>(n).fill(0);
  const onStack = new Array<boolean>(n).fill(false);
  const stack: number[] = [];
  const out: number[][] = [];
  let next = 0;
  for (let root = 0; root < n; root++) {
    if (index[root]! >= 0) continue;
    const work: { v: number; i: number }[] = [{ v: root, i: 0 }];
    index[root] = low[root] = next++;
    stack.push(root);
    onStack[root] = true;
    while (work.length) {
      const top = work[work.length - 1]!;
      const w = succ[top.v]![top.i++];
      if (w !== undefined) {
        if (index[w]! < 0) {
          index[w] = low[w] = next++;
          stack.push(w);
          onStack[w] = true;
          work.push({ v: w, i: 0 });
        } else if (onStack[w]) low[top.v] = Math.min(low[top.v]!, index[w]!);
        continue;
      }
      work.pop();
      if (work.length) low[work[work.length - 1]!.v] = Math.min(low[work[work.length - 1]!.v]!, low[top.v]!);
      if (low[top.v] === index[top.v]) {
        const comp: number[] = [];
        let x: number;
        do {
          x = stack.pop()!;
          onStack[x] = false;
          comp.push(x);
        } while (x !== top.v);
        out.push(comp);
      }
    }
  }
  return out;
}

/** Karp's maximum cycle mean of a weighted digraph given as a matrix (-1 = no edge), exact; 0 if acyclic. */
function maxCycleMean(M: readonly (readonly number[])[]): Ratio {
  const k = M.length;
  // D[j][v]: heaviest walk of exactly j edges ending at v, from anywhere (-Infinity = none).
  const D: number[][] = [new Array<number>(k).fill(0)];
  for (let j = 1; j <= k; j++) {
    const prev = D[j - 1]!;
    const cur = new Array<number>(k).fill(-Infinity);
    for (let u = 0; u < k; u++) {
      if (prev[u] === -Infinity) continue;
      const row = M[u]!;
      for (let v = 0; v < k; v++) if (row[v]! >= 0 && prev[u]! + row[v]! > cur[v]!) cur[v] = prev[u]! + row[v]!;
    }
    D.push(cur);
  }
  let best: Ratio = ZERO;
  for (let v = 0; v < k; v++) {
    if (D[k]![v] === -Infinity) continue;
    let worst: Ratio | null = null;
    for (let j = 0; j < k; j++) {
      if (D[j]![v] === -Infinity) continue;
      const diff = D[k]![v]! - D[j]![v]!;
      if (diff < 0) {
        worst = null; // this vertex's minimum is below 0: it cannot raise the maximum
        break;
      }
      const r = ratio(diff, k - j);
      if (worst === null || ratioCmp(r, worst) < 0) worst = r;
    }
    if (worst !== null) best = ratioMaxStrict(best, worst);
  }
  return best;
}

export function ratioMaxStrict(a: Ratio, b: Ratio): Ratio {
  return ratioCmp(b, a) > 0 ? b : a;
}

export function loopWrites(body: readonly Stmt[], into = new Set<string>()): Set<string> {
  for (const s of body) {
    if (s.kind === 'loop') loopWrites(s.body, into);
    else if (s.dst !== undefined) into.add(s.dst);
  }
  return into;
}
