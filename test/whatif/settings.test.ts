// The one settings model: defaults, and accumulators per variant from the chain each variant carries.
import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { accumulatorsFor, DEFAULT_SETTINGS, deriveWith, loadProfile, PROFILES_DIR, resolveSettings, settingsRecord } from '../../src/index.ts';
import { buildStudyReport, runStudy } from '../../src/index.ts';

const SHIPPED = readdirSync(PROFILES_DIR)
  .filter((f) => f.endsWith('.json') && f !== 'profile.schema.json')
  .map((f) => f.slice(0, -5));
const simd = resolveSettings({ lowering: 'simd' });

describe('defaults', () => {
  it('one table: cycle scheduler, simd f32, all three variants, inner, horowitz-45nm; paper computes in f64', () => {
    expect(resolveSettings()).toMatchObject({
      scheduler: 'cycle',
      lowering: 'simd',
      dtype: 'f32',
      variants: ['cnn', 'adder', 'bnn'],
      convert: 'inner',
      energyTable: 'horowitz-45nm',
      extrapolate: true,
    });
    expect(resolveSettings({ lowering: 'paper' }).dtype).toBe('f64');
    expect(DEFAULT_SETTINGS.scheduler).toBe('cycle');
    expect(() => resolveSettings({ accumulators: 0 })).toThrow(/accumulators/);
  });
});

describe('accumulators per variant', () => {
  it('hand-checked: Skylake ⌈fma.f32x8 4/0.5⌉ = 8, ⌈add.f32x8 4/0.5⌉ = 8; A53 ⌈fma.f32x4 10/1⌉ = 10, ⌈add.f32x4 6/1⌉ = 6; Nano (no FMA) ⌈add.f32x4 2/1⌉ = 2', () => {
    const sky = loadProfile('intel-skylake');
    expect(accumulatorsFor(sky, 'cnn', simd)).toMatchObject({ count: 8, chainForm: 'fma.f32x8', chainLatency: 4, rthroughput: 0.5, registerCap: 14 });
    expect(accumulatorsFor(sky, 'adder', simd)).toMatchObject({ count: 8, chainForm: 'add.f32x8', registerCap: 13 });
    const a53 = loadProfile('arm-cortex-a53');
    expect(accumulatorsFor(a53, 'cnn', simd)?.count).toBe(10);
    expect(accumulatorsFor(a53, 'adder', simd)?.count).toBe(6);
    expect(accumulatorsFor(loadProfile('via-nano-2000'), 'cnn', simd)).toMatchObject({ count: 2, chainForm: 'add.f32x4' });
    // capped by the registers: fma latency 40 on Skylake → ⌈40/0.5⌉ = 80 > 16 − 2 live = 14
    expect(accumulatorsFor(deriveWith(sky, [{ path: 'forms.fma.f32x8.latency', value: 40 }]), 'cnn', simd)?.count).toBe(14);
    expect(accumulatorsFor(sky, 'adder', resolveSettings({ lowering: 'simd', accumulators: 3 }))).toEqual({ count: 3, how: 'given' });
    expect(accumulatorsFor(sky, 'cnn', resolveSettings({ lowering: 'scalar' }))).toBeUndefined();
  });

  it.each(SHIPPED)('%s: the CNN count ignores add.* latencies where it chains fma; the AdderNet count ignores fma.*/mul.*', (name) => {
    const p = loadProfile(name);
    const cnn = accumulatorsFor(p, 'cnn', simd)!;
    const adder = accumulatorsFor(p, 'adder', simd)!;
    let tried = 0;
    for (const form of Object.keys(p.forms)) {
      const [op] = form.split('.');
      if (op !== 'add' && op !== 'fma' && op !== 'mul') continue;
      const raised = deriveWith(p, [{ path: `forms.${form}.latency`, value: p.forms[form]!.latency + 5 }]);
      if (op === 'add' && cnn.chainForm?.startsWith('fma.')) {
        expect(accumulatorsFor(raised, 'cnn', simd)!.count, form).toBe(cnn.count);
        tried++;
      }
      if (op === 'fma' || op === 'mul') {
        expect(accumulatorsFor(raised, 'adder', simd)!.count, form).toBe(adder.count);
        tried++;
      }
      // and raising the chained form itself does move the count (unless already at the register cap)
      if (form === adder.chainForm && adder.count < adder.registerCap!) expect(accumulatorsFor(raised, 'adder', simd)!.count).toBeGreaterThan(adder.count);
    }
    expect(tried).toBeGreaterThan(0);
  });

  it('the study and its report state the counts per CPU', async () => {
    const study = await runStudy({ models: ['lenet5-bn'], variants: ['cnn', 'adder'], cpus: ['intel-skylake'], schedulers: ['bound'] });
    expect(study.settings).toEqual(
      [{ ...settingsRecord(resolveSettings({ variants: ['cnn', 'adder'] }), loadProfile('intel-skylake')), scheduler: undefined }].map(
        ({ scheduler: _s, ...r }) => r,
      ),
    );
    expect(study.latency.map((l) => l.accumulators)).toEqual([8, 8]);
    const text = JSON.stringify(buildStudyReport(study));
    // the Assumptions section states each count with the chain it covers
    expect(text).toContain('intel-skylake cnn ⌈fma.f32x8 4 / 0.5⌉, cap 14 registers; intel-skylake adder ⌈add.f32x8 4 / 0.5⌉, cap 13 registers');
    expect(text).toContain('"v":"cnn 8, adder 8"');
  });
});
