// The `bound` scheduler: an analytic lower bound of a loop nest, exact in rationals.
//   per iteration of a loop = max( dispatch   = µops / dispatch width,
//                                  ports      = max over port subsets S of busy(µops whose ports ⊆ S) / |S|
//                                               (the optimal fractional assignment of µops to ports),
//                                  recurrence = max over dependency cycles of latency / iterations spanned )
// where dispatch and ports count the loop's own µops plus everything its inner loops issue (resources
// add up; an out-of-order core may overlap an outer body with its inner loops, so their latencies do
// not). A loop's bound = max(ceil(per iteration × trip), the bound of its largest inner loop);
// straight-line code outside any loop counts its critical path. Every term is a true lower bound of
// the work (all µops must dispatch and execute; a carried chain runs through every iteration), so
// `cycle` ≥ `bound` holds for nests as well as single loops (tested).

import { checkedAdd, checkedMul, checkLimit, formName, ratio, ratioCeilTimes, ratioCmp, ratioToNumber, type Kernel, type Ratio, type Stmt, type Instr } from '../../isa/index.ts';
import { instrDesc, machineDesc, readLatency, type InstrDesc, type MachineDesc } from '../descriptors.ts';
import type { Profile } from '../profile/schema.ts';
import type { Bottleneck } from '../results/result.ts';

export interface BodyBound {
  readonly dispatch: Ratio;
  readonly ports: Ratio;
  /** The port subset that attains `ports` (empty when the body has no µops). */
  readonly criticalPorts: readonly string[];
  /** Loop-carried recurrence per iteration (loops) or critical path (straight-line code). */
  readonly dependency: Ratio;
  readonly bound: Ratio;
  readonly bottleneck: Bottleneck;
}

export interface LoopBound {
  /** Loop variable name; `(top)` for the kernel's straight-line level. */
  readonly name: string;
  readonly trip: number;
  /** Bound of this body's own instructions (inner loops excluded). */
  readonly own: BodyBound;
  /** The largest bound among the inner loops (one instance). */
  readonly innerCycles: number;
  readonly perIteration: Ratio;
  readonly cycles: number;
  readonly inner: readonly LoopBound[];
}

export interface BoundResult {
  readonly cycles: number;
  readonly bottleneck: Bottleneck;
  readonly tree: LoopBound;
  /** Port busy cycles with each µop spread evenly over its ports (like llvm-mca's resource pressure), whole kernel. */
  readonly portPressure: Readonly<Record<string, number>>;
}

const ZERO = ratio(0);

function ratioAdd(a: Ratio, b: Ratio): Ratio {
  return ratio(checkedAdd(checkedMul(a.num, b.den), checkedMul(b.num, a.den)), checkedMul(a.den, b.den));
}

function popcount(x: number): number {
  let n = 0;
  for (; x; x &= x - 1) n++;
  return n;
}

/** max over unions S of µop port sets of busy(⊆ S)/|S|. */
export function portBound(uops: readonly { portMask: number; busyCycles: number }[]): { bound: Ratio; mask: number } {
  const busyByMask = new Map<number, number>();
  for (const u of uops) busyByMask.set(u.portMask, checkedAdd(busyByMask.get(u.portMask) ?? 0, u.busyCycles));
  const masks = [...busyByMask.keys()];
  const unions = new Set<number>();
  for (const m of masks) {
    const add: number[] = [m];
    for (const s of unions) add.push((s | m) >>> 0);
    for (const a of add) unions.add(a);
    if (unions.size > 1 << 16) break; // never reached with real port counts; keeps the enumeration bounded
  }
  let best: Ratio = ZERO;
  let bestMask = 0;
  for (const s of unions) {
    let busy = 0;
    for (const [m, b] of busyByMask) if ((m & ~s) === 0) busy += b;
    const r = ratio(busy, popcount(s));
    if (ratioCmp(r, best) > 0) {
      best = r;
      bestMask = s;
    }
  }
  return { bound: best, mask: bestMask };
}

interface Node {
  readonly desc: InstrDesc;
  readonly instr: Instr;
}

/**
 * Dependency edges among a body's own instructions. Position p of the body is an own instruction or
 * an inner loop (`writes` = registers it writes); a value written by an inner loop carries no edge.
 * Linear in the body except for the recurrence of one strongly connected group of instructions with
 * k loop-carried reads, which costs k·(its edges) + k³ (k is bounded by the carriedReads limit).
 */
