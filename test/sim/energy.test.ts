// Energy tables and energyOfProgram: the paper view's exact figures, a hand-checked full view, errors.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ELEMENT_TYPES, instr, loop, nest, parseType, type Program } from '../../src/isa/index.ts';
import { ARITH_ACTIONS } from '../../src/sim/energy/schema.ts';
import { listEnergyTables, loadEnergyTable } from '../../src/sim/energy/table.ts';
import { ajToDecimalPJ, energyOfProgram, formActions } from '../../src/sim/energy/energy.ts';
import { parseForm } from '../../src/isa/index.ts';

const f32 = parseType('f32');
const RESNET20_MACS = 40_813_184;

// A hand-built paper-style program: one kernel per layer, MACs split 442,368 (first conv) + the rest + 640 (FC).
function paperProgram(variant: 'cnn' | 'adder'): Program {
  const body =
    variant === 'cnn'
      ? [instr('mul', f32, 'p', ['x', 'w']), instr('add', f32, 'acc', ['acc', 'p'])]
      : [instr('sub', f32, 'd', ['x', 'w']), instr('abs', f32, 'a', ['d']), instr('add', f32, 'acc', ['acc', 'a'])];
  const split = [442_368, RESNET20_MACS - 442_368 - 640, 640];
  return {
    model: 'resnet20',
    variant,
    lowering: 'paper',
    kernels: split.map((n, i) => ({ name: `k${i}`, layer: `l${i}`, layerKind: 'conv2d', body: [loop('k', n, body)] })),
    excluded: [{ layer: 'bn1', kind: 'batchnorm', reason: 'paper lowering counts conv/FC only' }],
    notes: [],
  };
}

describe('energy tables', () => {
  it('ships horowitz-45nm (default) and aladdin-40nm, both valid', () => {
    expect(listEnergyTables()).toEqual(expect.arrayContaining(['aladdin-40nm', 'horowitz-45nm']));
    for (const name of ['horowitz-45nm', 'aladdin-40nm']) expect(loadEnergyTable(name).name).toBe(name);
  });
  it('has the Horowitz figures of the issue', () => {
    const t = loadEnergyTable('horowitz-45nm');
    const v = (k: 'add' | 'mul', e: 'f32' | 'f16' | 'i32' | 'i8') => t.actions[k][e]!.energyPJ;
    expect([v('add', 'f32'), v('mul', 'f32'), v('add', 'f16'), v('mul', 'f16'), v('add', 'i32'), v('mul', 'i32'), v('add', 'i8'), v('mul', 'i8')]).toEqual([
      0.9, 3.7, 0.4, 1.1, 0.1, 3.1, 0.03, 0.2,
    ]);
    expect(t.memory.map((m) => m.per64Bit.energyPJ)).toEqual([10, 20, 100, 1950]);
    expect(t.memory[3]!.per64Bit).toMatchObject({ min: 1300, max: 2600 });
    expect(t.actions.add.f64!.source).toMatch(/^assumption: /);
    expect(t.actions.mul.i16!.source).toMatch(/^assumption: /);
    expect(t.overhead.perInstruction.source).toMatch(/^assumption: /);
  });
  it('every arithmetic action of every element type has an entry (popcount and shift: integers)', () => {
    for (const name of ['horowitz-45nm', 'aladdin-40nm']) {
      const t = loadEnergyTable(name);
      for (const a of ARITH_ACTIONS) {
        const types = a === 'bitcount' || a === 'shift' ? ['i64', 'i32', 'i16', 'i8', 'u8'] : ELEMENT_TYPES;
        for (const e of types) expect(t.actions[a][e as 'i8'], `${name} ${a}.${e}`).toBeDefined();
      }
    }
  });
  it('an unknown table or a typo in a table is an error naming the place', () => {
    expect(() => loadEnergyTable('nope-7nm')).toThrow(/unknown energy table "nope-7nm"/);
    const dir = mkdtempSync(join(tmpdir(), 'energy-'));
    const t = structuredClone(loadEnergyTable('horowitz-45nm')) as unknown as { actions: { add: { f32: Record<string, unknown> } } };
    t.actions.add.f32.energyPj = 1;
    writeFileSync(join(dir, 'bad.json'), JSON.stringify(t));
    expect(() => loadEnergyTable(join(dir, 'bad.json'))).toThrow(/bad\.json: actions\.add\.f32/);
  });
});

