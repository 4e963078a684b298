// Exact steady-state extrapolation: at every loop crossing (the first cycle start after the front end
// enters a new iteration of an open loop) the mechanisms below may skip work, each exact because the
// future from a crossing is decided by the full machine state, the front end's position and the
// instructions ahead (the contract: machine-state.ts, docs/cycle-model.md).
//
//   periods        extrapolation/periods.ts        a state repeats within a loop instance: skip whole periods
//   known periods  extrapolation/known-periods.ts  a period found once, reached again: to the last crossing
//   known starts   extrapolation/known-starts.ts   an instance starts as an earlier one did: to its end
//   replays        extrapolation/replays.ts        an outer loop's recorded step from an equal state
//   hashing        extrapolation/hashing.ts        lookups by hash, equality number by number
//
// innermost.ts orders the mechanisms at an innermost loop's crossing, replays.ts handles outer loops.
// This file is the driver: it finds the crossings, owns the shared moves (write the state here, skip
// work, jump whole periods, rebuild) and the result's counts. Each mechanism can be switched off
// (CycleOptions.extrapolation), so tests check each alone against full expansion.

import type { ExtrapolationJump, ExtrapolationReplay } from '../results/result.ts';
import type { Counters } from './counters.ts';
import type { ExtrapolationSwitches, Extrapolator } from './extrapolation/extrapolator.ts';
import { hashKey } from './extrapolation/hashing.ts';
import { innermostCrossing } from './extrapolation/innermost.ts';
import { COST, instanceLedger } from './extrapolation/ledger.ts';
import { COMPARE_BUDGET } from './extrapolation/periods.ts';
import { StepMemo, type LoopWatch, type Snapshot } from './extrapolation/records.ts';
import { outerCrossing, toEnclosing, type Resume } from './extrapolation/replays.ts';
import type { MachineState } from './machine-state.ts';
import { StateBuf } from './state-buf.ts';
import type { SimStats } from './stats.ts';
import { restorePosition, type Frame, type InstructionStream } from './stream.ts';

export { StepMemo } from './extrapolation/records.ts';
export type { ExtrapolationSwitches } from './extrapolation/extrapolator.ts';

export class SteadyState implements Extrapolator {
  readonly jumps: ExtrapolationJump[] = [];
  readonly replayed = new Map<string, { steps: number; iterations: number; lastIterations: number; skippedIterations: number }>();
  readonly use: Required<ExtrapolationSwitches>;
  private readonly buf = new StateBuf();
  landed: Int32Array | null = null;
  /** Instructions skipped (not simulated). */
  skippedInstructions = 0;
  knownPeriodJumps = 0;
  knownStartJumps = 0;
  /** Full states written (by every mechanism). */
  fullWrites = 0;
  /** Innermost-loop iterations skipped by jumps and replays. */
  skippedIterations = 0;
  /** What the mechanisms cost so far, in simulated-instruction equivalents (ledger.ts COST). */
  spent = 0;

  constructor(
    readonly stream: InstructionStream,
    readonly stats: SimStats,
    readonly machine: MachineState,
    readonly memo: StepMemo = new StepMemo(),
    use: ExtrapolationSwitches = {},
  ) {
    this.use = { periods: use.periods ?? true, knownPeriods: use.knownPeriods ?? true, knownStarts: use.knownStarts ?? true, replays: use.replays ?? true };
  }

  /** Outer-loop steps replayed, by loop. */
  get replays(): ExtrapolationReplay[] {
    return [...this.replayed].map(([loop, r]) => ({
      loop,
      steps: r.steps,
      loopIterations: r.iterations,
      lastIterations: r.lastIterations,
      skippedIterations: r.skippedIterations,
    }));
  }

  /** Called at each cycle start; returns the (possibly advanced) current cycle. */
  check(now: number): number {
    const fs = this.stream.frames;
    if (this.stream.peek() === null) return now;
    for (let level = 1; level < fs.length; level++) {
      const f = fs[level]!;
      if (f.unwatched || f.iter === f.checkedIter) continue;
      f.checkedIter = f.iter;
      if (!f.loop.innermost) {
        const w = this.watch(f);
        // after jumps and replays the loops below are new (or skipped: a jump marks them checked):
        // check them too, from the enclosing loop a last-iteration step ended at
        const r = outerCrossing(this, f, level, w, now);
        now = r.now;
        if (r.restartAt >= 0) level = r.restartAt - 1;
        continue;
      }
      const ledger = instanceLedger(this.memo, f);
      if (ledger === null) continue; // asleep: simulated plainly
      const w = this.watch(f);
      const spent = this.spent;
      const skipped = this.skippedInstructions;
      this.spent += COST.crossing;
      const jumped = innermostCrossing(this, f, level, w, now);
      if (jumped === null) {
        ledger.spent += this.spent - spent;
        continue;
      }
      // the rest of the loop up to the enclosing loop's next crossing, replayed when recorded
      const r = this.afterJump(f, level, jumped);
      ledger.spent += this.spent - spent;
      ledger.saved += this.skippedInstructions - skipped;
      if (r.restartAt < 0) return jumped;
      now = r.now;
      level = r.restartAt - 1;
    }
    return now;
  }