function dependencyBound(body: readonly Stmt[], nodes: Map<number, Node>, loopCarried: boolean, where: string): Ratio {
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

function skeletonOf(body: readonly Stmt[], loopCarried: boolean): Skeleton {
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

function ratioMaxStrict(a: Ratio, b: Ratio): Ratio {
  return ratioCmp(b, a) > 0 ? b : a;
}

function loopWrites(body: readonly Stmt[], into = new Set<string>()): Set<string> {
  for (const s of body) {
    if (s.kind === 'loop') loopWrites(s.body, into);
    else if (s.dst !== undefined) into.add(s.dst);
  }
  return into;
}

function bodyBound(body: readonly Stmt[], profile: Profile, m: MachineDesc, loopCarried: boolean, where: string): BodyBound {
  const nodes = new Map<number, Node>();
  const uops: { portMask: number; busyCycles: number }[] = [];
  let numUops = 0;
  body.forEach((s, p) => {
    if (s.kind !== 'instr') return;
    const desc = instrDesc(profile, s, `${where}[${p}]`);
    nodes.set(p, { desc, instr: s });
    numUops += desc.numUops;
    uops.push(...desc.uops);
  });
  const dispatch = ratio(numUops, m.dispatchWidth);
  const pb = portBound(uops);
  const dependency = dependencyBound(body, nodes, loopCarried, where);
  // Ties name the dependency chain first, then a port, then dispatch.
  let bound = dependency;
  let bottleneck: Bottleneck = numUops === 0 ? 'none' : 'dependency';
  const critical = m.ports.filter((_, i) => pb.mask & (1 << i));
  if (ratioCmp(pb.bound, bound) > 0) {
    bound = pb.bound;
    bottleneck = `port:${critical.join('+')}`;
  }
  if (ratioCmp(dispatch, bound) > 0) {
    bound = dispatch;
    bottleneck = 'dispatch';
  }
  return { dispatch, ports: pb.bound, criticalPorts: critical, dependency, bound, bottleneck };
}

/** µops aggregated by port set: portMask → busy cycles, plus the µop count (for dispatch). */
interface Aggregate {
  readonly busyByMask: Map<number, number>;
  numUops: number;
}

function addScaled(into: Aggregate, from: Aggregate, times: number): void {
  for (const [mask, busy] of from.busyByMask) into.busyByMask.set(mask, checkedAdd(into.busyByMask.get(mask) ?? 0, checkedMul(busy, times)));
  into.numUops = checkedAdd(into.numUops, checkedMul(from.numUops, times));
}

function throughputOf(a: Aggregate, m: MachineDesc): { dispatch: Ratio; ports: Ratio; mask: number } {
  const pb = portBound([...a.busyByMask].map(([portMask, busyCycles]) => ({ portMask, busyCycles })));
  return { dispatch: ratio(a.numUops, m.dispatchWidth), ports: pb.bound, mask: pb.mask };
}

function loopBoundAgg(name: string, trip: number, body: readonly Stmt[], profile: Profile, m: MachineDesc, isLoop: boolean, where: string): { lb: LoopBound; perIter: Aggregate } {
  const own = bodyBound(body, profile, m, isLoop, where);
  const perIter: Aggregate = { busyByMask: new Map(), numUops: 0 };
  body.forEach((s, p) => {
    if (s.kind !== 'instr') return;
    const d = instrDesc(profile, s, `${where}[${p}]`);
    for (const u of d.uops) perIter.busyByMask.set(u.portMask, checkedAdd(perIter.busyByMask.get(u.portMask) ?? 0, u.busyCycles));
    perIter.numUops = checkedAdd(perIter.numUops, d.numUops);
  });
  const inner: LoopBound[] = [];
  let innerCycles = 0;
  body.forEach((s, p) => {
    if (s.kind !== 'loop') return;
    const r = loopBoundAgg(s.name, s.trip, s.body, profile, m, true, `${where}[${p}].body`);
    inner.push(r.lb);
    addScaled(perIter, r.perIter, s.trip);
    innerCycles = Math.max(innerCycles, r.lb.cycles);
  });
  const tp = throughputOf(perIter, m);
  let perIteration = own.dependency;
  for (const r of [tp.ports, tp.dispatch]) if (ratioCmp(r, perIteration) > 0) perIteration = r;
  const dispatchCycles = dispatchCyclesOf(body, profile, m, perIter, trip);
  const cycles = loopCycles(trip, tp.ports, own.dependency, dispatchCycles, innerCycles);
  return { lb: { name, trip, own, innerCycles, perIteration, cycles, inner }, perIter };
}

/** Cycles to dispatch a loop's µops (`trip` iterations of `perIter`). The last instruction's µops beyond
 *  the dispatch width carry over after it has entered the machine: it may execute and retire before they
 *  are counted, so the whole-loop dispatch term leaves them out. */
function dispatchCyclesOf(body: readonly Stmt[], profile: Profile, m: MachineDesc, perIter: Aggregate, trip: number): number {
  const excess = Math.max(0, lastUops(body, profile) - m.dispatchWidth);
  return ratioCeilTimes(ratio(checkedMul(perIter.numUops, trip) - excess, m.dispatchWidth), 1);
}

/** A loop's bound from its terms: the one rule `boundBody` and the split bound (below) share. */
function loopCycles(trip: number, ports: Ratio, dependency: Ratio, dispatchCycles: number, innerCycles: number): number {
  const rest = ratioCmp(ports, dependency) > 0 ? ports : dependency;
  return trip === 0 ? 0 : Math.max(ratioCeilTimes(rest, trip), dispatchCycles, innerCycles);
}

// The bound apart by what its terms read, for what-if sweeps that change one kind of number at a time:
// the throughput terms read µops, ports and the dispatch width; the dependency terms read latencies.
// boundCyclesOf(throughput, dependency) = boundKernel(…).cycles on the same kernel and profile.

/** Per loop (top level first, then inner loops in body order): ports term per iteration and dispatch cycles. */
export interface ThroughputTree {
  readonly trip: number;
  readonly ports: Ratio;
  readonly dispatchCycles: number;
  readonly inner: readonly ThroughputTree[];
}

/** Per loop, in the same order: the loop-carried recurrence (critical path at the top level). */
export interface DependencyTree {
  readonly dependency: Ratio;
  readonly inner: readonly DependencyTree[];
}

export function boundThroughput(kernel: Kernel, profile: Profile): ThroughputTree {
  const m = machineDesc(profile);
  const walk = (body: readonly Stmt[], trip: number, where: string): { t: ThroughputTree; perIter: Aggregate } => {
    const perIter: Aggregate = { busyByMask: new Map(), numUops: 0 };
    const inner: ThroughputTree[] = [];
    body.forEach((s, p) => {
      if (s.kind === 'instr') {
        const d = instrDesc(profile, s, `${where}[${p}]`);
        for (const u of d.uops) perIter.busyByMask.set(u.portMask, checkedAdd(perIter.busyByMask.get(u.portMask) ?? 0, u.busyCycles));
        perIter.numUops = checkedAdd(perIter.numUops, d.numUops);
      }
    });
    body.forEach((s, p) => {
      if (s.kind !== 'loop') return;
      const r = walk(s.body, s.trip, `${where}[${p}].body`);
      inner.push(r.t);
      addScaled(perIter, r.perIter, s.trip);
    });
    const tp = throughputOf(perIter, m);
    return { t: { trip, ports: tp.ports, dispatchCycles: dispatchCyclesOf(body, profile, m, perIter, trip), inner }, perIter };
  };
  const r = walk(kernel.body, 1, `kernel ${kernel.name}`);
  addScaled({ busyByMask: new Map(), numUops: 0 }, r.perIter, 1); // the same overflow checks as the whole bound
  return r.t;
}

export function boundDependency(kernel: Kernel, profile: Profile): DependencyTree {
  const walk = (body: readonly Stmt[], isLoop: boolean, where: string): DependencyTree => {
    const nodes = new Map<number, Node>();
    const inner: DependencyTree[] = [];
    body.forEach((s, p) => {
      if (s.kind === 'instr') nodes.set(p, { desc: instrDesc(profile, s, `${where}[${p}]`), instr: s });
      else inner.push(walk(s.body, true, `${where}[${p}].body`));
    });
    return { dependency: dependencyBound(body, nodes, isLoop, where), inner };
  };
  return walk(kernel.body, false, `kernel ${kernel.name}`);
}

/**
 * The forms whose timings boundDependency reads a number of: every instruction of straight-line code
 * (its critical path) and, in loops, the instructions of recurrences (edges out of a recurrence weigh
 * nothing in it). A profile change outside these forms leaves boundDependency's tree as it was. Kept by kernel.
 */
export function dependencyForms(kernel: Kernel): ReadonlySet<string> {
  let forms = dependencyFormsMemo.get(kernel);
  if (forms) return forms;
  const out = new Set<string>();
  const walk = (body: readonly Stmt[], isLoop: boolean): void => {
    const sk = skeletonOf(body, isLoop);
    if (!isLoop) for (const p of sk.pos) out.add(formName(body[p] as Instr));
    for (const c of sk.recurrences) for (const v of c.order) out.add(formName(body[sk.pos[v]!] as Instr));
    for (const s of body) if (s.kind === 'loop') walk(s.body, true);
  };
  walk(kernel.body, false);
  dependencyFormsMemo.set(kernel, (forms = out));
  return forms;
}

const dependencyFormsMemo = new WeakMap<Kernel, ReadonlySet<string>>();

export function boundCyclesOf(t: ThroughputTree, d: DependencyTree): number {
  let innerCycles = 0;
  t.inner.forEach((x, i) => (innerCycles = Math.max(innerCycles, boundCyclesOf(x, d.inner[i]!))));
  return loopCycles(t.trip, t.ports, d.dependency, t.dispatchCycles, innerCycles);
}

/** µops of the last instruction a body runs (0 if it runs none). */
function lastUops(body: readonly Stmt[], profile: Profile): number {
  for (let k = body.length - 1; k >= 0; k--) {
    const s = body[k]!;
    if (s.kind === 'instr') return instrDesc(profile, s).numUops;
    if (s.trip > 0) {
      const n = lastUops(s.body, profile);
      if (n > 0) return n;
    }
  }
  return 0;
}

function loopBound(name: string, trip: number, body: readonly Stmt[], profile: Profile, m: MachineDesc, isLoop: boolean, where: string): { lb: LoopBound; total: Aggregate } {
  const r = loopBoundAgg(name, trip, body, profile, m, isLoop, where);
  const total: Aggregate = { busyByMask: new Map(), numUops: 0 };
  addScaled(total, r.perIter, trip);
  return { lb: r.lb, total };
}

/** Which term attains the kernel's bound: whole-kernel dispatch, a port set, or a dependency chain. */
function bottleneckOf(cycles: number, total: Aggregate, m: MachineDesc): Bottleneck {
  if (total.numUops === 0) return 'none';
  const tp = throughputOf(total, m);
  if (ratioCeilTimes(tp.ports, 1) >= cycles && ratioCmp(tp.ports, tp.dispatch) >= 0) {
    return `port:${m.ports.filter((_, i) => tp.mask & (1 << i)).join('+')}`;
  }
  if (ratioCeilTimes(tp.dispatch, 1) >= cycles) return 'dispatch';
  return 'dependency';
}

function pressure(body: readonly Stmt[], profile: Profile, m: MachineDesc, mult: number, acc: Ratio[]): void {
  for (const s of body) {
    if (s.kind === 'loop') {
      pressure(s.body, profile, m, checkedMul(mult, s.trip), acc);
      continue;
    }
    for (const u of instrDesc(profile, s).uops) {
      const share = ratio(checkedMul(u.busyCycles, mult), u.ports.length);
      for (const p of u.ports) acc[p] = ratioAdd(acc[p]!, share);
    }
  }
}

export function boundBody(body: readonly Stmt[], profile: Profile, name = '(top)'): BoundResult {
  const m = machineDesc(profile);
  const { lb: tree, total } = loopBound('(top)', 1, body, profile, m, false, name);
  const acc = m.ports.map(() => ZERO);
  pressure(body, profile, m, 1, acc);
  const portPressure: Record<string, number> = {};
  m.ports.forEach((p, i) => (portPressure[p] = ratioToNumber(acc[i]!)));
  return { cycles: tree.cycles, bottleneck: bottleneckOf(tree.cycles, total, m), tree, portPressure };
}

export function boundKernel(kernel: Kernel, profile: Profile): BoundResult {
  return boundBody(kernel.body, profile, `kernel ${kernel.name}`);
}
