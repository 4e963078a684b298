// Loads energy tables by name (cpu-profiles/energy/NAME.json) or path, validated against
// `addersim/energy@1`; errors name the file and JSON path of the bad field.

import { existsSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { AddersimError, jsonPath, parseJsonText, readInputText } from '../../isa/index.ts';
import { energyTableSchema, type EnergyTable } from './schema.ts';
import { PACKAGE_ROOT } from '../../isa/package-root.ts';

export const ENERGY_DIR = join(PACKAGE_ROOT, 'cpu-profiles/energy/');
export const DEFAULT_ENERGY_TABLE = 'horowitz-45nm';

export function listEnergyTables(dir = ENERGY_DIR): string[] {
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
    throw new AddersimError('BAD_INPUT', `unknown energy table "${ref}" (known: ${listEnergyTables(dir).join(', ')})`, '--table');
  }
  return file;
}

export function validateEnergyTable(data: unknown, file: string): EnergyTable {
  const r = energyTableSchema.safeParse(data);
  if (!r.success) {
    const issue = r.error.issues[0]!;
    throw new AddersimError('BAD_INPUT', issue.message, `${file}: ${jsonPath(issue.path)}`);
  }
  const t = r.data;
  let prev = 0;
  t.memory.forEach((m, i) => {
    const where = `${file}: memory[${i}].sizeBytes`;
    if (m.sizeBytes === null) {
      if (i !== t.memory.length - 1) throw new AddersimError('BAD_INPUT', 'only the last memory level may be unbounded (null)', where);
    } else {
      if (m.sizeBytes <= prev) throw new AddersimError('BAD_INPUT', 'memory levels must grow in size', where);
      prev = m.sizeBytes;
    }
  });
  return deepFreeze(t);
}

/**
 * Loads an energy table by name (cpu-profiles/energy/NAME.json; default `horowitz-45nm`) or by path,
 * validated against addersim/energy@1; errors name the file and the JSON path of the bad field.
 * @example
 * const table = loadEnergyTable();                          // horowitz-45nm (45 nm, Horowitz ISSCC 2014)
 * energyOfProgram(program, table, { view: 'paper' }).energyPJ;
 */
export function loadEnergyTable(ref: string = DEFAULT_ENERGY_TABLE, dir = ENERGY_DIR): EnergyTable {
  const file = energyTableFile(ref, dir);
  const data = parseJsonText(readInputText(file, 'energy table'), file);
  return validateEnergyTable(data, file);
}

function deepFreeze<T>(x: T): T {
  if (typeof x === 'object' && x !== null && !Object.isFrozen(x)) {
    Object.freeze(x);
    for (const v of Object.values(x)) deepFreeze(v);
  }
  return x;
}
