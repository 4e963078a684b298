// Loads energy tables by name (cpu-profiles/energy/NAME.json) or path, validated against
// `addersim/energy@1` (./validate.ts, pure: the browser explorer uses it); errors name the file and JSON
// path of the bad field.

import { existsSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { AddersimError, didYouMean, parseJsonText } from '../../isa/index.ts';
import { readInputText } from '../../isa/read-input.ts';
import type { EnergyTable } from './schema.ts';
import { validateEnergyTable } from './validate.ts';
import { PACKAGE_ROOT } from '../../isa/package-root.ts';
import { ARG, checkArgs } from '../../isa/api-args.ts';

export const ENERGY_DIR = join(PACKAGE_ROOT, 'cpu-profiles/energy/');
export const DEFAULT_ENERGY_TABLE = 'horowitz-45nm';

export function listEnergyTables(dir = ENERGY_DIR): string[] {
  checkArgs('listEnergyTables', [['dir', ARG.text, dir]]);
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json') && !f.endsWith('.schema.json'))
    .map((f) => f.slice(0, -5))
    .sort();
}

/** The file an energy-table reference points at (name or path); throws for an unknown name. */
export function energyTableFile(ref: string, dir = ENERGY_DIR): string {
  if (ref.includes('/') || ref.endsWith('.json')) return resolve(ref);
  const file = join(dir, `${ref}.json`);
  if (!existsSync(file)) {
    const names = listEnergyTables(dir);
    throw new AddersimError('BAD_INPUT', `unknown energy table "${ref}"${didYouMean(ref, names)} (known: ${names.join(', ')})`, '--energy-table');
  }
  return file;
}

/**
 * Loads an energy table by name (cpu-profiles/energy/NAME.json; default `horowitz-45nm`) or by path,
 * validated against addersim/energy@1; errors name the file and the JSON path of the bad field.
 * @example
 * const table = loadEnergyTable();                          // horowitz-45nm (45 nm, Horowitz ISSCC 2014)
 * energyOfProgram(program, table, { view: 'paper' }).energyPJ;
 */
export function loadEnergyTable(ref: string = DEFAULT_ENERGY_TABLE, dir = ENERGY_DIR): EnergyTable {
  checkArgs('loadEnergyTable', [
    ['ref', ARG.text, ref],
    ['dir', ARG.text, dir],
  ]);
  const file = energyTableFile(ref, dir);
  const data = parseJsonText(readInputText(file, 'energy table'), file);
  return validateEnergyTable(data, file);
}
