// The list of CLI commands; each module exports `register(program, io)`. A module is imported only when
// its command runs (start-up cost: most commands pull in zod schemas, charts or the worker pool). The
// top-level help lists every command from `term` and `summary` here without importing any module;
// test/cli/startup.test.ts checks that both equal what the loaded modules declare.

import type { Command } from 'commander';
import type { Io } from '../io.ts';

export type RegisterCommand = (program: Command, io: Io) => void;

export interface CommandEntry {
  /** The command name, as typed. */
  readonly name: string;
  /** How the top-level help shows it: name, `[options]` and arguments, as commander prints them. */
  readonly term: string;
  /** Its description, shown by the top-level help. */
  readonly summary: string;
  readonly load: () => Promise<RegisterCommand>;
}

export const COMMANDS: readonly CommandEntry[] = [
  {
    name: 'models',
    term: 'models [options]',
    summary: 'list the model zoo (name, input, MACs, weights, description)',
    load: async () => (await import('./models.ts')).register,
  },
  {
    name: 'ops',
    term: 'ops [options] <model>',
    summary: 'operation counts of a model per variant (paper or exact convention) and its MACs',
    load: async () => (await import('./ops.ts')).register,
  },
  {
    name: 'energy',
    term: 'energy [options] <model>',
    summary: 'energy per image by action kind and layer (Accelergy-style action counts × energy table)',
    load: async () => (await import('./energy.ts')).register,
  },
  {
    name: 'report',
    term: 'report [options]',
    summary: 'the full study: paper claims, zoo × (cnn, adder, bnn) × CPUs × schedulers with energy, as HTML/MD/TeX/CSV/JSON + charts',
    load: async () => (await import('./report.ts')).register,
  },
  {
    name: 'profiles',
    term: 'profiles [options] [action] [target]',
    summary: 'list CPU profiles; "profiles show NAME" prints one, "profiles validate FILE" checks a profile file',
    load: async () => (await import('./profiles.ts')).register,
  },
  {
    name: 'latency',
    term: 'latency [options] [model]',
    summary: 'cycles of a model on a CPU profile (per variant and layer), or of op counts given with --ops',
    load: async () => (await import('./latency.ts')).register,
  },
  {
    name: 'compare',
    term: 'compare [options] <model>',
    summary: 'CNN, AdderNet and BNN of one model side by side: cycles, ratio to CNN, instructions by kind, energy',
    load: async () => (await import('./compare.ts')).register,
  },
  {
    name: 'reproduce',
    term: 'reproduce [options]',
    summary: "the AdderNet paper's claims (LeNet-5 latency on VIA Nano 2000, op-count tables, energy ratio) beside addersim's numbers, with Δ",
    load: async () => (await import('./reproduce.ts')).register,
  },
  {
    name: 'kernel',
    term: 'kernel [options] <file>',
    summary: 'simulate one kernel file (addersim/kernel@1) on a CPU profile, or emit it as assembly for llvm-mca',
    load: async () => (await import('./kernel.ts')).register,
  },
  {
    name: 'measure',
    term: 'measure [options] <inputs...>',
    summary: 'run kernel files, or every layer of a model, on this host CPU (x86-64, needs cc) and print measured cycles beside the prediction',
    load: async () => (await import('./measure.ts')).register,
  },
  {
    name: 'calibrate',
    term: 'calibrate [options] <profile>',
    summary: 'measure the forms of a profile on this host CPU (x86-64, needs cc) and write an extends profile of the measured numbers',
    load: async () => (await import('./calibrate.ts')).register,
  },
  {
    name: 'sweep',
    term: 'sweep [options] <models...>',
    summary: 'cycles over a grid of profile paths (--set forms.mul.f64.latency=1..8) and options; CSV/JSON rows in a fixed order',
    load: async () => (await import('./sweep.ts')).register,
  },
  {
    name: 'merge',
    term: 'merge [options] <parts...>',
    summary: 'join sweep parts (sweep --shard K/N) into the unsharded sweep file, byte for byte',
    load: async () => (await import('./merge.ts')).register,
  },
  {
    name: 'crossover',
    term: 'crossover [options] <model>',
    summary:
      'the integer values of a profile path where two variants cost the same cycles (every value of a short range, bracketing + bisection on a long one)',
    load: async () => (await import('./crossover.ts')).register,
  },
  {
    name: 'explore',
    term: 'explore [options]',
    summary: 'write the interactive explorer page (works from file://, no network) or serve it on localhost',
    load: async () => (await import('./explore.ts')).register,
  },
];
