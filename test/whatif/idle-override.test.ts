// A what-if that changes nothing says so wherever it comes from: `--set` is refused (UNUSED_PARAMETER,
// tested with the sweep), and an override reaching evaluate through deriveProfile or a profile file that
// `extends` one leaves a note naming the forms the program does not execute.

import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadModel } from '../../src/models/load-model.ts';
import { deriveProfile, loadProfile } from '../../src/sim/profile/loader.ts';
import { evaluate } from '../../src/whatif/evaluate.ts';
import { runCli } from '../cli/run-cli.ts';

describe('an override the program does not execute', () => {
  const sky = loadProfile('intel-skylake');
  it('API: the simd f32 AdderNet runs no add.f64: a note, and the cycles are exactly the unmodified profile’s', async () => {
    const { graph } = await loadModel('lenet5-bn');
    const opts = { variant: 'adder', scheduler: 'serial' } as const; // serial: Σ count × latency, so an executed override moves it
    const idle = evaluate(graph, deriveProfile(sky, { forms: { 'add.f64': { latency: 8 } } }), opts);
    expect(idle.program.notes).toContain(
      'adder: intel-skylake+forms.add.f64.latency=8 overrides add.f64, which this program does not execute: that what-if changes nothing here',
    );
    expect(idle.result.cycles).toBe(evaluate(graph, sky, opts).result.cycles);
    // an executed form: no note (and the cycles move: add.f32x8 carries the AdderNet's accumulation)
    const used = evaluate(graph, deriveProfile(sky, { forms: { 'add.f32x8': { latency: 8 } } }), opts);
    expect(used.program.notes.filter((n) => n.includes('changes nothing'))).toEqual([]);
    expect(used.result.cycles).not.toBe(evaluate(graph, sky, opts).result.cycles);
    // one executed form among the overridden (as a glob does): the what-if runs, no note
    const some = evaluate(graph, deriveProfile(sky, { forms: { 'add.f64': { latency: 8 }, 'add.f32x8': { latency: 8 } } }), opts);
    expect(some.program.notes.filter((n) => n.includes('changes nothing'))).toEqual([]);
    // the shipped profiles carry no override: no note
    expect(evaluate(graph, sky, opts).program.notes.filter((n) => n.includes('overrides'))).toEqual([]);
  });
  it('CLI: latency --cpu what-if.json (extends intel-skylake, add.f64 latency 8) notes it', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'idle-')), 'what-if.json');
    writeFileSync(file, JSON.stringify({ extends: 'intel-skylake', forms: { 'add.f64': { latency: 8 } } }));
    const r = await runCli('latency', 'lenet5-bn', '--cpu', file, '--variant', 'adder', '--scheduler', 'bound');
    expect(r.code, r.err).toBe(0);
    expect(r.out).toContain('note: adder: what-if overrides add.f64, which this program does not execute: that what-if changes nothing here');
  });
});
