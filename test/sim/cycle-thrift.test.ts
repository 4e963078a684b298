// Lookups that keep missing look less often (src/sim/cycle/extrapolation/thrift.ts): the interval by
// hand, and runs where it engages (resnet50's batch-norm loops at add latency 60 on Skylake, the reorder
// buffer full) equal to full expansion to the cycle and port-busy cycle.
import { describe, expect, it } from 'vitest';
import { MAX_INTERVAL, THRIFT_MISSES, knownPeriodLookupDue } from '../../src/sim/cycle/extrapolation/thrift.ts';
import type { Frame } from '../../src/sim/cycle/stream.ts';
import { atAddLatency, bnCut, expectExact } from '../helpers/resnet50-bn.ts';

const at = (iter: number) => ({ iter }) as Frame;
const due = (misses: number, iter: number) => knownPeriodLookupDue({ knownPeriodMisses: misses }, at(iter));

describe('thrift: the interval between known-period lookups', () => {
  it('every iteration below 64 misses; then every 2nd, 4th … (doubling every 64 misses); at most every 32nd', () => {
    expect([THRIFT_MISSES, MAX_INTERVAL]).toEqual([64, 32]);
    expect([0, 1, 2, 3].map((i) => due(63, i))).toEqual([true, true, true, true]); // 63 < 64: interval 1
    expect([0, 1, 2, 3].map((i) => due(64, i))).toEqual([true, false, true, false]); // ⌊64/64⌋ = 1: 2^1 = 2
    expect([4, 6, 8].map((i) => due(128, i))).toEqual([true, false, true]); // ⌊128/64⌋ = 2: 2^2 = 4
    expect([16, 32].map((i) => due(5 * 64, i))).toEqual([false, true]); // 2^5 = 32
    expect([32, 48, 64].map((i) => due(20 * 64, i))).toEqual([true, false, true]); // 2^20 capped at 32
  });
});

describe('thrift engaged: exact', () => {
  it('add latency 60: layer1.0.conv3.bn (4 × 3136) then layer3.0.conv3.bn (160 × 196) on one memo = full expansion', () => {
    const { profile, share } = atAddLatency(60);
    for (const k of [bnCut('layer1.0.conv3.bn', 4), bnCut('layer3.0.conv3.bn', 160)]) expectExact(k, profile, share);
    // the loop body's lookups missed often enough to be spaced out (the same body in both layers)
    const misses = [...share.memo.thrift.values()].map((t) => t.knownPeriodMisses);
    expect(Math.max(...misses), misses.join(' ')).toBeGreaterThanOrEqual(THRIFT_MISSES);
  });
});
