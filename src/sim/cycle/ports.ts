// Ports (llvm-mca's ResourceManager): each port is a pipelined unit that a µop holds for its busy
// cycles (1 = a new µop every cycle). A µop that may use several ports takes a free one, chosen in
// llvm-mca's rotating order for that port group (highest port first, then downwards). All µops of an
// instruction issue in the same cycle; two µops of one instruction on the same port add their cycles.
//
//   cycle:     t    t+1  t+2
//   port A   [µop1][µop3]          busyUntil[A] = t+2
//   port B   [µop2 ......]         busyUntil[B] = t+3 (busy 3: not pipelined for this µop)

import type { InstrDesc } from '../descriptors.ts';
import type { DynInstr } from './instruction.ts';
import type { RestoreContext, UnitState } from './machine-state.ts';
import type { StateBuf } from './state-buf.ts';

/** Cycles ahead a pipe's write-back slots are tracked (machine.writeBackConflicts): results of longer
 *  latency (dividers, loads: not on the FP pipes that have the property) are not checked. */
const WB_HORIZON = 30;

interface Group {
  readonly mask: number;
  next: number;
  removed: number;
}

export class Ports {
  readonly busyUntil: number[];
  /** Busy cycles issued to each port (statistics). */
  readonly busyCycles: number[];
  private readonly groups = new Map<number, Group>();
  /** The group of a port mask, by mask (a plain array: select runs for every µop). */
  private readonly groupOf: (Group | undefined)[] = [];
  private readonly groupsOfPort: Group[][];
  private readonly chosen: number[] = [];
  private readonly extra: number[];

  constructor(numPorts: number, descs: readonly InstrDesc[], bindQueues: readonly number[] = [], writeBackPorts = 0) {
    this.wbPorts = writeBackPorts;
    this.wb = new Array<number>(numPorts).fill(0);
    this.queueMask = bindQueues;
    this.queueWaiting = new Array<number>(bindQueues.length).fill(0);
    this.bindUnion = bindQueues.reduce((a, b) => a | b, 0);
    this.busyUntil = new Array<number>(numPorts).fill(0);
    this.busyCycles = new Array<number>(numPorts).fill(0);
    this.extra = new Array<number>(numPorts).fill(0);
    this.groupsOfPort = Array.from({ length: numPorts }, () => []);
    const masks = [...new Set(descs.flatMap((d) => d.uops.map((u) => u.portMask)))].filter((m) => (m & (m - 1)) !== 0).sort((a, b) => a - b);
    for (const mask of masks) {
      const g: Group = { mask, next: mask, removed: 0 };
      this.groups.set(mask, g);
      this.groupOf[mask] = g;
      for (let p = 0; p < numPorts; p++) if (mask & (1 << p)) this.groupsOfPort[p]!.push(g);
    }
  }

  /** Pipe binding at dispatch (machine.pipeBinding): per queue its ports' mask, and µops bound to it
   *  not yet issued; `bindUnion` all queues' ports (0: no binding). The waiting counts follow from the
   *  reorder buffer's unissued entries (their `queue`), so the ports' state does not write them. */
  readonly queueMask: readonly number[];
  readonly queueWaiting: number[];
  readonly bindUnion: number;

  /** Binds `d` (just dispatched) to the eligible queue with the fewest µops waiting, ties to the first:
   *  only single-µop instructions whose ports all lie in the queues; its first µop then issues only to
   *  that queue's ports among its own. */
  bind(d: DynInstr): void {
    const mask = d.mask0;
    if (mask === 0 || (mask & ~this.bindUnion) !== 0 || d.si.desc.uops.length !== 1) return;
    const qm = this.queueMask;
    const w = this.queueWaiting;
    let best = -1;
    for (let q = 0; q < qm.length; q++) if ((mask & qm[q]!) !== 0 && (best < 0 || w[q]! < w[best]!)) best = q;
    d.queue = best;
    d.mask0 = mask & qm[best]!;
    w[best]!++;
  }

  /** Recounts the waiting µops per queue from the unissued instructions (after a restore). */
  recountBound(waiting: readonly DynInstr[], n: number): void {
    const w = this.queueWaiting;
    w.fill(0);
    for (let k = 0; k < n; k++) {
      const q = waiting[k]!.queue;
      if (q >= 0) w[q]!++;
    }
  }

  /** Write-back conflicts (machine.writeBackConflicts): the pipes (bit mask, 0: none), and per pipe the
   *  cycles results land there: bit k = cycle wbBase + k (results later than WB_HORIZON are not tracked). */
  readonly wbPorts: number;
  private readonly wb: number[];
  private wbBase = 0;

  private wbAlign(now: number): void {
    const k = now - this.wbBase;
    if (k === 0) return;
    for (let p = 0; p < this.wb.length; p++) this.wb[p] = k > WB_HORIZON ? 0 : this.wb[p]! >>> k;
    this.wbBase = now;
  }