  watch(f: Frame): LoopWatch {
    return (f.watch ??= {
      crossings: 0,
      crossingCycles: [],
      deltaRuns: null,
      comparing: null,
      quietUntil: 0,
      backoff: 1,
      recording: null,
      knownPeriodChecksLeft: COMPARE_BUDGET,
      thrift: null,
      start: null,
      pendingStep: null,
      pendingExits: [],
    });
  }

  /** After a jump of an innermost loop (fewer than a period left): the rest of the loop replayed up to the
   *  enclosing loop's next crossing when recorded, else recorded there. */
  private afterJump(f: Frame, level: number, now: number): Resume {
    const landed = this.landed;
    this.landed = null;
    const buf = landed ?? this.writeFull(now, level);
    if (!buf) return { now, restartAt: -1 };
    const counters = this.stats.counters(this.stream.iterations);
    return toEnclosing(this, f, level, f.loop.trip - 1 - f.iter, buf, hashKey(buf, buf.length), landed, now, counters);
  }

  skip(work: Counters, t: number, retireAgo: number): number {
    const it = this.stats.addDeltas(work, 1);
    this.stream.iterations += it;
    this.skippedIterations += it;
    this.skippedInstructions += work.dispatched;
    if (retireAgo >= 0) this.stats.lastRetireCycle = t - retireAgo;
    return it;
  }

  noteJump(loop: string, iterations: number, cycles: number, skipped: number): void {
    const same = this.jumps.findIndex((j) => j.loop === loop && j.periodIterations === iterations && j.periodCycles === cycles);
    if (same < 0) this.jumps.push({ loop, periodIterations: iterations, periodCycles: cycles, skippedIterations: skipped });
    else this.jumps[same] = { ...this.jumps[same]!, skippedIterations: this.jumps[same]!.skippedIterations + skipped };
  }

  rebuild(level: number, state: Int32Array, now: number): void {
    this.spent += COST.fullState;
    const at = this.machine.restore(now, state, 0);
    restorePosition(this.stream, level, 0, state, at);
  }

  shortHash(now: number, level: number): number | null {
    if (!this.machine.writeShort) return -1;
    this.spent += COST.shortKey;
    const b = this.buf;
    b.reset();
    this.machine.writeShort(now, b);
    this.stream.writePosition(level, b);
    return b.wide ? null : hashKey(b.a, b.n);
  }

  summaryHash(now: number, level: number): { hash: number; wide: boolean } {
    this.spent += COST.summary;
    const b = this.buf;
    b.reset();
    this.machine.writeSummary(now, b);
    this.stream.writePosition(level, b);
    return { hash: hashKey(b.a, b.n), wide: b.wide };
  }

  writeFull(now: number, level: number): Int32Array | null {
    const b = this.writeHere(now, level);
    return b.wide ? null : b.copy();
  }

  writeHere(now: number, level: number): StateBuf {
    this.fullWrites++;
    this.spent += COST.fullState;
    const b = this.buf;
    b.reset();
    this.machine.write(now, b);
    this.stream.writePosition(level, b);
    return b;
  }

  retireAgo(now: number): number {
    return this.stats.lastRetireCycle < 0 ? -1 : now - this.stats.lastRetireCycle;
  }

  jump(f: Frame, level: number, now: number, p: Snapshot, counters: Counters): number | null {
    const I = f.iter - p.iter;
    const delta = now - p.cycle;
    const m = Math.floor((f.loop.trip - 1 - f.iter) / I);
    if (I < 1 || m < 1) {
      f.unwatched = true;
      return null;
    }
    const dt = m * delta;
    const dseq = (counters.dispatched - p.counters.dispatched) * m;
    this.machine.shift(dt, dseq);
    f.iter += m * I;
    this.skippedInstructions += dseq;
    const inc = this.stats.addPeriods(p.counters, counters, m);
    this.stream.iterations += inc;
    this.skippedIterations += inc;
    this.noteJump(f.loop.name, I, delta, m * I);
    const fs = this.stream.frames;
    for (let k = level; k < fs.length; k++) {
      fs[k]!.watch = null;
      fs[k]!.checkedIter = fs[k]!.iter;
    }
    return now + dt;
  }
}
