// A profile written by `addersim calibrate` on the Zen 3 host, recorded so the check runs without the CPU:
//   addersim calibrate amd-zen3 --out test/validation/calibrated/my-zen3.json
// (writes my-zen3.json, the `extends` profile, and my-zen3.raw.json, every measured figure beside it).
// The calibrated profile must validate, name its measurement as the source of every number it changes, and
// predict the silicon validation kernels (silicon-fixtures.json) at least as closely as amd-zen3 does.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { meanAbsolute } from '../../src/measure/index.ts';
import { loadProfile } from '../../src/sim/profile/loader.ts';
import { compareSilicon, VALIDATION_DIR } from '../../scripts/record-silicon.ts';

const FILE = join(VALIDATION_DIR, 'calibrated', 'my-zen3.json');
const profile = JSON.parse(readFileSync(FILE, 'utf8')) as { extends: string; forms: Record<string, Record<string, unknown>> };
const raw = JSON.parse(readFileSync(FILE.replace(/\.json$/, '.raw.json'), 'utf8')) as {
  schema: string;
  host: string;
  date: string;
  profile: string;
  figures: { form: string; chainCycles: number; throughputCycles: number; profileLatency: number; profileRthroughput: number }[];
  extension: { forms: Record<string, unknown> };
};

describe('addersim calibrate amd-zen3 on the Zen 3 host (recorded)', () => {
  it('is an extends profile of amd-zen3 that validates, with the raw figures beside it', () => {
    expect(profile.extends).toBe('amd-zen3');
    expect(raw.schema).toBe('addersim/calibration@1');
    expect(raw.profile).toBe('amd-zen3');
    expect(raw.host).toMatch(/AuthenticAMD family 25 model 1/);
    expect(raw.extension.forms).toEqual(profile.forms);
    expect(() => loadProfile(FILE)).not.toThrow();
  });

  it('every changed number names the measurement, and follows from the raw figure it cites', () => {
    const figures = new Map(raw.figures.map((f) => [f.form, f]));
    const changed = Object.entries(profile.forms).filter(([, t]) => 'latency' in t || 'rthroughput' in t);
    for (const [form, t] of changed) {
      expect(t.source, form).toMatch(new RegExp(`^measured: AMD EPYC \\(AuthenticAMD family 25 model 1\\), ${raw.date}, addersim calibrate: chain `));
      const f = figures.get(form)!;
      // a latency is the chain's cycles per instruction rounded to a whole cycle
      if ('latency' in t) expect(t.latency, form).toBe(Math.round(f.chainCycles));
    }
  });

  it('predicts the silicon validation kernels at least as closely as amd-zen3', () => {
    // mean absolute error = Σ |predicted − measured| / measured ÷ kernels, over the 33 recorded kernels
    const zen3 = compareSilicon('amd-zen3');
    const calibrated = compareSilicon(FILE);
    expect(calibrated.map((r) => r.kernel)).toEqual(zen3.map((r) => r.kernel));
    expect(calibrated.every((r) => r.addersim !== null)).toBe(true);
    const a = meanAbsolute(zen3.map((r) => r.addersimError));
    const c = meanAbsolute(calibrated.map((r) => r.addersimError));
    expect(c).toBeLessThanOrEqual(a + 1e-12);
  });
});
