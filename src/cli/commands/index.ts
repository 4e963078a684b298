// The list of CLI commands; each module exports `register(program, io)`.

import type { Command } from 'commander';
import type { Io } from '../io.ts';

export type RegisterCommand = (program: Command, io: Io) => void;

export const COMMANDS: RegisterCommand[] = [];
