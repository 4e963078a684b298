// The list of CLI commands; each module exports `register(program, io)`.

import type { Command } from 'commander';
import type { Io } from '../io.ts';
import { register as models } from './models.ts';
import { register as ops } from './ops.ts';
import { register as energy } from './energy.ts';
import { register as report } from './report.ts';
import { register as profiles } from './profiles.ts';
import { register as latency } from './latency.ts';
import { register as compare } from './compare.ts';
import { register as reproduce } from './reproduce.ts';
import { register as sweep } from './sweep.ts';
import { register as crossover } from './crossover.ts';
import { register as merge } from './merge.ts';
import { register as kernel } from './kernel.ts';
import { register as measure } from './measure.ts';
import { register as calibrate } from './calibrate.ts';
import { register as explore } from './explore.ts';

export type RegisterCommand = (program: Command, io: Io) => void;

export const COMMANDS: RegisterCommand[] = [models, ops, energy, report, profiles, latency, compare, reproduce, kernel, measure, calibrate, sweep, merge, crossover, explore];
