// Which share of a program's dynamic instructions a swept, crossed or sampled profile path touches, so a
// what-if that never reaches the model is an error instead of a flat curve. A form path touches the
// instructions of that form when the scheduler reads that field (serial reads latency only; bound reads
// latency, accumulatorLatency and µop cycles; cycle reads them all) or when the simd lowering reads the
// form's timing to pick its accumulators (the chain form). A machine path touches every instruction when
// the scheduler reads it (bound: dispatchWidth; cycle: dispatch, retire, reorder buffer, scheduler) and
// nothing otherwise; no scheduler reads machine.loadLatency (load forms carry their own latency).

import { AddersimError, OP_GROUP, parseForm, type FormCounts } from '../isa/index.ts';
import type { SchedulerName } from '../sim/results/result.ts';
import { expandPath, isPattern, paramPath, type FormField, type MachineField } from './params.ts';

const FORM_FIELDS_READ = {
  serial: ['latency'],
  bound: ['latency', 'accumulatorLatency', 'uopCycles'],
  cycle: ['latency', 'accumulatorLatency', 'uopCycles'],
} as const satisfies Record<SchedulerName, readonly FormField[]>;

const MACHINE_FIELDS_READ = {
  serial: [],
  bound: ['dispatchWidth'],
  cycle: ['dispatchWidth', 'retireWidth', 'reorderBuffer', 'schedulerSize'],
} as const satisfies Record<SchedulerName, readonly MachineField[]>;

/** The lowering's chain form reads these fields of its timing (settings.ts: accumulatorsFor). */
const CHAIN_FIELDS: readonly FormField[] = ['latency', 'accumulatorLatency', 'rthroughput'];

export interface Touch {
  /** Dynamic instructions whose timing the path changes, and the program's total. */
  readonly touched: number;
  readonly total: number;
  /** The lowering reads the path (the simd accumulator chain form): the program itself changes with it. */
  readonly readByLowering: boolean;
}

/** What one profile path touches in one program, under one scheduler (`chainForm`: the lowering's accumulator chain form). */
export function touchOf(path: string, counts: FormCounts, scheduler: SchedulerName, chainForm?: string): Touch {
  let total = 0;
  for (const n of counts.values()) total += n;
  if (isPattern(path)) {
    // a tie or glob: the members the program can execute (globs matched against its forms), summed, at most all
    const members = expandPath(path, counts.keys())
      .filter((m) => !m.includes('*'))
      .map((m) => touchOf(m, counts, scheduler, chainForm));
    return {
      touched: Math.min(
        total,
        members.reduce((a, t) => a + t.touched, 0),
      ),
      total,
      readByLowering: members.some((t) => t.readByLowering),
    };
  }
  const p = paramPath(path);
  switch (p.kind) {
    case 'form': {
      const readByLowering = p.form === chainForm && CHAIN_FIELDS.includes(p.field);
      const read = (FORM_FIELDS_READ[scheduler] as readonly FormField[]).includes(p.field) || readByLowering;
      return { touched: read ? (counts.get(p.form) ?? 0) : 0, total, readByLowering };
    }
    case 'machine':
      return { touched: (MACHINE_FIELDS_READ[scheduler] as readonly MachineField[]).includes(p.field) ? total : 0, total, readByLowering: false };
    case 'option':
      throw new AddersimError('USAGE', `${path} is an option, not a profile number`, path);
  }
}

export function shareOf(t: Touch): number {
  return t.total === 0 ? 0 : t.touched / t.total;
}

export function isUsed(t: Touch): boolean {
  return t.touched > 0 || t.readByLowering;
}

/**
 * The error for a path that touches nothing in any evaluated program: names the forms of the same op
 * group the programs do execute (for `forms.mul.f64.latency` under simd: `mul.f32x4`, `fma.f32x8`, …),
 * or why a machine path is not read. `--allow-unused` (API: `allowUnused`) proceeds anyway.
 */
export function unusedError(path: string, executed: ReadonlySet<string>, schedulers: readonly SchedulerName[], where: string): AddersimError {
  const p = paramPath(path);
  let why: string;
  if (isPattern(path) && p.kind === 'form') {
    const op = path.split(',')[0]!.split('.')[1]!;
    const group = op.includes('*') ? undefined : OP_GROUP[parseForm(`${op}.f32`).op];
    const same = [...executed].filter((f) => group === undefined || OP_GROUP[parseForm(f).op] === group).sort();
    why =
      `no evaluated program executes a form of ${path} whose ${p.field} the schedulers (${schedulers.join(', ')}) read; the ${group ?? ''} forms executed are ${same.length ? same.join(', ') : 'none'}`.replace(
        'the  forms',
        'the forms',
      );
  } else if (p.kind === 'form') {
    const group = OP_GROUP[parseForm(p.form).op];
    const same = [...executed].filter((f) => OP_GROUP[parseForm(f).op] === group).sort();
    const readers = schedulers.filter((s) => (FORM_FIELDS_READ[s] as readonly FormField[]).includes(p.field));
    if (same.includes(p.form) && !readers.length)
      why = `${p.form} runs, but its ${p.field} is read by no scheduler of the run (${schedulers.join(', ')})${p.field === 'rthroughput' ? ' nor by the lowering' : ''}`;
    else why = `no evaluated program executes ${p.form}; the ${group} forms executed are ${same.length ? same.join(', ') : 'none'}`;
  } else if (p.kind === 'machine') {
    why =
      p.field === 'loadLatency'
        ? 'no scheduler reads machine.loadLatency (load forms carry their own latency)'
        : `${p.path} is read by ${p.field === 'dispatchWidth' ? 'bound and cycle' : 'cycle'} only, not by ${schedulers.join(', ')}`;
  } else why = 'it is an option';
  return new AddersimError('UNUSED_PARAMETER', `${path} changes nothing in any point: ${why} (--allow-unused to run anyway)`, where);
}
