// Validates an energy table's JSON against `addersim/energy@1` (pure, no file access: shared by the
// loader in ./table.ts and the browser explorer); errors name the file and JSON path of the bad field.

import { AddersimError, jsonPath } from '../../isa/index.ts';
import { energyTableSchema, type EnergyTable } from './schema.ts';
import { ARG, checkArgs } from '../../isa/api-args.ts';

export function validateEnergyTable(data: unknown, file: string): EnergyTable {
  checkArgs('validateEnergyTable', [['file', ARG.text, file]]);
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

function deepFreeze<T>(x: T): T {
  if (typeof x === 'object' && x !== null && !Object.isFrozen(x)) {
    Object.freeze(x);
    for (const v of Object.values(x)) deepFreeze(v);
  }
  return x;
}
