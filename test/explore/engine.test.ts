// The explorer's engine in Node: the same numbers as the CLI's evaluation, settings checked field by
// field, `extends` among profiles in memory, and the page's pure helpers (crossing, CSV, URL hash).

import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EXPLORE_DEFAULTS, ExploreEngine, mergeSettings } from '../../src/explore/engine.ts';
import { crossingOf, csvOf, groupByOp, hashOf, joinParts, settingsFromHash } from '../../src/explore/web/view-model.ts';
import { loadProfile, validateProfile, profileFromData } from '../../src/sim/profile/loader.ts';
import { runJson } from '../cli/run-cli.ts';

const PROFILES = resolve(__dirname, '../../cpu-profiles');
const jsonDir = (dir: string): Record<string, unknown> =>
  Object.fromEntries(
    readdirSync(dir)
      .filter((f) => f.endsWith('.json') && !f.endsWith('.schema.json'))
      .map((f) => [f.slice(0, -5), JSON.parse(readFileSync(join(dir, f), 'utf8'))]),
  );
const raw = jsonDir(PROFILES);
const energyTables = jsonDir(join(PROFILES, 'energy'));

describe('profiles from JSON in memory', () => {
  it('every shipped profile resolves (extends included) to exactly what loadProfile reads from its file', () => {
    for (const name of Object.keys(raw)) expect(profileFromData(name, raw), name).toEqual(loadProfile(name));
  });
  it('an unknown name and an extends cycle are errors naming them', () => {
    expect(() => profileFromData('nope', raw)).toThrow(/unknown CPU profile "nope"/);
    expect(() => profileFromData('a', { a: { extends: 'b' }, b: { extends: 'a' } })).toThrow(/cycle: a → b → a/);
  });
});

