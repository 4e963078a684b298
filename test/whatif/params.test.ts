// Parameter paths and ranges: parsing (form keys contain a dot), overrides through deriveProfile, and
// the errors that must come before any work (unknown path, empty range, a value making a profile invalid).
import { describe, expect, it } from 'vitest';
import { AddersimError } from '../../src/isa/index.ts';
import { loadProfile } from '../../src/sim/profile/loader.ts';
import { deriveWith, overridesFor, parseParamPath, valueOf } from '../../src/whatif/params.ts';
import { parseNameList, parseNumericRange } from '../../src/whatif/ranges.ts';
import { caught as err } from '../helpers/caught.ts';

const nano = loadProfile('via-nano-2000');

describe('parameter paths', () => {
  it('parses form paths whose key has a dot, machine paths and option axes', () => {
    expect(parseParamPath('forms.mul.f32.latency')).toEqual({ kind: 'form', path: 'forms.mul.f32.latency', form: 'mul.f32', field: 'latency' });
    expect(parseParamPath('forms.fma.f32x8.uopCycles')).toMatchObject({ form: 'fma.f32x8', field: 'uopCycles' });
    expect(parseParamPath('machine.dispatchWidth')).toEqual({ kind: 'machine', path: 'machine.dispatchWidth', field: 'dispatchWidth' });
    expect(parseParamPath('variant')).toMatchObject({ kind: 'option', option: 'variant' });
  });

  it.each(['forms.mul.f32', 'forms.mull.f32.latency', 'forms.mul.f33.latency', 'forms.mul.f32.lat', 'machine.width', 'clock', 'forms.mul.f32.latency.x'])(
    'rejects %s naming it',
    (p) => {
      const e = err(() => parseParamPath(p));
      expect(e.code).toBe('USAGE');
      expect(e.message).toContain(`unknown parameter path "${p}"`);
    },
  );

  it('a form the profile lacks is an error naming form and profile', () => {
    const e = err(() => deriveWith(nano, [{ path: 'forms.mul.f32x8.latency', value: 3 }]));
    expect(e.code).toBe('UNKNOWN_FORM');
    expect(e.message).toContain('form mul.f32x8 is not in profile via-nano-2000');
  });
});

describe('settings become validated overrides', () => {
  it('latency sets the latency only (rthroughput and µops stay)', () => {
    const p = deriveWith(nano, [{ path: 'forms.mul.f64.latency', value: 7 }]);
    expect(p.forms['mul.f64']!.latency).toBe(7);
    expect(p.forms['mul.f64']!.rthroughput).toBe(nano.forms['mul.f64']!.rthroughput);
    expect(p.forms['mul.f64']!.uops).toEqual(nano.forms['mul.f64']!.uops);
    expect(p.forms['add.f64']).toEqual(nano.forms['add.f64']);
    expect(valueOf(parseParamPath('forms.mul.f64.latency'), p)).toBe(7);
    expect(nano.forms['mul.f64']!.latency).toBe(4); // the base is untouched
  });

  it('a latency with a latencyRange collapses the range to the exact swept value', () => {
    expect(nano.forms['add.f32']!.latencyRange).toEqual([2, 3]);
    const p = deriveWith(nano, [{ path: 'forms.add.f32.latency', value: 9 }]);
    expect(p.forms['add.f32']!.latencyRange).toEqual([9, 9]);
  });

  it('uopCycles sets every µop; machine numbers get an assumption source and min = max = value', () => {
    const p = deriveWith(nano, [
      { path: 'forms.mul.f64.uopCycles', value: 1 },
      { path: 'machine.dispatchWidth', value: 5 },
    ]);
    expect(p.forms['mul.f64']!.uops.map((u) => u.cycles)).toEqual([1]);
    expect(p.machine.dispatchWidth).toMatchObject({ value: 5, min: 5, max: 5, source: 'assumption: what-if machine.dispatchWidth=5' });
    const rob = deriveWith(nano, [{ path: 'machine.reorderBuffer', value: 32 }]);
    expect(rob.machine.reorderBuffer.value).toBe(32);
    expect(overridesFor(nano, [{ path: 'forms.mul.f64.latency', value: 3 }])).toEqual({ forms: { 'mul.f64': { latency: 3 } } });
  });

  it('accumulatorLatency: its own path; a latency below it lowers it (the profile stays valid)', () => {
    const a57 = loadProfile('arm-cortex-a57');
    const [form, t] = Object.entries(a57.forms).find(([, x]) => x.accumulatorLatency !== undefined && x.accumulatorLatency < x.latency)!;
    const low = deriveWith(a57, [{ path: `forms.${form}.latency`, value: t.accumulatorLatency! - 1 }]);
    expect(low.forms[form]!.accumulatorLatency).toBe(t.accumulatorLatency! - 1);
    const high = deriveWith(a57, [{ path: `forms.${form}.latency`, value: t.latency + 1 }]);
    expect(high.forms[form]!.accumulatorLatency).toBe(t.accumulatorLatency);
    expect(deriveWith(a57, [{ path: `forms.${form}.accumulatorLatency`, value: 1 }]).forms[form]!.accumulatorLatency).toBe(1);
    expect(err(() => deriveWith(a57, [{ path: `forms.${form}.accumulatorLatency`, value: t.latency + 1 }])).message).toContain('exceeds latency');
  });

  it('a value that makes the profile invalid is an error naming the setting and field', () => {
    const neg = err(() => deriveWith(nano, [{ path: 'forms.mul.f64.latency', value: -1 }]));
    expect(neg.code).toBe('BAD_INPUT');
    expect(neg.message).toBe('profile via-nano-2000 with forms.mul.f64.latency=-1: forms.mul.f64.latency: Too small: expected number to be >=0');
    expect(err(() => deriveWith(nano, [{ path: 'forms.mul.f64.latency', value: 2.5 }])).code).toBe('BAD_INPUT');
    expect(err(() => deriveWith(nano, [{ path: 'machine.dispatchWidth', value: 0 }])).message).toContain('dispatchWidth');
  });
});

describe('ranges', () => {
  it('integer ranges, steps, ×k ranges and lists', () => {
    expect(parseNumericRange('1..8', 'x')).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(parseNumericRange('1..8:2', 'x')).toEqual([1, 3, 5, 7]);
    expect(parseNumericRange('1..1024:x2', 'x')).toEqual([1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024]);
    expect(parseNumericRange('2,4,8', 'x')).toEqual([2, 4, 8]);
    expect(parseNumericRange('0.5,1', 'x')).toEqual([0.5, 1]);
    expect(parseNumericRange('-1..1', 'x')).toEqual([-1, 0, 1]);
    expect(parseNameList('cnn,adder', 'x', ['cnn', 'adder', 'bnn'])).toEqual(['cnn', 'adder']);
  });

  it.each(['8..1', '', '1..', 'a..b', '1..8:0', '1..8:x1', '0..8:x2', '1,,2', '1,1', 'x'])('rejects "%s"', (r) => {
    expect(err(() => parseNumericRange(r, '--set p')).code).toMatch(/USAGE|LIMIT/);
  });

  it('an empty range says so', () => {
    expect(err(() => parseNumericRange('8..1', '--set forms.mul.f64.latency')).message).toBe(
      '--set forms.mul.f64.latency: empty range "8..1" (start 8 > end 1)',
    );
  });
});
