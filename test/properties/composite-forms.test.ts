// Composite forms are first-class: an override of any timing field of a form (extends, deriveProfile,
// --set) changes that form in every scheduler, `"composite": null` drops an inherited composite, and the
// overridden number's source says `override: …`. Property over every shipped profile × every form: raising
// one form's latency never lowers serial, bound or cycle on a chain of that form, and cycle ≥ bound.
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AddersimError, instr, loop, OP_ARITY, parseForm, type Kernel } from '../../src/isa/index.ts';
import { deriveProfile, loadProfile, PROFILES_DIR } from '../../src/sim/profile/loader.ts';
import type { Profile } from '../../src/sim/profile/schema.ts';
import { scheduleKernel } from '../../src/sim/schedulers/schedule.ts';
import { runJson } from '../cli/run-cli.ts';

const dir = mkdtempSync(join(tmpdir(), 'addersim-composite-'));
const SHIPPED = readdirSync(PROFILES_DIR)
  .filter((f) => f.endsWith('.json') && f !== 'profile.schema.json')
  .map((f) => f.slice(0, -5));

/** `iterations` × one instruction of `form` reading its own result (a dependent chain where the op has sources). */
function chain(form: string, iterations: number): Kernel {
  const f = parseForm(form);
  const src = Array.from({ length: OP_ARITY[f.op] }, () => 'a');
  return { name: `chain-${form}`, body: [loop('i', iterations, [instr(f.op, f.type, f.op === 'store' ? undefined : 'a', src)])] };
}

describe('an override of a composite wins over its parts', () => {
  it('arm-cortex-a55 extended with abs.i32 latency 20: 20 cycles per iteration of a dependent abs.i32 chain under `kernel`, every scheduler', async () => {
    const profile = join(dir, 'a55-slow-abs.json');
    writeFileSync(profile, JSON.stringify({ extends: 'arm-cortex-a55', forms: { 'abs.i32': { latency: 20 } } }));
    const kernel = join(dir, 'abs-chain.json');
    writeFileSync(kernel, JSON.stringify({ schema: 'addersim/kernel@1', name: 'abs-chain', body: [{ op: 'abs', type: 'i32', dst: 'a', src: ['a'] }] }));
    for (const scheduler of ['serial', 'bound', 'cycle']) {
      const at = async (n: number) =>
        (await runJson<{ cycles: number }>('kernel', kernel, '--cpu', profile, '--scheduler', scheduler, '--iterations', String(n), '--json')).cycles;
      // steady state: 100 more iterations cost 100 × 20 cycles (the base profile's composite gave 6)
      expect((await at(200)) - (await at(100)), scheduler).toBe(2000);
    }
    const p = loadProfile(profile);
    expect(p.forms['abs.i32']!.composite).toBeUndefined();
    expect(p.forms['abs.i32']!.source).toMatch(
      /^override: .*a55-slow-abs\.json: latency 20 \(was: llvm-mca-14: -mcpu=cortex-a55 cmp w1, #0; cneg w0, w1, lt\)$/,
    );
    expect(p.name).toBe('a55-slow-abs'); // a what-if file without a name of its own is named after the file
  });

  it('"composite": null drops an inherited composite; an unchanged number keeps its source and composite', () => {
    const a55 = loadProfile('arm-cortex-a55');
    expect(a55.forms['abs.i32']!.composite).toBeDefined();
    const dropped = deriveProfile(a55, { forms: { 'abs.i32': { composite: null } } }, 'test');
    expect(dropped.forms['abs.i32']!.composite).toBeUndefined();
    expect(dropped.forms['abs.i32']!.latency).toBe(6);
    const same = deriveProfile(a55, { forms: { 'abs.i32': { latency: 6 } } }, 'test');
    expect(same.forms['abs.i32']).toEqual(a55.forms['abs.i32']);
  });
});

describe("property: raising one form's latency never lowers serial, bound or cycle; cycle ≥ bound", () => {
  it.each(SHIPPED)(
    '%s, every form',
    (name) => {
      const base = loadProfile(name);
      const N = 40;
      const run = (p: Profile, form: string) => {
        const k = chain(form, N);
        return { serial: scheduleKernel(k, p, 'serial').cycles, bound: scheduleKernel(k, p, 'bound').cycles, cycle: scheduleKernel(k, p, 'cycle').cycles };
      };
      let checked = 0;
      for (const form of Object.keys(base.forms)) {
        const t = base.forms[form]!;
        if (t.latency + 3 > 1000) continue;
        let raised: Profile;
        try {
          raised = deriveProfile(base, { forms: { [form]: { latency: t.latency + 3 } } }, `${name} ${form}+3`);
        } catch (e) {
          // an eliminated move (no µops, renamed away) has latency 0 by definition: no latency to raise
          if (e instanceof AddersimError && /eliminated move/.test(e.message)) continue;
          throw e;
        }
        const before = run(base, form);
        const after = run(raised, form);
        expect(after.serial, `${form} serial`).toBeGreaterThanOrEqual(before.serial);
        expect(after.bound, `${form} bound`).toBeGreaterThanOrEqual(before.bound);
        expect(after.cycle, `${form} cycle`).toBeGreaterThanOrEqual(before.cycle);
        // The bound charges the last µop's full port occupancy; where a profile's result is ready before its
        // port frees (latency < µop busy cycles: the *-measured profiles' divides keep LLVM's busy 19 with a
        // measured latency 14) the simulation may end up to (busy − latency) cycles earlier than that.
        const slack = (p: Profile) => Math.max(0, ...p.forms[form]!.uops.map((u) => u.cycles - p.forms[form]!.latency));
        expect(before.cycle, `${form} cycle ≥ bound`).toBeGreaterThanOrEqual(before.bound - slack(base));
        expect(after.cycle, `${form}+3 cycle ≥ bound`).toBeGreaterThanOrEqual(after.bound);
        checked++;
      }
      expect(checked).toBeGreaterThan(10);
    },
    120_000,
  );
});