describe('ExploreEngine', () => {
  const engine = new ExploreEngine(raw);

  it('lenet5-bn, via-nano-2000, serial, paper, convert all: the paper arithmetic, and the JSON of `latency --json`', async () => {
    const s = mergeSettings(EXPLORE_DEFAULTS, { scheduler: 'serial', lowering: 'paper', convert: 'all', variants: 'all' });
    const r = engine.run(s);
    // 416,520 MACs: CNN 416,520 × (mul 4 + add 2); AdderNet 833,040 add × 2; BNN 416,520 × (xnor + add latency).
    expect(r.macs).toBe(416_520);
    const lat = (form: string) => r.forms.find((f) => f.form === form)!.latency;
    expect((r.results as { cycles: number }[]).map((x) => x.cycles)).toEqual([2_499_120, 1_666_080, 416_520 * (lat('xnor.i64') + lat('add.f64'))]);
    const cli = await runJson<{ results: unknown[] }>(
      'latency',
      'lenet5-bn',
      '--cpu',
      'via-nano-2000',
      '--scheduler',
      'serial',
      '--lowering',
      'paper',
      '--convert',
      'all',
      '--variant',
      'all',
      '--json',
    );
    expect(JSON.parse(JSON.stringify(r.results))).toEqual(cli.results);
  });

  it('an override changes the number it names only: mul.f64 latency 4 → 2 takes 416,520 × 2 off the CNN', () => {
    const s = mergeSettings(EXPLORE_DEFAULTS, {
      scheduler: 'serial',
      lowering: 'paper',
      convert: 'all',
      variants: ['cnn', 'adder'],
      overrides: { 'forms.mul.f64.latency': 2 },
    });
    expect((engine.run(s).results as { cycles: number }[]).map((x) => x.cycles)).toEqual([2_499_120 - 416_520 * 2, 1_666_080]);
  });

  it('edits: the concrete numbers the overrides set, ties and globs expanded over the profile, a later entry winning', () => {
    const nano = loadProfile('via-nano-2000');
    const mulForms = Object.keys(nano.forms).filter((f) => f.startsWith('mul.'));
    expect(mulForms.length).toBeGreaterThan(1);
    const s = mergeSettings(EXPLORE_DEFAULTS, {
      scheduler: 'serial',
      lowering: 'paper',
      convert: 'all',
      variants: ['cnn'],
      overrides: { 'forms.mul.*.latency': 3, 'forms.mul.f64.latency': 2, 'forms.add.f64.latency,machine.dispatchWidth': 5 },
    });
    const r = engine.run(s);
    expect(r.edits).toEqual({
      ...Object.fromEntries(mulForms.map((f) => [`forms.${f}.latency`, f === 'mul.f64' ? 2 : 3])),
      'forms.add.f64.latency': 5,
      'machine.dispatchWidth': 5,
    });
    // and they are what ran: 416,520 × (2 + 5) under the serial model
    expect((r.results as { cycles: number }[])[0]!.cycles).toBe(416_520 * 7);
  });

  it('lists the forms the programs execute with their share of the instructions (shares sum to 1)', () => {
    const r = engine.run(mergeSettings(EXPLORE_DEFAULTS, { scheduler: 'serial', lowering: 'paper', convert: 'all', variants: ['cnn'] }));
    // CNN paper count: 416,520 mul.f64 + 416,520 add.f64 → half each.
    expect(r.forms.map((f) => [f.form, f.instructions, f.share, f.latency])).toEqual([
      ['add.f64', 416_520, 0.5, 2],
      ['mul.f64', 416_520, 0.5, 4],
    ]);
    // The Nano's MULSD: one µop on MA busy 2 cycles (cpu-profiles/via-nano-2000.json).
    expect(r.forms.find((f) => f.form === 'mul.f64')!.ports).toBe('MA×2');
  });

  it('energy by kind of each variant equals `addersim energy --view full` for the same programs', async () => {
    const withEnergy = new ExploreEngine(raw, energyTables);
    const r = withEnergy.run(
      mergeSettings(EXPLORE_DEFAULTS, { cpu: 'intel-skylake', scheduler: 'serial', lowering: 'scalar', convert: 'inner', variants: 'all' }),
    );
    const cli = await runJson<{ results: { variant: string; energyPJ: number; byKind: Record<string, number> }[] }>(
      'energy',
      'lenet5-bn',
      '--view',
      'full',
      '--lowering',
      'scalar',
      '--cpu',
      'intel-skylake',
      '--convert',
      'inner',
      '--json',
    );
    expect(r.energy.map((e) => [e.variant, e.energyPJ, e.byKind])).toEqual(cli.results.map((e) => [e.variant, e.energyPJ, e.byKind]));
    expect(engine.run(mergeSettings(EXPLORE_DEFAULTS, {})).energy).toEqual([]);
  });

  it('exports the edited profile as a valid profile file carrying the edit', () => {
    const p = engine.exportProfile(mergeSettings(EXPLORE_DEFAULTS, { overrides: { 'forms.mul.f64.latency': 2, 'machine.dispatchWidth': 4 } }));
    const again = validateProfile(JSON.parse(JSON.stringify(p)), 'exported');
    expect(again.name).toBe('via-nano-2000-edited');
    expect(again.forms['mul.f64']!.latency).toBe(2);
    expect(again.machine.dispatchWidth.value).toBe(4);
    expect(again.description).toMatch(/forms\.mul\.f64\.latency=2, machine\.dispatchWidth=4/);
  });

  it('a model file from bytes: lenet5-pytorch.onnx has 416,520 MACs', async () => {
    const bytes = readFileSync(resolve(__dirname, '../fixtures/onnx/lenet5-pytorch.onnx'));
    expect(await engine.addModelFile(new Uint8Array(bytes), 'lenet5-pytorch.onnx')).toEqual({ name: 'lenet5-pytorch.onnx', macs: 416_520 });
  });

  it('bad settings are USAGE errors naming the field; unknown models and CPUs name what is known', () => {
    expect(() => mergeSettings(EXPLORE_DEFAULTS, { schedular: 'cycle' })).toThrow(/unknown setting "schedular"/);
    expect(() => mergeSettings(EXPLORE_DEFAULTS, { scheduler: 'fast' })).toThrow(/scheduler must be one of serial, bound, cycle/);
    expect(() => mergeSettings(EXPLORE_DEFAULTS, { variants: [] })).toThrow(/variants/);
    expect(() => mergeSettings(EXPLORE_DEFAULTS, { overrides: { 'forms.mul.f64.latency': '2' } })).toThrow(
      /overrides\["forms.mul.f64.latency"\] must be a number/,
    );
    expect(() => mergeSettings(EXPLORE_DEFAULTS, { overrides: { 'forms.mul.f64.speed': 2 } })).toThrow(/not a form field/);
    expect(() => engine.run({ ...EXPLORE_DEFAULTS, model: 'nope' })).toThrow(/unknown model "nope"/);
    expect(() => engine.run({ ...EXPLORE_DEFAULTS, cpu: 'nope' })).toThrow(/unknown CPU profile "nope"/);
    expect(() => engine.run({ ...EXPLORE_DEFAULTS, overrides: { 'forms.mul.f16.latency': 2 } })).toThrow(/form mul.f16 is not in profile via-nano-2000/);
  });
});

