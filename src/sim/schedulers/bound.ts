// The `bound` scheduler: an analytic lower bound of a loop nest, exact in rationals.
//   per iteration of a loop = max( dispatch   = µops / dispatch width,
//                                  ports      = max over port subsets S of busy(µops whose ports ⊆ S) / |S|
//                                               (the optimal fractional assignment of µops to ports),
//                                  recurrence = max over dependency cycles of latency / iterations spanned )
// where dispatch and ports count the loop's own µops plus everything its inner loops issue (resources
// add up; an out-of-order core may overlap an outer body with its inner loops, so their latencies do
// not). A loop's bound = max(ceil(per iteration × trip), the bound of its largest inner loop);
// straight-line code outside any loop counts its critical path. The ports term over the whole loop is
// less the *port deficit* of its port set S: total cycles end at the last retirement (llvm-mca's Total
// Cycles), and a µop that holds its port longer than its instruction's latency (a non-pipelined divider:
// busy 34, latency 10) completes before its port is free, so the last one on S need not end the loop:
// ceil(ports × trip) − max over instructions on S of (cycles it holds one port − its latency), ≥ 0.
// Every term is a true lower bound of
// the work (all µops must dispatch and execute; a carried chain runs through every iteration), so
// `cycle` ≥ `bound` holds for nests as well as single loops (tested).

import {
  checkedAdd,
  checkedMul,
  formName,
  ratio,
  ratioCeilTimes,
  ratioCmp,
  ratioToNumber,
  type Kernel,
  type Ratio,
  type Stmt,
  type Instr,
} from '../../isa/index.ts';
import { instrDesc, machineDesc, type InstrDesc, type MachineDesc, type UopDesc } from '../descriptors.ts';
import type { Profile } from '../profile/schema.ts';
import type { Bottleneck } from '../results/result.ts';
import { dependencyBound, skeletonOf, type Node } from './bound-recurrence.ts';

/** Cycles an instruction may hold one port beyond its latency (≥ 0): per port the busy cycles of its µops
 *  that may go there (all of them could), less its latency; for composites also per part (each part is
 *  dispatched as an instruction of its own by the cycle model). 0 for every pipelined form with latency ≥ 1. */
function portDeficitOf(d: InstrDesc): number {
  const of = (uops: readonly UopDesc[], latency: number): number => {
    let worst = 0;
    for (const u of uops)
      for (const p of u.ports) {
        let held = 0;
        for (const v of uops) if (v.portMask & (1 << p)) held += v.busyCycles;
        if (held - latency > worst) worst = held - latency;
      }
    return worst;
  };
  let worst = of(d.uops, d.latencyCycles);
  for (const part of d.chainParts ?? d.parallelParts ?? []) worst = Math.max(worst, of(part.uops, part.latencyCycles));
  return worst;
}

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

/** Port deficits (portDeficitOf) by µop port set: portMask → the largest deficit of an instruction with a µop there. */
type Deficits = Map<number, number>;

function addDeficits(into: Deficits, d: InstrDesc): void {
  const def = portDeficitOf(d);
  if (def === 0) return;
  for (const u of [...d.uops, ...(d.chainParts ?? d.parallelParts ?? []).flatMap((p) => p.uops)])
    into.set(u.portMask, Math.max(into.get(u.portMask) ?? 0, def));
}

function mergeDeficits(into: Deficits, from: ReadonlyMap<number, number>, trip: number): void {
  if (trip > 0) for (const [mask, def] of from) into.set(mask, Math.max(into.get(mask) ?? 0, def));
}

/** The deficit of the port set `s`: the largest among the instructions with a µop whose ports lie in it. */
function deficitOfSet(s: number, deficits: ReadonlyMap<number, number>): number {
  let worst = 0;
  for (const [mask, def] of deficits) if ((mask & ~s) === 0 && def > worst) worst = def;
  return worst;
}

function throughputOf(a: Aggregate, m: MachineDesc): { dispatch: Ratio; ports: Ratio; mask: number } {
  const pb = portBound([...a.busyByMask].map(([portMask, busyCycles]) => ({ portMask, busyCycles })));
  return { dispatch: ratio(a.numUops, m.dispatchWidth), ports: pb.bound, mask: pb.mask };
}

