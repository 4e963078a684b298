// Instances whose extrapolation costs more than it saves are simulated plainly
// (src/sim/cycle/extrapolation/ledger.ts): the verdicts by hand, and a run where the ledger puts a loop
// to sleep (resnet50's layer3 batch-norm loop at add latency 60 on Skylake, the reorder buffer full)
// equal to full expansion to the cycle and port-busy cycle.
import { describe, expect, it } from 'vitest';
import { instanceWatched, type Ledger, MAX_SLEEP, PROBE, WINDOW } from '../../src/sim/cycle/extrapolation/ledger.ts';
import { atAddLatency, bnCut, expectExact } from '../helpers/resnet50-bn.ts';

const fresh = (): Ledger => ({ spent: 0, saved: 0, instances: 0, window: WINDOW, asleep: 0, nextSleep: 1 });
/** Watched (W) or asleep (s) for `n` instances, each watched one costing `spent` and saving `saved`. */
function pattern(l: Ledger, n: number, spent: number, saved: number): string {
  let out = '';
  for (let k = 0; k < n; k++) {
    const w = instanceWatched(l);
    if (w) (l.spent += spent), (l.saved += saved);
    out += w ? 'W' : 's';
  }
  return out;
}

describe('ledger: verdicts', () => {
  it('a loss after 8 instances: asleep 1, probe 2, asleep 2, probe 2, asleep 4 …, at most 64 in a row', () => {
    expect([WINDOW, PROBE, MAX_SLEEP]).toEqual([8, 2, 64]);
    const l = fresh();
    expect(pattern(l, 8 + 1 + 2 + 2 + 2 + 4 + 2, 10, 3)).toBe('WWWWWWWW' + 's' + 'WW' + 'ss' + 'WW' + 'ssss' + 'WW');
    pattern(l, 8 + 2 + 16 + 2 + 32 + 2, 10, 3);
    expect(pattern(l, 64 + 2 + 64 + 1, 10, 3)).toBe(`${'s'.repeat(64)}WW${'s'.repeat(64)}W`);
  });

  it('a window that pays keeps every instance watched; a loss after it sleeps 1 again', () => {
    const l = fresh();
    expect(pattern(l, 40, 10, 11)).toBe('W'.repeat(40)); // saved 11 > spent 10 per instance
    const m = fresh();
    pattern(m, 8 + 1 + 2 + 2, 10, 3); // slept 1, then 2
    expect(pattern(m, 2, 1, 100)).toBe('WW'); // the probe pays: awake, next sleep back to 1
    expect(pattern(m, 2 + 2 + 1, 10, 3)).toBe('WW' + 's' + 'WW'); // a new window, a loss: asleep 1 (not 4)
  });

  it('a tie (spent = saved) is not a loss', () => {
    expect(pattern(fresh(), 20, 5, 5)).toBe('W'.repeat(20));
  });
});

describe('ledger engaged: exact', () => {
  it('add latency 60: layer3.0.conv3.bn (96 × 196) asleep at times, = full expansion', () => {
    const { profile, share } = atAddLatency(60);
    expectExact(bnCut('layer3.0.conv3.bn', 96), profile, share);
    // the inner loop's verdicts were losses: it slept (its window shortened to the probe's)
    const windows = [...share.memo.ledgers.values()].map((l) => l.window);
    expect(windows).toContain(PROBE);
  });
});
