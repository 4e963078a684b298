// The host CPU as /proc/cpuinfo describes it (vendor, family, model, flags) and the profile that
// describes it: `addersim measure` compares a measurement with this profile unless told otherwise.
//   AuthenticAMD family 25 model 1 "AMD EPYC 7B13" → amd-zen3

import { AddersimError } from '../isa/index.ts';
import type { Profile } from '../sim/profile/schema.ts';

export interface HostCpu {
  readonly arch: string;
  readonly vendor: string;
  readonly family: number;
  readonly model: number;
  readonly modelName: string;
  readonly flags: ReadonlySet<string>;
  readonly cpus: number;
}

/** Parses the first processor block of /proc/cpuinfo (x86 field names). */
export function parseCpuinfo(text: string, arch: string): HostCpu {
  const field = (k: string): string | undefined => new RegExp(`^${k}\\s*:\\s*(.*)$`, 'm').exec(text)?.[1]?.trim();
  const vendor = field('vendor_id');
  const family = Number(field('cpu family'));
  const model = Number(field('model'));
  if (vendor === undefined || !Number.isInteger(family) || !Number.isInteger(model)) {
    throw new AddersimError('HOST', `cannot identify the host CPU from /proc/cpuinfo (no vendor_id / cpu family / model; arch ${arch})`, '/proc/cpuinfo');
  }
  return {
    arch,
    vendor,
    family,
    model,
    modelName: field('model name') ?? '(no model name)',
    flags: new Set((field('flags') ?? '').split(/\s+/).filter(Boolean)),
    cpus: (text.match(/^processor\s*:/gm) ?? []).length,
  };
}

/**
 * Family/model → profile, from AMD's and Intel's published family/model numbers. Only CPUs whose
 * profile the harness can drive (x86-64 with AVX2) are listed; others are refused, never guessed.
 */
const HOST_PROFILES: readonly { vendor: string; family: number; models: readonly number[]; profile: string; what: string }[] = [
  { vendor: 'AuthenticAMD', family: 25, models: [0x01, 0x08, 0x21, 0x50], profile: 'amd-zen3', what: 'Zen 3 (Milan, Chagall, Vermeer, Cezanne)' },
  { vendor: 'AuthenticAMD', family: 23, models: [0x31, 0x60, 0x71, 0x90], profile: 'amd-zen2', what: 'Zen 2 (Rome, Renoir, Matisse)' },
  { vendor: 'GenuineIntel', family: 6, models: [0x4e, 0x5e, 0x55, 0x8e, 0x9e], profile: 'intel-skylake', what: 'Skylake family' },
  { vendor: 'GenuineIntel', family: 6, models: [0x3c, 0x3f, 0x45, 0x46], profile: 'intel-haswell', what: 'Haswell' },
  { vendor: 'GenuineIntel', family: 6, models: [0x6a, 0x6c], profile: 'intel-icelake-server', what: 'Ice Lake server' },
];

/** The shipped profile of the host's microarchitecture, or undefined when none matches. */
export function hostProfileName(host: HostCpu): string | undefined {
  return HOST_PROFILES.find((p) => p.vendor === host.vendor && p.family === host.family && p.models.includes(host.model))?.profile;
}

/**
 * A note for a prediction by a profile of another microarchitecture than the host's own profile (a
 * what-if, `-measured` or calibrated profile of the host's keeps its identity and gets none).
 */
export function otherCpuNote(profile: Profile, hostProfile: Profile | undefined): string | undefined {
  if (!hostProfile) return undefined;
  const id = (p: Profile) => `${p.identity.vendor} ${p.identity.microarchitecture}`;
  if (id(profile) === id(hostProfile)) return undefined;
  return `${profile.name} models ${id(profile)}, not this host's ${id(hostProfile)} (${hostProfile.name}): measured and predicted are different CPUs`;
}

export function profileForHost(host: HostCpu): string {
  const hit = HOST_PROFILES.find((p) => p.vendor === host.vendor && p.family === host.family && p.models.includes(host.model));
  if (!hit) {
    throw new AddersimError(
      'HOST',
      `no profile matches the host CPU ${host.vendor} family ${host.family} model ${host.model} ("${host.modelName}"); give --cpu NAME to compare with a profile anyway`,
      '/proc/cpuinfo',
    );
  }
  return hit.profile;
}

export function describeHost(host: HostCpu): string {
  return `${host.modelName} (${host.vendor} family ${host.family} model ${host.model}, ${host.cpus} CPUs)`;
}
