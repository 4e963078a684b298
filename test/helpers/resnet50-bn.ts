// Test helper: resnet50's batch-norm loops as the scalar CNN lowers them on Skylake, cut to a few channels,
// and the two things the long-latency extrapolation tests check of them (cycle-thrift, cycle-ledger).
import { expect } from 'vitest';
import type { Kernel } from '../../src/isa/index.ts';
import { loadModel } from '../../src/models/index.ts';
import type { Profile } from '../../src/sim/profile/schema.ts';
import { loadProfile } from '../../src/sim/profile/loader.ts';
import { type CycleShare, newCycleShare, programForms, scheduleKernel } from '../../src/sim/schedulers/schedule.ts';
import { evaluate } from '../../src/whatif/evaluate.ts';
import { deriveWith } from '../../src/whatif/params.ts';

const skylake = loadProfile('intel-skylake');
const { graph } = await loadModel('resnet50');
const program = evaluate(graph, skylake, { variant: 'cnn', scheduler: 'serial', lowering: 'scalar' }).program;

/** The layer's kernel with `channels` iterations of its outer (channel) loop. */
export function bnCut(layer: string, channels: number): Kernel {
  const k = program.kernels.find((x) => x.layer === layer)!;
  const c = k.body[0]!;
  if (c.kind !== 'loop') throw new Error(`${layer}: expected the channel loop`);
  return { ...k, body: [{ ...c, trip: channels }] };
}

/** Skylake with add.f32's latency set, and a fresh cycle share (one memo) for it. */
export function atAddLatency(latency: number): { profile: Profile; share: CycleShare } {
  const profile = deriveWith(skylake, [{ path: 'forms.add.f32.latency', value: latency }]);
  return { profile, share: newCycleShare(profile, programForms(program)) };
}

/** Extrapolated on `share` = fully expanded, to the cycle and the port-busy cycle. */
export function expectExact(k: Kernel, profile: Profile, share: CycleShare): void {
  const a = scheduleKernel(k, profile, 'cycle', { share });
  const b = scheduleKernel(k, profile, 'cycle', { extrapolate: false });
  expect([a.cycles, a.portCycles]).toEqual([b.cycles, b.portCycles]);
}
