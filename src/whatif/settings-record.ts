// The `settings` record of every `--json` output and text header: the resolved settings of a run with the
// accumulator count per variant, the clock and a hash of the effective profile (settings.ts resolves them;
// this file needs node:crypto, so the browser explorer's engine does not import it).

import { createHash } from 'node:crypto';
import type { Profile } from '../sim/profile/schema.ts';
import type { SettingsRecord } from '../sim/results/settings-record.ts';
import { accumulatorsFor, type AccumulatorChoice, type RunSettings } from './settings.ts';
import { ARG, checkArgs, outline } from '../isa/api-args.ts';
import { z } from 'zod';

export type { SettingsRecord };

/** sha256 (first 16 hex digits) of the effective profile's JSON: two rows with the same hash ran on the same numbers. */
export function profileHash(profile: Profile): string {
  return createHash('sha256').update(JSON.stringify(profile)).digest('hex').slice(0, 16);
}

/** The `settings` record of `--json` outputs; `scheduler` is left out where a run covers several (the study). */
export function settingsRecord(settings: RunSettings, profile: Profile, model?: string): SettingsRecord {
  checkArgs('settingsRecord', [
    [
      'settings',
      outline('RunSettings (resolveSettings(input))', { variants: z.array(z.string()), scheduler: z.string(), lowering: z.string(), dtype: z.string() }),
      settings,
    ],
    ['profile', ARG.profile, profile],
    ['model', ARG.text.optional(), model],
  ]);
  const acc = settings.variants.flatMap((v) => {
    const a = accumulatorsFor(profile, v, settings);
    return a ? [[v, a] as const] : [];
  });
  return {
    ...(model === undefined ? {} : { model }),
    cpu: profile.name,
    clockGHz: profile.identity.clockGHz.value,
    profileSha256: profileHash(profile),
    variants: settings.variants,
    scheduler: settings.scheduler,
    lowering: settings.lowering,
    dtype: settings.dtype,
    convert: settings.convert,
    energyTable: settings.energyTable,
    ...(acc.length
      ? {
          accumulators: Object.fromEntries(acc.map(([v, a]) => [v, a.count])),
          accumulatorsFrom: Object.fromEntries(acc.map(([v, a]) => [v, accumulatorText(a)])),
        }
      : {}),
    overrides: settings.overrides,
    extrapolate: settings.extrapolate,
  };
}

export function accumulatorText(a: AccumulatorChoice): string {
  if (a.how === 'given') return 'given (--accumulators)';
  if (!a.chainForm) return `no vector accumulate form (cap ${a.registerCap ?? '?'})`;
  return `⌈${a.chainForm} ${a.chainLatency} / ${a.rthroughput}⌉, cap ${a.registerCap} registers`;
}

/** One header line naming every resolved setting, for text outputs (int8 has no element type: its forms fix them). */
export function settingsHeader(r: SettingsRecord): string {
  const acc = r.accumulators
    ? `, accumulators ${Object.entries(r.accumulators)
        .map(([v, n]) => `${v} ${n}`)
        .join(' / ')}`
    : '';
  const ov = r.overrides.length ? `, overrides ${r.overrides.map((s) => `${s.path}=${s.value}`).join(' ')}` : '';
  return `settings: cpu ${r.cpu} @ ${r.clockGHz} GHz (profile ${r.profileSha256})${r.scheduler ? `, scheduler ${r.scheduler}` : ''}, lowering ${r.lowering}${r.lowering === 'int8' ? '' : ` ${r.dtype}`}, convert ${r.convert}${acc}, energy ${r.energyTable}${r.extrapolate ? '' : ', no extrapolation'}${ov}`;
}