describe('energyOfProgram, paper view (resnet20, Horowitz 45 nm)', () => {
  const t = loadEnergyTable('horowitz-45nm');
  it('CNN = MACs × (3.7 + 0.9) pJ exactly', () => {
    const r = energyOfProgram(paperProgram('cnn'), t, { view: 'paper' });
    expect(r.exactPJ).toBe('187740646.4');
    expect(BigInt(r.exactPJ.replace('.', ''))).toBe(BigInt(RESNET20_MACS) * 46n);
    expect(r.energyPJ).toBe(187740646.4);
    expect(r.byKind.mul).toBe(151008780.8);
    expect(r.byKind.add).toBe(36731865.6);
    expect(r.byKind.memory + r.byKind.overhead).toBe(0);
  });
  it('AdderNet = 2 × MACs × 0.9 pJ exactly (|x| free in the paper convention)', () => {
    const r = energyOfProgram(paperProgram('adder'), t, { view: 'paper' });
    expect(r.exactPJ).toBe('73463731.2');
    expect(BigInt(r.exactPJ.replace('.', ''))).toBe(2n * BigInt(RESNET20_MACS) * 9n);
    expect(r.layers.map((l) => l.layer)).toEqual(['l0', 'l1', 'l2']);
    expect(r.notes.join('\n')).toMatch(/bn1 \(batchnorm\) not lowered/);
  });
});

describe('energyOfProgram, full view by hand', () => {
  const t = loadEnergyTable('horowitz-45nm');
  const prog = (ws?: number): [Program, Record<string, number> | undefined] => [
    {
      model: 'm',
      variant: 'cnn',
      lowering: 'simd',
      excluded: [],
      notes: [],
      kernels: [
        {
          name: 'k',
          layer: 'fc',
          layerKind: 'linear',
          body: nest([['i', 10]], [instr('load', parseType('f32x4'), 'x'), instr('fma', parseType('f32x4'), 'acc', ['acc', 'x', 'w'])]),
        },
      ],
    },
    ws === undefined ? undefined : { fc: ws },
  ];
  it('10 × (load.f32x4 + fma.f32x4) with a 10,000-byte working set: 400 + 184 + 1400 pJ', () => {
    const [p, ws] = prog(10_000);
    const r = energyOfProgram(p, t, { view: 'full', workingSetBytes: ws! });
    // load: 10 × 2 accesses × 20 pJ (32 KB level); fma: 10 × 4 lanes × (3.7 + 0.9); overhead 20 × 70.
    expect(r.byKind.memory).toBe(400);
    expect(r.byKind.mul + r.byKind.add).toBe(184);
    expect(r.byKind.overhead).toBe(1400);
    expect(r.exactPJ).toBe('1984');
    expect(r.layers[0]!.memoryLevel).toBe('sram-32KB');
  });
  it('the working set picks the level; DRAM beyond 1 MB; overhead can be turned off', () => {
    const [p] = prog();
    expect(energyOfProgram(p, t, { view: 'full', workingSetBytes: { fc: 8192 } }).layers[0]!.memoryLevel).toBe('sram-8KB');
    const r = energyOfProgram(p, t, { view: 'full', workingSetBytes: { fc: 2_000_000 }, overheadPJ: 0, memoryModel: 'working-set' });
    expect(r.layers[0]!.memoryLevel).toBe('dram');
    expect(r.byKind.memory).toBe(10 * 2 * 1950);
    expect(r.byKind.overhead).toBe(0);
    // footprint (default): 20 accesses at the 32 KB L1 level + 2,000,000 / 8 words once from DRAM
    const f = energyOfProgram(p, t, { view: 'full', workingSetBytes: { fc: 2_000_000 }, overheadPJ: 0 });
    expect(f.byKind.memory).toBe(20 * 20 + 250_000 * 1950);
    expect(f.layers[0]!.actions.map((a) => a.action)).toEqual(['add.f32', 'memory.dram.footprint', 'memory.sram-32KB', 'mul.f32', 'overhead.instruction']);
    // the source range of DRAM (1.3–2.6 nJ) gives the low and high totals
    expect(energyOfProgram(p, t, { view: 'full', workingSetBytes: { fc: 2_000_000 }, overheadPJ: 0, use: 'min' }).byKind.memory).toBe(20 * 20 + 250_000 * 1300);
    expect(energyOfProgram(p, t, { view: 'full', workingSetBytes: { fc: 2_000_000 }, overheadPJ: 0, use: 'max' }).byKind.memory).toBe(20 * 20 + 250_000 * 2600);
    // a 64 KiB L1 (VIA Nano) is priced at the nearest row, 32 KB
    expect(energyOfProgram(p, t, { view: 'full', workingSetBytes: { fc: 4096 }, overheadPJ: 0, l1Bytes: 65536 }).byKind.memory).toBe(20 * 20);
    // an 8 KB L1 (from the profile) moves the accesses to the 10 pJ level
    expect(energyOfProgram(p, t, { view: 'full', workingSetBytes: { fc: 4096 }, overheadPJ: 0, l1Bytes: 8192 }).byKind.memory).toBe(20 * 10);
    const unknown = energyOfProgram(p, t, { view: 'full' });
    expect(unknown.notes.join('\n')).toMatch(/working set unknown/);
  });
  it('a form whose action the table lacks is an error naming form and table', () => {
    const p: Program = {
      model: 'm',
      variant: 'bnn',
      lowering: 'x',
      excluded: [],
      notes: [],
      kernels: [{ name: 'k', layer: 'b', body: [instr('popcnt', parseType('f32'), 'c', ['x'])] }],
    };
    expect(() => energyOfProgram(p, t, { view: 'paper' })).toThrow(/popcnt\.f32 needs energy action bitcount\.f32, which energy table horowitz-45nm lacks/);
  });
});

