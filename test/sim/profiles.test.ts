// CPU profile library: every profile loads and validates, every source id is defined, the Nano numbers
// equal the InstLatX64 measurement, extends/overrides are re-validated, bad files name file and JSON path.

import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AddersimError, parseForm } from '../../src/isa/index.ts';
import { deriveProfile, listProfileNames, loadProfile, PROFILES_DIR, targetCaps } from '../../src/sim/profile/loader.ts';
import { deriveWith } from '../../src/whatif/params.ts';
import { checkSources, loadSourceIds, sourceCoverage, sourcedItems } from '../../src/sim/profile/sources.ts';
import { uopsRthroughput } from '../../scripts/lib/profile-llvm-mca.ts';
import { caught as thrown } from '../helpers/caught.ts';

const ISSUE_4_PROFILES = [
  'via-nano-2000',
  'via-nano-3000',
  'intel-atom',
  'intel-silvermont',
  'intel-haswell',
  'intel-skylake',
  'intel-icelake-server',
  'amd-jaguar',
  'amd-zen2',
  'amd-zen3',
  'arm-cortex-a53',
  'arm-cortex-a55',
  'arm-cortex-a57',
  'arm-neoverse-n1',
  'arm-cortex-m4f',
];

const tmp = mkdtempSync(join(tmpdir(), 'addersim-profiles-'));
function writeTmp(name: string, data: unknown): string {
  const f = join(tmp, name);
  writeFileSync(f, typeof data === 'string' ? data : JSON.stringify(data));
  return f;
}

