// The machine state of the cycle model and its exactness contract (page: docs/cycle-model.md).
//
// Every hardware unit that holds state between cycles implements UnitState in its own file: it writes
// its state relative to the current cycle, restores it from what it wrote, and shifts its absolute
// cycles and ages (a jump). `Machine` concatenates the units' states in assembly order; the
// extrapolation mechanisms (steady-state.ts and the files it names) only ever see the result.
//
// THE CONTRACT. Extrapolation is exact because of one fact: the future of the machine from a loop
// crossing is decided by (a) the state the units write, (b) the front end's position in the loop nest
// (stream.ts writePosition) and (c) the instructions ahead, which are static (loop bodies, trip counts).
// Two crossings with equal (a) and (b) behave the same from there on, shifted in time, as long as (c)
// is the same: so a repeated state is a period (jump), and a recorded step from a state is the step
// from any equal state (replay). Hence a unit's written state MUST contain everything of the unit that
// any later cycle can read, expressed relative to `now` (cycles left, ages back from the next sequence
// number), never an absolute cycle or age. It MAY leave out, because no later decision reads it:
//   - absolute cycles and ages (dispatch cycle, seq): only relative order and distances matter;
//     they are moved by `shift` instead, and the timeline labels they feed are never extrapolated
//     (extrapolation waits until the timeline's instructions have retired);
//   - the exact completion cycle of an instruction already complete (`left` = −1: "done");
//   - `readyCycle` of an instruction in the scheduler whose producers have not all issued: it is
//     recomputed from its producers when the last one issues (restore adds it back with them);
//   - the scheduler's internal lists and heap order: restore adds the waiting instructions back oldest
//     first, and the scheduler picks by age, so the order of its lists is a function of the state;
//   - register writers already complete at `now` (a reader finds the value ready either way);
//   - statistics (counters, busy-cycle totals, the last retirement cycle): they are moved by
//     `shift` and by adding the counter changes of skipped periods, never read by a decision.
// A unit's `restore` must rebuild from its written words a unit that behaves exactly as the one that
// wrote them (write → restore → write gives the same words: the round-trip property tests check it per
// unit and for the whole machine, test/sim/cycle-state.test.ts), and `shift(dt, dseq)` must move
// every absolute cycle it holds by dt and every age by dseq.
//
// A NEW UNIT (a load/store queue, say) must: implement UnitState in its file, with named markers for
// any variable-length part and the encoding in a comment; write everything a later cycle reads (above);
// be added to the unit list in pipeline.ts (the order of the list is the order of the words); and get a
// round-trip case in test/sim/cycle-state.test.ts (CONTRIBUTING.md walks through it). The mechanisms
// relying on this contract: extrapolation/periods.ts, known-periods.ts, known-starts.ts, replays.ts
// (all driven by steady-state.ts).
//
//   written state = [unit 0's words][unit 1's words] … [unit n's words]   (then the front end's position)

import type { DynInstr } from './instruction.ts';
import type { StateBuf } from './state-buf.ts';

/** What units restored earlier hand to the ones after them (one per machine, reused). */
export class RestoreContext {
  /** The cycle the state is restored at. */
  now = 0;
  /** Age of the next instruction to dispatch (ages in a state count back from it). */
  nextSeq = 0;
  /** Instructions in flight, oldest first, as restored (the first `inFlightN`). */
  readonly inFlight: DynInstr[] = [];
  inFlightN = 0;
  /** Age of inFlight[0] (out-of-order: the reorder buffer holds a contiguous run of ages). */
  firstSeq = 0;
  /** Of those, the ones not issued (to go back into the scheduler), oldest first (the first `waitingN`). */
  readonly waiting: DynInstr[] = [];
  waitingN = 0;

  /** The instruction in flight of age `seq` (out-of-order). */
  byAge(seq: number): DynInstr {
    return this.inFlight[seq - this.firstSeq]!;
  }
}

/** The state of one hardware unit (see the contract above). */
export interface UnitState {
  /** Appends the unit's state, relative to `now`. */
  write(now: number, out: StateBuf): void;
  /** A cheaper key (equal states write equal summaries); absent: `write`. */
  writeSummary?(now: number, out: StateBuf): void;
  /** Cheaper still, with no walk over the instructions in flight; absent: `writeSummary` or `write`. */
  writeShort?(now: number, out: StateBuf): void;
  /** Rebuilds the unit from the words `write` wrote (at another cycle), from `s[at]`, as of `ctx.now`;
   *  returns the index after them. */
  restore(s: Int32Array, at: number, ctx: RestoreContext): number;
  /** Moves every absolute cycle the unit holds by `dt` and every age by `dseq` (a jump). */
  shift(dt: number, dseq: number): void;
}

/** What the extrapolation mechanisms see of the machine: its state written down, moved in time, rebuilt. */
export interface MachineState {
  /** The full state that decides the future, relative to `now`. */
  write(now: number, out: StateBuf): void;
  /** A cheaper key: equal states have equal summaries. */
  writeSummary(now: number, out: StateBuf): void;
  /** Cheaper still (no walk over the instructions in flight), or null when the machine has none. */
  readonly writeShort: ((now: number, out: StateBuf) => void) | null;
  /** Moves every absolute cycle by dt and every age by dseq (a jump). */
  shift(dt: number, dseq: number): void;
  /** Rebuilds the machine from a full state written by `write` at another cycle, as of `now`
   *  (ages counted back from the next sequence number); returns the index after it. */
  restore(now: number, s: Int32Array, at: number): number;
}

/** The units of a pipeline as one MachineState: their states concatenated in the order given. */
export class Machine implements MachineState {
  readonly writeShort: ((now: number, out: StateBuf) => void) | null;
  private readonly ctx = new RestoreContext();

  /** `nextSeq`: the age of the next instruction to dispatch; `shortKeys`: whether the machine offers a
   *  short key (the in-order machine's full state is small already: it does not). */
  constructor(
    readonly units: readonly UnitState[],
    private readonly nextSeq: () => number,
    shortKeys: boolean,
  ) {
    this.writeShort = shortKeys ? (now, out) => this.short(now, out) : null;
  }

  write(now: number, out: StateBuf): void {
    const us = this.units;
    for (let k = 0; k < us.length; k++) us[k]!.write(now, out);
  }

  writeSummary(now: number, out: StateBuf): void {
    const us = this.units;
    for (let k = 0; k < us.length; k++) {
      const u = us[k]!;
      if (u.writeSummary) u.writeSummary(now, out);
      else u.write(now, out);
    }
  }

  private short(now: number, out: StateBuf): void {
    const us = this.units;
    for (let k = 0; k < us.length; k++) {
      const u = us[k]!;
      if (u.writeShort) u.writeShort(now, out);
      else if (u.writeSummary) u.writeSummary(now, out);
      else u.write(now, out);
    }
  }

  shift(dt: number, dseq: number): void {
    const us = this.units;
    for (let k = 0; k < us.length; k++) us[k]!.shift(dt, dseq);
  }

  restore(now: number, s: Int32Array, at: number): number {
    const ctx = this.ctx;
    ctx.now = now;
    ctx.nextSeq = this.nextSeq();
    ctx.inFlightN = 0;
    ctx.waitingN = 0;
    ctx.firstSeq = ctx.nextSeq;
    let i = at;
    const us = this.units;
    for (let k = 0; k < us.length; k++) i = us[k]!.restore(s, i, ctx);
    return i;
  }
}