describe('forms → actions', () => {
  it('decomposes the packed forms per element', () => {
    expect(formActions(parseForm('sad.u8x16'))).toEqual([
      ['add', 'u8', 16],
      ['abs', 'u8', 16],
      ['add', 'i16', 14],
    ]);
    expect(formActions(parseForm('dot.u8x32'))).toEqual([
      ['mul', 'u8', 32],
      ['add', 'i16', 16],
    ]);
    expect(formActions(parseForm('fma.f32x8'))).toEqual([
      ['mul', 'f32', 8],
      ['add', 'f32', 8],
    ]);
    expect(formActions(parseForm('hadd.f32x4'))).toEqual([['add', 'f32', 3]]);
  });
  it('exact decimals', () => {
    expect(ajToDecimalPJ(1_500_000n)).toBe('1.5');
    expect(ajToDecimalPJ(30_000n)).toBe('0.03');
    expect(ajToDecimalPJ(2_000_000n)).toBe('2');
  });
});

describe('energy table provenance', () => {
  it('every source is a SOURCES.md id or an assumption with a reason', async () => {
    const { readFileSync } = await import('node:fs');
    const md = readFileSync(new URL('../../cpu-profiles/SOURCES.md', import.meta.url), 'utf8');
    const ids = new Set([...md.matchAll(/^\| `([a-z0-9-]+)` \|/gm)].map((m) => m[1]));
    for (const name of ['horowitz-45nm', 'aladdin-40nm']) {
      const t = loadEnergyTable(name);
      const sources: string[] = [t.process.source, t.overhead.perInstruction.source, ...t.memory.map((m) => m.per64Bit.source)];
      for (const per of Object.values(t.actions)) for (const e of Object.values(per)) sources.push(e!.source);
      for (const s of sources) {
        if (s.startsWith('assumption: ')) continue;
        expect(ids, `${name}: ${s}`).toContain(s.split(':')[0]);
      }
    }
  });
});

describe('energyOfCounts (op-table totals)', () => {
  it('paper counts for resnet20 give the same exact figures as the lowered program', async () => {
    const { energyOfCounts } = await import('../../src/sim/energy/energy.ts');
    const t = loadEnergyTable('horowitz-45nm');
    expect(energyOfCounts({ mul: RESNET20_MACS, add: RESNET20_MACS }, t).exactPJ).toBe('187740646.4');
    expect(energyOfCounts({ add: 2 * RESNET20_MACS }, t).exactPJ).toBe('73463731.2');
    expect(energyOfCounts({ 'add.i8': 1000, 'mul.i8': 1000 }, t).exactPJ).toBe('230');
    expect(() => energyOfCounts({ frob: 1 }, t)).toThrow(/unknown op "frob"/);
  });
});

describe('energy.schema.json (for editors)', () => {
  it('is the JSON Schema generated from the zod schema', async () => {
    const { readFileSync } = await import('node:fs');
    const { energyJsonSchema } = await import('../../src/sim/energy/schema.ts');
    const committed = JSON.parse(readFileSync(new URL('../../cpu-profiles/energy/energy.schema.json', import.meta.url), 'utf8'));
    // regenerate with: node -e "…energyJsonSchema()…" (see src/sim/energy/schema.ts)
    expect(committed).toEqual(JSON.parse(JSON.stringify(energyJsonSchema())));
    expect(listEnergyTables()).not.toContain('energy.schema');
  });
});