describe('profile library', () => {
  const names = listProfileNames();
  const ids = loadSourceIds();

  it('has every profile the issue lists', () => {
    const missing = ISSUE_4_PROFILES.filter((n) => !names.includes(n));
    expect(missing).toEqual([]);
  });

  it.each(names)('%s loads, validates, uses every port, and names only SOURCES.md ids', (name) => {
    const p = loadProfile(name);
    expect(p.name).toBe(name);
    checkSources(p, ids, name);
    for (const form of Object.keys(p.forms)) expect(() => parseForm(form)).not.toThrow();
    const c = sourceCoverage(p);
    expect(c.numbers).toBeGreaterThan(0);
  });

  it.each(names)("%s: each form's µops reproduce its reciprocal throughput, or a note says why not", (name) => {
    const p = loadProfile(name);
    for (const [form, t] of Object.entries(p.forms)) {
      const implied = uopsRthroughput(t.uops);
      if (Math.abs(implied - t.rthroughput) > 0.03) {
        expect(t.note ?? '', `${name} ${form}: rthroughput ${t.rthroughput}, µops imply ${implied}`).toMatch(/imply|measured rthr|composite|rthr/);
      }
    }
  });

  it.each(names)('%s: composite parts add up to the form (µops; chain = Σ latency, parallel = max)', (name) => {
    const p = loadProfile(name);
    for (const [form, t] of Object.entries(p.forms)) {
      if (!t.composite) continue;
      const key = (us: readonly { ports: readonly string[]; cycles: number }[]) =>
        us
          .map((x) => `${x.ports.join('|')}×${x.cycles}`)
          .sort()
          .join(' ');
      expect(key(t.composite.parts.flatMap((pt) => pt.uops)), `${name} ${form}`).toBe(key(t.uops));
      const lats = t.composite.parts.map((pt) => pt.latency);
      const combined = t.composite.combine === 'chain' ? lats.reduce((a, b) => a + b, 0) : Math.max(...lats);
      if (combined !== t.latency) expect(t.source, `${name} ${form}: parts give ${combined}, form says ${t.latency}`).toMatch(/^llvm-upstream-a53/);
    }
  });

  it('SOURCES.md defines the ids the brief asks for', () => {
    for (const id of [
      'agner-fog-instr-2021',
      'agner-fog-microarch-2020',
      'instlatx64-cna',
      'instlatx64-cna-memlat',
      'llvm-mca-14',
      'llvm-upstream-neoverse-n1',
      'ti-swcu192',
    ]) {
      expect(ids.has(id), id).toBe(true);
    }
  });

  it('a source id missing from SOURCES.md is an error naming the file and JSON path', () => {
    const nano = loadProfile('via-nano-2000');
    const bad = deriveProfile(nano, { forms: { 'mul.f64': { source: 'agner-fog-1999: row 3' } } });
    const e = thrown(() => checkSources(bad, ids, 'x.json'));
    expect(e.path).toBe('x.json: forms["mul.f64"].source');
    expect(e.message).toContain('agner-fog-1999');
  });

  it('an overridden machine entry without its own source says override, as a form does (never the inherited source alone)', () => {
    const zen3 = loadProfile('amd-zen3');
    const p = deriveProfile(zen3, { machine: { dispatchWidth: { value: 4 }, writeBackConflicts: { ports: ['FP0'] } } }, 'mine.json');
    expect(p.machine.dispatchWidth.source).toBe(`override: mine.json: machine.dispatchWidth value 4 (was: ${zen3.machine.dispatchWidth.source})`);
    expect(p.machine.writeBackConflicts!.source).toMatch(/^override: mine\.json: machine\.writeBackConflicts ports \["FP0"\] \(was: measured: /);
    // an override giving its own source keeps it; one changing nothing keeps the inherited source
    const q = deriveProfile(zen3, {
      machine: { dispatchWidth: { value: 4, source: 'assumption: a narrower core' }, retireWidth: { value: zen3.machine.retireWidth.value } },
    });
    expect(q.machine.dispatchWidth.source).toBe('assumption: a narrower core');
    expect(q.machine.retireWidth.source).toBe(zen3.machine.retireWidth.source);
  });
});

describe('via-nano-2000 against the InstLatX64 measurement (instlatx64-cna)', () => {
  const nano = loadProfile('via-nano-2000');

  it('keeps the paper-relevant numbers: f64 mul 4/2, add 2/1 (x87/SSE2); f32 mul 3/1, add 2/1', () => {
    const lr = (f: string) => [nano.forms[f]!.latency, nano.forms[f]!.rthroughput];
    expect(lr('mul.f64')).toEqual([4, 2]);
    expect(lr('add.f64')).toEqual([2, 1]);
    expect(lr('mul.f32')).toEqual([3, 1]);
    expect(lr('add.f32')).toEqual([2, 1]);
    expect(lr('sad.u8x16')).toEqual([2, 1]);
    expect(lr('dot.u8x16')).toEqual([10, 8]);
    expect(uopsRthroughput(nano.forms['dot.u8x16']!.uops)).toBe(8);
    expect(uopsRthroughput(nano.forms['mul.f64']!.uops)).toBe(2);
  });

  it("every form citing an AIDA test has that test's measured latency and throughput", () => {
    const rows = new Map<string, { lat: number | null; rthr: number }>();
    for (const line of readFileSync(join(PROFILES_DIR, 'instlat/via_nano2000_CNA_L2200.txt'), 'utf8').split('\n')) {
      const c = line.split('|').map((s) => s.trim());
      if (c.length === 5 && /^\d+$/.test(c[0]!)) rows.set(c[0]!, { lat: /^\d/.test(c[3]!) ? Number(c[3]) : null, rthr: Number(c[4]) });
    }
    let checked = 0;
    for (const [form, t] of Object.entries(nano.forms)) {
      const m = /^instlatx64-cna: test (\d+) /.exec(t.source);
      const row = m ? rows.get(m[1]!) : undefined;
      if (!row) continue;
      checked++;
      if (row.lat !== null) expect(t.latency, form).toBe(Math.round(row.lat));
      if (row.rthr >= 0.9) expect(t.rthroughput, form).toBeCloseTo(row.rthr, 2);
      else expect(t.rthroughput, form).toBe(0.5); // two ALUs: measured 0.44–0.45, modelled ½ (Agner)
    }
    expect(checked).toBeGreaterThan(25);
  });

  it('has no popcnt (the CPU lacks POPCNT) but the nibble-table pieces, SSE 128-bit at most', () => {
    expect(Object.keys(nano.forms).filter((f) => f.startsWith('popcnt.'))).toEqual([]);
    for (const f of ['and.i8x16', 'shr.i16x8', 'xor.i64x2', 'xnor.i8x16', 'sad.u8x16', 'bcast.f32x4', 'hadd.f32x4', 'div.f32'])
      expect(nano.forms[f], f).toBeDefined();
    expect(targetCaps(nano).vectorBits).toBe(128);
  });

  it('memory: L1D 64 KB 4 cycles, L2 1 MB 24, DRAM 177; bandwidths unknown', () => {
    expect(nano.memory.map((m) => [m.level, m.sizeBytes.value, m.latencyCycles.value, m.bytesPerCycle.value])).toEqual([
      ['L1D', 65536, 4, null],
      ['L2', 1048576, 24, null],
      ['DRAM', null, 177, null],
    ]);
  });
});

describe('extends and overrides', () => {
  it('an override is validated like any profile: a negative latency names the path', () => {
    const nano = loadProfile('via-nano-2000');
    const e = thrown(() => deriveProfile(nano, { forms: { 'mul.f64': { latency: -1 } } }, 'what-if.json'));
    expect(e.path).toMatch(/^what-if\.json: forms.*mul\.f64.*latency$/);
  });

  it('a derived profile carries its own name: base+path=value (API), the name given, or the file name (extends)', () => {
    const sky = loadProfile('intel-skylake');
    expect(deriveProfile(sky, { forms: { 'mul.f32': { latency: 5 } } }).name).toBe('intel-skylake+forms.mul.f32.latency=5');
    expect(deriveProfile(sky, { forms: { 'mul.f32': { latency: 5, source: 'assumption: x' } }, machine: { dispatchWidth: { value: 2 } } }).name).toBe(
      'intel-skylake+forms.mul.f32.latency=5,machine.dispatchWidth.value=2',
    );
    expect(deriveWith(sky, [{ path: 'forms.mul.f32.latency', value: 5 }]).name).toBe('intel-skylake+forms.mul.f32.latency=5'); // the same name as --set
    expect(deriveProfile(sky, { name: 'mine', forms: { 'mul.f32': { latency: 5 } } }).name).toBe('mine');
    expect(deriveProfile(sky, {}).name).toBe('intel-skylake'); // nothing changed
    const f = writeTmp('sky-fast-fma.json', { extends: 'intel-skylake', forms: { 'fma.f32x8': { latency: 1 } } });
    expect(loadProfile(f).name).toBe('sky-fast-fma');
  });

  it('an extending file inherits the rest and changes only what it says', () => {
    const f = writeTmp('nano-fast-mul.json', { extends: 'via-nano-2000', name: 'nano-fast-mul', forms: { 'mul.f64': { latency: 3 } } });
    const p = loadProfile(f);
    const base = loadProfile('via-nano-2000');
    expect(p.forms['mul.f64']!.latency).toBe(3);
    expect(p.forms['mul.f64']!.rthroughput).toBe(2);
    expect(p.forms['add.f64']).toEqual(base.forms['add.f64']);
    expect(p.name).toBe('nano-fast-mul');
  });

  it('a negative latency in an extending file names the file and JSON path', () => {
    const f = writeTmp('neg.json', { extends: 'via-nano-2000', forms: { 'add.f32': { latency: -2 } } });
    expect(thrown(() => loadProfile(f)).path).toBe(`${f}: forms.add.f32.latency`);
  });

  it('what-if file mistakes say what to write: a misspelt field, a form that is no form, a new form incomplete, a bare number', () => {
    const cases: [string, unknown, string, RegExp][] = [
      // a misspelt form field: the fields, with the closest
      [
        'typo-field.json',
        { extends: 'intel-skylake', forms: { 'add.f32x8': { latncy: 8 } } },
        'forms.add.f32x8',
        /Unrecognized key: "latncy" \(did you mean latency\?\)/,
      ],
      // f32x9 is not a type (lanes are powers of two): said before the missing fields, with the forms it is close to
      [
        'typo-type.json',
        { extends: 'intel-skylake', forms: { 'add.f32x9': { latency: 8 } } },
        'forms["add.f32x9"]',
        /lane count in "f32x9" must be a power of two.*did you mean .*add\.f32x8/,
      ],
      [
        'typo-op.json',
        { extends: 'intel-skylake', forms: { 'ad.f32x8': { latency: 8 } } },
        'forms["ad.f32x8"]',
        /unknown form "ad\.f32x8".*did you mean .*add\.f32x8/,
      ],
      // a glob is a --set / deriveWith path, not a form key
      [
        'glob-key.json',
        { extends: 'intel-skylake', forms: { 'add.*': { latency: 2 } } },
        'forms["add.*"]',
        /a glob or tie \(e\.g\. forms\.add\.\*\.latency\) is a path of --set or deriveWith/,
      ],
      // a real form Skylake lacks (AVX-512): a new form, so every field is needed
      [
        'new-form.json',
        { extends: 'intel-skylake', forms: { 'add.f32x16': { latency: 8 } } },
        'forms.add.f32x16.rthroughput',
        /add\.f32x16 is a new form .* needs every field: latency, rthroughput, uops, source/,
      ],
      // machine numbers carry their source
      ['bare-width.json', { extends: 'intel-skylake', machine: { dispatchWidth: 3 } }, 'machine.dispatchWidth', /\{"value": 3, "source": .*got 3/],
      ['bare-rob.json', { extends: 'intel-skylake', machine: { reorderBuffer: 100 } }, 'machine.reorderBuffer', /\{"value": 100, "source": .*got 100/],
    ];
    for (const [name, data, path, message] of cases) {
      const f = writeTmp(name, data);
      const e = thrown(() => loadProfile(f));
      expect(e.path, name).toBe(`${f}: ${path}`);
      expect(e.detail, name).toMatch(message);
    }
  });

  it('an unknown base or a cycle is an error at "extends"', () => {
    const u = writeTmp('unknown-base.json', { extends: 'no-such-cpu' });
    expect(thrown(() => loadProfile(u)).path).toBe(`${u}: extends`);
    const a = writeTmp('cyc-a.json', { extends: './cyc-b.json' });
    writeTmp('cyc-b.json', { extends: './cyc-a.json' });
    expect(thrown(() => loadProfile(a)).message).toContain('cycle');
  });
});

describe('bad profile files name the file and the JSON path', () => {
  const nanoRaw = JSON.parse(readFileSync(join(PROFILES_DIR, 'via-nano-2000.json'), 'utf8'));
  const variant = (edit: (p: any) => void) => {
    const p = structuredClone(nanoRaw);
    edit(p);
    return p;
  };

  it('unknown key', () => {
    const f = writeTmp(
      'unknown-key.json',
      variant((p) => {
        p.machine.robSize = 1;
      }),
    );
    const e = thrown(() => loadProfile(f));
    expect(e.path).toBe(`${f}: machine`);
    expect(e.message).toContain('robSize');
  });

  it('µop on an undeclared port', () => {
    const f = writeTmp(
      'bad-port.json',
      variant((p) => {
        p.forms['mul.f32'].uops[0].ports = ['MX'];
      }),
    );
    expect(thrown(() => loadProfile(f)).path).toBe(`${f}: forms["mul.f32"].uops[0].ports`);
  });

  it('a port no form uses', () => {
    const f = writeTmp(
      'unused-port.json',
      variant((p) => {
        p.ports.P9 = 'nothing';
      }),
    );
    expect(thrown(() => loadProfile(f)).path).toBe(`${f}: ports.P9`);
  });

  it('an unknown form name', () => {
    const f = writeTmp(
      'bad-form.json',
      variant((p) => {
        p.forms['frob.f32'] = p.forms['add.f32'];
      }),
    );
    expect(thrown(() => loadProfile(f)).path).toBe(`${f}: forms["frob.f32"]`);
  });

  it('a number without a source', () => {
    const f = writeTmp(
      'no-source.json',
      variant((p) => {
        delete p.machine.dispatchWidth.source;
      }),
    );
    expect(thrown(() => loadProfile(f)).path).toBe(`${f}: machine.dispatchWidth.source`);
  });

  it('not JSON', () => {
    const f = writeTmp('garbage.json', '{ nope');
    expect(thrown(() => loadProfile(f)).path).toBe(f);
  });
});

describe('source coverage', () => {
  it('counts stated numbers, sourced ones and unknowns by hand on the Nano', () => {
    const nano = loadProfile('via-nano-2000');
    const items = sourcedItems(nano);
    const c = sourceCoverage(nano);
    const forms = Object.keys(nano.forms).length;
    // clock + issue + 5 machine numbers + 2 per form + 3 × 3 memory entries
    expect(c.numbers + c.unknown).toBe(1 + 1 + 5 + 2 * forms + 9);
    expect(c.unknown).toBe(items.filter((i) => i.source === null).length);
    expect(c.unknown).toBe(2 + 4); // ROB, scheduler; DRAM size and three bandwidths
    expect(c.sourced).toBeLessThan(c.numbers);
  });
});
