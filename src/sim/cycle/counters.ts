// The counters a run reports (dispatched instructions, µops, retired, innermost iterations, busy cycles
// per port) as one named record. Extrapolation takes them at crossings, subtracts them to get the work
// of a period or a recorded step, and adds that work, scaled, for what it skips: exact integers
// throughout (every term is below 2^53: SimStats and the cycle scheduler's size checks bound them).

export interface Counters {
  /** Instructions dispatched (the next one's age). */
  readonly dispatched: number;
  readonly uops: number;
  readonly retired: number;
  /** Iterations of innermost loops entered. */
  readonly iterations: number;
  /** Busy cycles issued to each port. */
  readonly portBusy: readonly number[];
}

/** a − b, field by field: the work done between two crossings. */
export function countersSince(a: Counters, b: Counters): Counters {
  const portBusy = new Array<number>(a.portBusy.length);
  for (let p = 0; p < portBusy.length; p++) portBusy[p] = a.portBusy[p]! - b.portBusy[p]!;
  return { dispatched: a.dispatched - b.dispatched, uops: a.uops - b.uops, retired: a.retired - b.retired, iterations: a.iterations - b.iterations, portBusy };
}

/** Σ coefficient × counters, field by field (the work of w periods plus the way between two phases, say). */
export function countersSum(terms: readonly (readonly [number, Counters])[]): Counters {
  const first = terms[0]![1];
  let dispatched = 0;
  let uops = 0;
  let retired = 0;
  let iterations = 0;
  const portBusy = new Array<number>(first.portBusy.length).fill(0);
  for (const [w, c] of terms) {
    dispatched += w * c.dispatched;
    uops += w * c.uops;
    retired += w * c.retired;
    iterations += w * c.iterations;
    for (let p = 0; p < portBusy.length; p++) portBusy[p]! += w * c.portBusy[p]!;
  }
  return { dispatched, uops, retired, iterations, portBusy };
}