describe('page helpers', () => {
  const pt = (value: number, cnn: number, adder: number) => ({ value, cycles: { cnn, adder } });
  it('crossingOf: the first value where the sign of adder − cnn changes, an exact tie counting', () => {
    expect(crossingOf([pt(1, 10, 5), pt(2, 10, 8), pt(3, 10, 12)], 'adder', 'cnn')).toBe(3);
    expect(crossingOf([pt(1, 10, 5), pt(2, 10, 10), pt(3, 10, 12)], 'adder', 'cnn')).toBe(2);
    expect(crossingOf([pt(1, 10, 5), pt(2, 10, 8)], 'adder', 'cnn')).toBeUndefined();
    expect(crossingOf([{ value: 1, cycles: { cnn: 1 } }], 'adder', 'cnn')).toBeUndefined();
  });
  it("groupByOp groups forms by op and FP/integer in order of appearance (the editor's tie groups)", () => {
    const f = (form: string) => ({ form, instructions: 1, share: 0, latency: 1, rthroughput: 1, uopCycles: 1, source: 's', ports: 'p0' });
    expect(
      [...groupByOp([f('add.f32'), f('mul.f32'), f('add.f32x4'), f('mul.i64'), f('mul.bf16x8'), f('add.i8x16')])].map(([op, fs]) => [
        op,
        fs.map((x) => x.form),
      ]),
    ).toEqual([
      ['add FP', ['add.f32', 'add.f32x4']],
      ['mul FP', ['mul.f32', 'mul.bf16x8']],
      ['mul integer', ['mul.i64']],
      ['add integer', ['add.i8x16']],
    ]);
  });
  it('the URL hash round-trips settings; a malformed hash is an error', () => {
    const s = mergeSettings(EXPLORE_DEFAULTS, { overrides: { 'forms.mul.f64.latency': 2 } });
    expect(mergeSettings(EXPLORE_DEFAULTS, settingsFromHash(`#${hashOf(s)}`))).toEqual(s);
    expect(settingsFromHash('')).toEqual({});
    expect(() => settingsFromHash('#%7Bnope')).toThrow(/not a settings hash/);
  });
  it('variants split between 2 or 3 workers and joined give exactly the one-worker run (results, energy, forms)', () => {
    const engine = new ExploreEngine(raw, energyTables);
    const s = mergeSettings(EXPLORE_DEFAULTS, { cpu: 'intel-skylake', scheduler: 'bound', lowering: 'simd', variants: ['bnn', 'cnn', 'adder'] });
    const { elapsedMs: _, ...whole } = engine.run(s);
    for (const of of [2, 3]) {
      const parts = Array.from({ length: of }, (_, k) => ({ ...engine.run({ ...s, variants: s.variants.filter((_, i) => i % of === k) }), settings: s }));
      const { elapsedMs: __, ...joined } = joinParts(parts);
      expect(joined.results).toEqual(whole.results);
      expect(joined.energy).toEqual(whole.energy);
      expect(joined.forms.map((f) => [f.form, f.instructions])).toEqual(whole.forms.map((f) => [f.form, f.instructions]));
      joined.forms.forEach((f, i) => expect(f.share).toBeCloseTo(whole.forms[i]!.share, 12));
    }
  });

  it('CSV: one row per variant and layer plus totals, exact integers', () => {
    const engine = new ExploreEngine(raw);
    const r = engine.run(mergeSettings(EXPLORE_DEFAULTS, { scheduler: 'serial', lowering: 'paper', convert: 'all', variants: ['cnn'] }));
    const lines = csvOf(r).trim().split('\n');
    expect(lines[0]).toBe('model,cpu,scheduler,lowering,convert,variant,layer,kind,cycles,bottleneck');
    expect(lines.at(-1)).toBe('lenet5-bn,via-nano-2000,serial,paper,all,cnn,total,,2499120,');
  });
});

describe('addersim explore (command)', () => {
  it('--out writes index.html and explorer.js (one classic script, no module loading, no network URL)', async () => {
    const { mkdtempSync, rmSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { runCli } = await import('../cli/run-cli.ts');
    const dir = mkdtempSync(join(tmpdir(), 'addersim-explore-cmd-'));
    try {
      const r = await runCli('explore', '--out', dir);
      expect(r.code, r.err).toBe(0);
      expect(r.err).toContain(`file://${dir}/index.html`);
      expect(readdirSync(dir).sort()).toEqual(['explorer.js', 'index.html']);
      const html = readFileSync(join(dir, 'index.html'), 'utf8');
      expect(html).toContain('<script src="explorer.js"></script>');
      expect(html).toContain("connect-src 'none'");
      const js = readFileSync(join(dir, 'explorer.js'), 'utf8');
      expect(js).not.toMatch(/require\(["']node:/);
      expect(js).not.toMatch(/\bimport\s*\(?["']node:/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
  it('--port without --serve, or a bad port, is a usage error (exit 2)', async () => {
    const { runCli } = await import('../cli/run-cli.ts');
    expect((await runCli('explore', '--port', '8080')).code).toBe(2);
    expect((await runCli('explore', '--serve', '--port', 'x')).code).toBe(2);
    expect((await runCli('explore', '--serve', '--port', '70000')).code).toBe(2);
  });
});

describe('explorer assets from a packaged build', () => {
  it('a compiled module (.js) reads the prebuilt files of npm run build:explorer from dist/explorer/', async () => {
    const { mkdirSync, mkdtempSync, rmSync, writeFileSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { pathToFileURL } = await import('node:url');
    const { explorerFiles } = await import('../../src/explore/assets.ts');
    const root = mkdtempSync(join(tmpdir(), 'addersim-dist-'));
    try {
      const moduleUrl = pathToFileURL(join(root, 'dist/explore/assets.js')).href;
      await expect(explorerFiles(moduleUrl)).rejects.toThrow(/npm run build:explorer/);
      mkdirSync(join(root, 'dist/explorer'), { recursive: true });
      writeFileSync(join(root, 'dist/explorer/index.html'), '<html>page</html>');
      writeFileSync(join(root, 'dist/explorer/explorer.js'), '/* bundle */');
      expect(await explorerFiles(moduleUrl)).toEqual({ 'index.html': '<html>page</html>', 'explorer.js': '/* bundle */' });
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
