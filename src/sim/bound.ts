// The `bound` scheduler: an analytic lower bound per loop body, exact in rationals.
//   per iteration = max( dispatch  = µops / dispatch width,
//                        ports     = max over port subsets S of busy(µops whose ports ⊆ S) / |S|
//                                    (the optimal fractional assignment of µops to ports),
//                        recurrence = max over dependency cycles of latency / iterations spanned )
// A loop's total = ceil(per iteration × trip); an outer body's per-iteration cost is the bound of its
// own instructions plus the totals of its inner loops. Straight-line code outside any loop is a
// single pass: max(dispatch, ports, critical path).
// For a single loop this is a true lower bound of the cycle model (a tested property). For nests the
// additive composition assumes an outer body's own instructions do not overlap its inner loops; an
// out-of-order core can overlap them, so the nest bound may exceed a simulated count by up to that
// overlap (the whole-nest dispatch and port bounds never do; test/sim/cycle.test.ts).

import { checkedAdd, checkedMul, ratio, ratioCeilTimes, ratioCmp, ratioToNumber, type Kernel, type Ratio, type Stmt, type Instr } from '../isa/index.ts';
import { instrDesc, machineDesc, type InstrDesc, type MachineDesc } from './descriptors.ts';
import type { Profile } from './profile-schema.ts';
import type { Bottleneck } from './result.ts';

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
 */
function dependencyBound(body: readonly Stmt[], nodes: Map<number, Node>, loopCarried: boolean): Ratio {
  const pos = [...nodes.keys()];
  const idx = new Map(pos.map((p, i) => [p, i]));
  const n = pos.length;
  if (n === 0) return ZERO;
  const writes = body.map((s) => (s.kind === 'instr' ? (s.dst === undefined ? new Set<string>() : new Set([s.dst])) : loopWrites(s.body)));
  const lat = pos.map((p) => nodes.get(p)!.desc.latencyCycles);
  const intra: number[][] = Array.from({ length: n }, () => []); // intra[v] = producers u (u < v)
  const carried: number[][] = Array.from({ length: n }, () => []); // carried[v] = producers w (previous iteration)
  pos.forEach((p, v) => {
    for (const r of nodes.get(p)!.instr.src) {
      let found = false;
      for (let q = p - 1; q >= 0; q--) {
        if (writes[q]!.has(r)) {
          const u = idx.get(q);
          if (u !== undefined) intra[v]!.push(u);
          found = true;
          break;
        }
      }
      if (found || !loopCarried) continue;
      for (let q = body.length - 1; q >= p; q--) {
        if (writes[q]!.has(r)) {
          const w = idx.get(q);
          if (w !== undefined) carried[v]!.push(w);
          break;
        }
      }
    }
  });
  // D[a][w]: longest latency sum of an intra path a → … → w (both ends included); -1 = none.
  const D: number[][] = [];
  for (let a = 0; a < n; a++) {
    const d = new Array<number>(n).fill(-1);
    d[a] = lat[a]!;
    for (let v = a + 1; v < n; v++) for (const u of intra[v]!) if (d[u]! >= 0) d[v] = Math.max(d[v]!, d[u]! + lat[v]!);
    D.push(d);
  }
  if (!loopCarried) {
    let cp = 0;
    for (const d of D) for (const x of d) cp = Math.max(cp, x);
    return ratio(cp);
  }
  // Max cycle mean in max-plus algebra over the heads of carried edges.
  const heads = [...Array(n).keys()].filter((v) => carried[v]!.length > 0);
  const k = heads.length;
  if (k === 0) return ZERO;
  const M: number[][] = heads.map((b1) =>
    heads.map((b2) => {
      let best = -1;
      for (const w of carried[b2]!) if (D[b1]![w]! >= 0) best = Math.max(best, D[b1]![w]!);
      return best;
    }),
  );
  let best: Ratio = ZERO;
  let P = M;
  for (let len = 1; len <= k; len++) {
    for (let i = 0; i < k; i++) if (P[i]![i]! >= 0) best = ratioMaxStrict(best, ratio(P[i]![i]!, len));
    if (len < k) P = maxPlusMul(P, M);
  }
  return best;
}

function ratioMaxStrict(a: Ratio, b: Ratio): Ratio {
  return ratioCmp(b, a) > 0 ? b : a;
}

function maxPlusMul(A: number[][], B: number[][]): number[][] {
  const k = A.length;
  return A.map((row) => {
    const out = new Array<number>(k).fill(-1);
    for (let m = 0; m < k; m++) {
      const a = row[m]!;
      if (a < 0) continue;
      const brow = B[m]!;
      for (let j = 0; j < k; j++) if (brow[j]! >= 0 && a + brow[j]! > out[j]!) out[j] = a + brow[j]!;
    }
    return out;
  });
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
  const dependency = dependencyBound(body, nodes, loopCarried);
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

function loopBound(name: string, trip: number, body: readonly Stmt[], profile: Profile, m: MachineDesc, isLoop: boolean, where: string): LoopBound {
  const own = bodyBound(body, profile, m, isLoop, where);
  const inner: LoopBound[] = [];
  let innerCycles = 0;
  body.forEach((s, p) => {
    if (s.kind !== 'loop') return;
    const lb = loopBound(s.name, s.trip, s.body, profile, m, true, `${where}[${p}].body`);
    inner.push(lb);
    innerCycles = checkedAdd(innerCycles, lb.cycles, 'cycles');
  });
  const perIteration = isLoop ? ratioAdd(own.bound, ratio(innerCycles)) : ratioAdd(ratio(ratioCeilTimes(own.bound, 1)), ratio(innerCycles));
  return { name, trip, own, innerCycles, perIteration, cycles: ratioCeilTimes(perIteration, trip), inner };
}

/** The body whose own instructions weigh most (own bound × times it runs) names the kernel's bottleneck. */
function dominant(t: LoopBound, mult: number, best: { w: Ratio; b: Bottleneck }): void {
  const times = checkedMul(mult, t.trip);
  const w = ratio(checkedMul(t.own.bound.num, times), t.own.bound.den);
  if (t.own.bottleneck !== 'none' && ratioCmp(w, best.w) > 0) {
    best.w = w;
    best.b = t.own.bottleneck;
  }
  for (const c of t.inner) dominant(c, times, best);
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
  const tree = loopBound('(top)', 1, body, profile, m, false, name);
  const best = { w: ZERO, b: 'none' as Bottleneck };
  dominant(tree, 1, best);
  const acc = m.ports.map(() => ZERO);
  pressure(body, profile, m, 1, acc);
  const portPressure: Record<string, number> = {};
  m.ports.forEach((p, i) => (portPressure[p] = ratioToNumber(acc[i]!)));
  return { cycles: tree.cycles, bottleneck: best.b, tree, portPressure };
}

export function boundKernel(kernel: Kernel, profile: Profile): BoundResult {
  return boundBody(kernel.body, profile, `kernel ${kernel.name}`);
}
