// bound's dependency analysis is linear in the body (it was an n×n matrix: 30,000 instructions took 4.3 GB):
// hand-checkable recurrences on 30,000-instruction bodies, and the carriedReads limit on one dependency group.

import { describe, expect, it } from 'vitest';
import { AddersimError } from '../../src/isa/index.ts';
import { boundBody } from '../../src/sim/schedulers/bound.ts';
import { i, loopK, makeProfile } from './sched-helpers.ts';

// 4-wide dispatch, 4 add ports, latency 3: throughput is n/4 per iteration, so a chain of latency shows.
const P = makeProfile({ ports: ['A', 'B', 'C', 'D'], dispatchWidth: 4, forms: { 'add.i32': { latency: 3, uops: [{ ports: ['A', 'B', 'C', 'D'] }] } } });
const N = 30_000;

describe('bound on long bodies', () => {
  it('a rotation r0 → r1 → … → r29999 → r0 carried once: recurrence N·3 per iteration', () => {
    const body = Array.from({ length: N }, (_, k) => i('add.i32', `r${(k + 1) % N}`, `r${k}`));
    const b = boundBody(loopK('rot', 2, body).body, P);
    expect(b.tree.inner[0]!.own.dependency).toEqual({ num: N * 3, den: 1 }); // one cycle of N edges of 3 cycles
    expect(b.cycles).toBe(2 * N * 3);
  });

  it('30,000 independent accumulators: each its own cycle of 3 cycles; 30,000 µops on 4 ports dominate', () => {
    const body = Array.from({ length: N }, (_, k) => i('add.i32', `acc${k}`, `acc${k}`, 'x'));
    const b = boundBody(loopK('acc', 10, body).body, P);
    expect(b.tree.inner[0]!.own.dependency).toEqual({ num: 3, den: 1 });
    expect(b.cycles).toBe((10 * N) / 4); // 75,000
  });

  it('straight-line code: the critical path of a 30,000 chain is 30,000·3', () => {
    const body = Array.from({ length: N }, (_, k) => i('add.i32', `r${k + 1}`, `r${k}`));
    expect(boundBody(body, P).cycles).toBe(N * 3);
  });

  it('more loop-carried reads in one dependency group than carriedReads (256) is a LIMIT error', () => {
    // instruction k reads a(k+1), written later (carried); the last reads a0 (same iteration): one group, n-1 carried reads.
    const body = (n: number) => Array.from({ length: n }, (_, k) => i('add.i32', `a${k}`, `a${(k + 1) % n}`));
    // 256 carried reads: accepted; the cycle a0 → a(n-1) → … → a1 → a0 has n edges over n-1 iterations.
    expect(boundBody(loopK('ok', 1, body(257)).body, P).tree.inner[0]!.own.dependency).toEqual({ num: 257 * 3, den: 256 });
    let err: unknown;
    try {
      boundBody(loopK('big', 1, body(300)).body, P);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(AddersimError);
    expect((err as AddersimError).code).toBe('LIMIT');
    expect((err as AddersimError).message).toMatch(/299 passes the limit carriedReads = 256/);
  });
});