function loopBoundAgg(
  name: string,
  trip: number,
  body: readonly Stmt[],
  profile: Profile,
  m: MachineDesc,
  isLoop: boolean,
  where: string,
): { lb: LoopBound; perIter: Aggregate; deficits: Deficits } {
  const own = bodyBound(body, profile, m, isLoop, where);
  const perIter: Aggregate = { busyByMask: new Map(), numUops: 0 };
  const deficits: Deficits = new Map();
  body.forEach((s, p) => {
    if (s.kind !== 'instr') return;
    const d = instrDesc(profile, s, `${where}[${p}]`);
    for (const u of d.uops) perIter.busyByMask.set(u.portMask, checkedAdd(perIter.busyByMask.get(u.portMask) ?? 0, u.busyCycles));
    perIter.numUops = checkedAdd(perIter.numUops, d.numUops);
    addDeficits(deficits, d);
  });
  const inner: LoopBound[] = [];
  let innerCycles = 0;
  body.forEach((s, p) => {
    if (s.kind !== 'loop') return;
    const r = loopBoundAgg(s.name, s.trip, s.body, profile, m, true, `${where}[${p}].body`);
    inner.push(r.lb);
    addScaled(perIter, r.perIter, s.trip);
    mergeDeficits(deficits, r.deficits, s.trip);
    innerCycles = Math.max(innerCycles, r.lb.cycles);
  });
  const tp = throughputOf(perIter, m);
  let perIteration = own.dependency;
  for (const r of [tp.ports, tp.dispatch]) if (ratioCmp(r, perIteration) > 0) perIteration = r;
  const dispatchCycles = dispatchCyclesOf(body, profile, m, perIter, trip);
  const cycles = loopCycles(trip, tp.ports, deficitOfSet(tp.mask, deficits), own.dependency, dispatchCycles, innerCycles);
  return { lb: { name, trip, own, innerCycles, perIteration, cycles, inner }, perIter, deficits };
}

/** Cycles to dispatch a loop's µops (`trip` iterations of `perIter`). The last instruction's µops beyond
 *  the dispatch width carry over after it has entered the machine: it may execute and retire before they
 *  are counted, so the whole-loop dispatch term leaves them out. */
function dispatchCyclesOf(body: readonly Stmt[], profile: Profile, m: MachineDesc, perIter: Aggregate, trip: number): number {
  const excess = Math.max(0, lastUops(body, profile) - m.dispatchWidth);
  return ratioCeilTimes(ratio(checkedMul(perIter.numUops, trip) - excess, m.dispatchWidth), 1);
}

/** A loop's bound from its terms: the one rule `boundBody` and the split bound (below) share. The ports
 *  term less the port set's deficit: its last µop may complete (and retire) before its port is free. */
function loopCycles(trip: number, ports: Ratio, portDeficit: number, dependency: Ratio, dispatchCycles: number, innerCycles: number): number {
  if (trip === 0) return 0;
  return Math.max(ratioCeilTimes(ports, trip) - portDeficit, ratioCeilTimes(dependency, trip), dispatchCycles, innerCycles);
}

// The bound apart by what its terms read, for what-if sweeps that change one kind of number at a time:
// the throughput terms read µops, ports and the dispatch width; the dependency terms read latencies; the
// port deficits (small: nonzero only for µops holding a port longer than their latency) read both.
// boundCyclesOf(throughput, dependency, deficit) = boundKernel(…).cycles on the same kernel and profile.

/** Per loop (top level first, then inner loops in body order): ports term per iteration, the port set
 *  attaining it (bit mask) and dispatch cycles. */
export interface ThroughputTree {
  readonly trip: number;
  readonly ports: Ratio;
  readonly portMask: number;
  readonly dispatchCycles: number;
  readonly inner: readonly ThroughputTree[];
}

/** Per loop, in the same order: port deficits by µop port set (portDeficitOf; they read latencies and µops). */
export interface DeficitTree {
  readonly deficits: ReadonlyMap<number, number>;
  readonly inner: readonly DeficitTree[];
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
    return { t: { trip, ports: tp.ports, portMask: tp.mask, dispatchCycles: dispatchCyclesOf(body, profile, m, perIter, trip), inner }, perIter };
  };
  const r = walk(kernel.body, 1, `kernel ${kernel.name}`);
  addScaled({ busyByMask: new Map(), numUops: 0 }, r.perIter, 1); // the same overflow checks as the whole bound
  return r.t;
}

export function boundDeficit(kernel: Kernel, profile: Profile): DeficitTree {
  const walk = (body: readonly Stmt[], where: string): DeficitTree => {
    const deficits: Deficits = new Map();
    const inner: DeficitTree[] = [];
    body.forEach((s, p) => {
      if (s.kind === 'instr') addDeficits(deficits, instrDesc(profile, s, `${where}[${p}]`));
      else {
        const t = walk(s.body, `${where}[${p}].body`);
        inner.push(t);
        mergeDeficits(deficits, t.deficits, s.trip);
      }
    });
    return { deficits, inner };
  };
  return walk(kernel.body, `kernel ${kernel.name}`);
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

export function boundCyclesOf(t: ThroughputTree, d: DependencyTree, f: DeficitTree): number {
  let innerCycles = 0;
  t.inner.forEach((x, i) => (innerCycles = Math.max(innerCycles, boundCyclesOf(x, d.inner[i]!, f.inner[i]!))));
  return loopCycles(t.trip, t.ports, deficitOfSet(t.portMask, f.deficits), d.dependency, t.dispatchCycles, innerCycles);
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

function loopBound(
  name: string,
  trip: number,
  body: readonly Stmt[],
  profile: Profile,
  m: MachineDesc,
  isLoop: boolean,
  where: string,
): { lb: LoopBound; total: Aggregate } {
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