  /** Cycles the result of an instruction issued at `now` (the last tryIssue) lands late: its first µop's
   *  pipe takes one result per cycle, the ones issued earlier first. Records the cycle it lands. */
  writeBackDelay(latency: number, now: number): number {
    const p = this.chosen[0]!;
    if (!(this.wbPorts & (1 << p)) || latency < 1 || latency > WB_HORIZON) return 0;
    this.wbAlign(now);
    const taken = this.wb[p]!;
    let at = latency;
    while (at < WB_HORIZON && taken & (1 << at)) at++;
    this.wb[p] = taken | (1 << at);
    return at - latency;
  }

  /** Ports busy at cycle `maskCycle` (bit p: busyUntil[p] > maskCycle); rebuilt when the cycle changes. */
  private busyMask = 0;
  private maskCycle = -1;

  /** Ports busy at `now` as a bit mask. */
  busyAt(now: number): number {
    if (this.maskCycle !== now) {
      let m = 0;
      const b = this.busyUntil;
      for (let p = 0; p < b.length; p++) if (b[p]! > now) m |= 1 << p;
      this.busyMask = m;
      this.maskCycle = now;
    }
    return this.busyMask;
  }

  /** Reserves ports for all µops of `d` at cycle `now`; false (nothing reserved) when a µop finds no free port. */
  /** `mask0`: the ports the first µop may use (narrowed by pipe binding; default its own). */
  tryIssue(d: InstrDesc, now: number, mask0: number = d.uops[0]?.portMask ?? 0): boolean {
    const uops = d.uops;
    const n = uops.length;
    const busy = this.busyAt(now);
    const chosen = this.chosen;
    let used = 0; // ports already taken by earlier µops of this instruction
    for (let k = 0; k < n; k++) {
      const u = uops[k]!;
      const free = (k === 0 ? mask0 : u.portMask) & ~busy;
      if (free === 0) return false;
      const fresh = free & ~used;
      const p = fresh ? this.select(u.portMask, fresh) : 31 - Math.clz32(free & used);
      chosen[k] = p;
      used |= 1 << p;
    }
    const extra = this.extra;
    for (let k = 0; k < n; k++) extra[chosen[k]!]! += uops[k]!.busyCycles;
    for (let k = 0; k < n; k++) {
      const p = chosen[k]!;
      const c = extra[p]!;
      if (c === 0) continue;
      this.busyUntil[p] = now + c;
      this.busyCycles[p]! += c;
      extra[p] = 0;
      if (c > 0) this.busyMask |= 1 << p;
      this.markUsed(p);
    }
    return true;
  }

  /** llvm-mca's DefaultResourceStrategy: rotate through the group's ports from the highest down. */
  private select(mask: number, ready: number): number {
    const g = this.groupOf[mask];
    if (!g) return 31 - Math.clz32(ready);
    let cand = ready & g.next;
    if (!cand) {
      g.next = g.mask ^ g.removed;
      g.removed = 0;
      cand = ready & g.next;
      if (!cand) cand = ready;
    }
    const bit = 1 << (31 - Math.clz32(cand));
    g.next &= bit | (bit - 1);
    return 31 - Math.clz32(bit);
  }

  private markUsed(p: number): void {
    const bit = 1 << p;
    for (const g of this.groupsOfPort[p]!) {
      if (bit > g.next) {
        g.removed |= bit;
        continue;
      }
      g.next &= ~bit;
      if (g.next === 0) {
        g.next = g.mask ^ g.removed;
        g.removed = 0;
      }
    }
  }

  shift(dt: number): void {
    for (let p = 0; p < this.busyUntil.length; p++) this.busyUntil[p]! += dt;
    this.wbBase += dt;
    this.maskCycle = -1;
  }

  /** Reads back what writeState wrote (at `now`), from `s[at]`; returns the index after it. */
  restoreState(now: number, s: Int32Array, at: number): number {
    let i = at;
    for (let p = 0; p < this.busyUntil.length; p++) this.busyUntil[p] = now + s[i++]!;
    for (const g of this.groups.values()) {
      g.next = s[i++]!;
      g.removed = s[i++]!;
    }
    if (this.wbPorts !== 0) {
      for (let p = 0; p < this.wb.length; p++) this.wb[p] = s[i++]!;
      this.wbBase = now;
    }
    this.maskCycle = -1;
    return i;
  }

  /** Appends the state that decides future choices, relative to `now`. */
  writeState(now: number, out: StateBuf): void {
    for (const b of this.busyUntil) out.push(b > now ? b - now : 0);
    for (const g of this.groups.values()) {
      out.push(g.next);
      out.push(g.removed);
    }
    if (this.wbPorts !== 0) {
      this.wbAlign(now);
      for (const m of this.wb) out.push(m);
    }
  }
}

/** The ports' state, fixed length: per port the cycles until free (0: free), then per port group (in
 *  the order of the descriptors' masks) the rotation's `next` and `removed` masks; with write-back
 *  conflicts, per port the cycles results land there (bit k: k cycles after `now`). */
export class PortsState implements UnitState {
  constructor(private readonly ports: Ports) {}

  write(now: number, out: StateBuf): void {
    this.ports.writeState(now, out);
  }

  restore(s: Int32Array, at: number, ctx: RestoreContext): number {
    return this.ports.restoreState(ctx.now, s, at);
  }

  shift(dt: number, _dseq: number): void {
    this.ports.shift(dt);
  }
}
