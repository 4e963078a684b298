// Energy of a Program: action counts (from the exact form counts) × an energy table, per layer and
// per action kind. Sums are exact (attojoule integers in BigInt); results carry the nearest double
// of the exact pJ value and the exact decimal string. Views: `paper` = arithmetic only, |x| free
// (the AdderNet paper's convention); `full` = arithmetic + memory + per-instruction overhead.
// Memory models (full view): `footprint` (default) = every 64-bit access at the L1 level, plus the
// layer's weights + activations brought once from the level they fit in when that is beyond L1;
// `working-set` = every access at the level the working set fits in (no reuse: an upper bound).

import {
  AddersimError,
  didYouMean,
  assertNever,
  countForms,
  instr,
  isOp,
  loop,
  parseForm,
  typeBits,
  type ElementType,
  type Form,
  type Kernel,
  type Program,
} from '../../isa/index.ts';
import { ACTION_KINDS, ENERGY_VIEWS, type ActionKind, type ArithAction, type EnergyTable, type EnergyView, type MemoryLevelEnergy } from './schema.ts';
import { ARG, checkArgs, optionsOf } from '../../isa/api-args.ts';
import { z } from 'zod';
import { ELEMENT_TYPES, OPS } from '../../isa/ops.ts';

export interface EnergyOptions {
  readonly view: EnergyView;
  /** Bytes of weights + activations per layer (kernel.layer); picks the memory level in the full view. */
  readonly workingSetBytes?: Readonly<Record<string, number>>;
  /** Overrides the table's per-instruction overhead (pJ) in the full view; 0 turns it off. */
  readonly overheadPJ?: number;
  /** How loads/stores are priced in the full view (default `footprint`). */
  readonly memoryModel?: MemoryModel;
  /** L1 data cache size (from the CPU profile); the table level nearest in size prices accesses. Default 32 KiB. */
  readonly l1Bytes?: number;
  /** Which value of each entry to use: the table's `energyPJ` (default) or the end of its source range. */
  readonly use?: EnergyPick;
}

export const ENERGY_PICKS = ['value', 'min', 'max'] as const;
export type EnergyPick = (typeof ENERGY_PICKS)[number];

/** The energy of an entry for a pick: `min`/`max` fall back to `energyPJ` where the entry gives no range. */
export function entryValue(e: { energyPJ: number; min?: number; max?: number }, use: EnergyPick = 'value'): number {
  return use === 'min' ? (e.min ?? e.energyPJ) : use === 'max' ? (e.max ?? e.energyPJ) : e.energyPJ;
}

export const MEMORY_MODELS = ['footprint', 'working-set'] as const;
export type MemoryModel = (typeof MEMORY_MODELS)[number];

/** One priced action: `mul.f32` × count at energyPJ each (memory: `memory.sram-32KB`; overhead: `overhead.instruction`). */
export interface ActionLine {
  readonly action: string;
  readonly kind: ActionKind;
  readonly count: number;
  readonly energyPJEach: number;
  readonly energyPJ: number;
}

export interface LayerEnergy {
  readonly layer: string;
  readonly kind: string;
  readonly energyPJ: number;
  readonly exactPJ: string;
  readonly byKind: Readonly<Record<ActionKind, number>>;
  readonly actions: readonly ActionLine[];
  readonly memoryLevel?: string;
  readonly workingSetBytes?: number;
}

export interface EnergyResult {
  readonly table: string;
  readonly view: EnergyView;
  readonly model: string;
  readonly variant: string;
  readonly lowering: string;
  readonly energyPJ: number;
  /** The exact total as a decimal string of pJ (sums of decimal entries are exact). */
  readonly exactPJ: string;
  readonly byKind: Readonly<Record<ActionKind, number>>;
  readonly layers: readonly LayerEnergy[];
  /** What the view leaves out or assumes, printed beside the numbers. */
  readonly notes: readonly string[];
}

const AJ_PER_PJ = 1_000_000n;

function toAJ(pJ: number): bigint {
  return BigInt(Math.round(pJ * 1e6));
}

/** Exact decimal string of an attojoule count, in pJ. */
export function ajToDecimalPJ(aj: bigint): string {
  const neg = aj < 0n;
  const a = neg ? -aj : aj;
  const int = a / AJ_PER_PJ;
  const frac = (a % AJ_PER_PJ).toString().padStart(6, '0').replace(/0+$/, '');
  return `${neg ? '-' : ''}${int}${frac ? `.${frac}` : ''}`;
}

function ajToPJ(aj: bigint): number {
  return Number.parseFloat(ajToDecimalPJ(aj));
}

/** Per-lane arithmetic actions of one instruction of a form: [kind, element type, count per instruction]. */
export function formActions(f: Form): readonly (readonly [ArithAction, ElementType, number])[] {
  const { elem, lanes } = f.type;
  switch (f.op) {
    case 'add':
    case 'sub':
    case 'neg':
      return [['add', elem, lanes]];
    case 'hadd':
      return [['add', elem, Math.max(1, lanes - 1)]];
    case 'mul':
      return [['mul', elem, lanes]];
    case 'fma':
      return [
        ['mul', elem, lanes],
        ['add', elem, lanes],
      ];
    case 'dot':
      // PMADDUBSW (u8 pairs → i16), PMADDWD (i16 → i32), 4-way int8 dot into i32 (VPDPBUSD/SDOT).
      if (elem === 'u8')
        return [
          ['mul', 'u8', lanes],
          ['add', 'i16', lanes / 2],
        ];
      if (elem === 'i16')
        return [
          ['mul', 'i16', lanes],
          ['add', 'i32', lanes / 2],
        ];
      if (elem === 'i8')
        return [
          ['mul', 'i8', lanes],
          ['add', 'i32', lanes],
        ];
      return [
        ['mul', elem, lanes],
        ['add', elem, lanes],
      ];
    case 'abs':
      return [['abs', elem, lanes]];
    case 'sad':
      // PSADBW/UABAL: per input byte a subtract and |·|; the bytes of each 64-bit group are summed.
      return [
        ['add', elem, lanes],
        ['abs', elem, lanes],
        ['add', 'i16', lanes >= 8 ? lanes - lanes / 8 : Math.max(1, lanes - 1)],
      ];
    case 'max':
    case 'min':
      return [['compare', elem, lanes]];
    case 'and':
    case 'or':
    case 'xor':
    case 'xnor':
    case 'not':
      return [['logic', elem, lanes]];
    case 'popcnt':
      return [['bitcount', elem, lanes]];
    case 'shl':
    case 'shr':
      return [['shift', elem, lanes]];
    case 'cvt':
      return [['convert', elem, lanes]];
    case 'div':
      return [['divide', elem, lanes]];
    case 'mov':
      return [['move', elem, lanes]];
    case 'bcast':
      return [['move', elem, lanes]];
    case 'load':
    case 'store':
      return [];
    default:
      return assertNever(f.op, 'op');
  }
}

/** 64-bit memory accesses of one instruction (load/store: the register width; bcast: one element). */
export function formMemoryAccesses(f: Form): number {
  switch (f.op) {
    case 'load':
    case 'store':
      return Math.ceil(typeBits(f.type) / 64);
    case 'bcast':
      return 1;
    default:
      return 0;
  }
}

/** The first memory level that holds `bytes`. */
export function memoryLevelFor(table: EnergyTable, bytes: number): MemoryLevelEnergy {
  for (const m of table.memory) if (m.sizeBytes === null || bytes <= m.sizeBytes) return m;
  return table.memory[table.memory.length - 1]!;
}

/** The bounded table level closest in size (log scale) to `bytes`: a 64 KiB L1 maps to the 32 KB row, not the 1 MB one. */
export function nearestLevel(table: EnergyTable, bytes: number): MemoryLevelEnergy {
  let best = table.memory[0]!;
  for (const m of table.memory) {
    if (m.sizeBytes === null || best.sizeBytes === null) continue;
    if (Math.abs(Math.log(m.sizeBytes / bytes)) < Math.abs(Math.log(best.sizeBytes / bytes))) best = m;
  }
  return best;
}

function zeroKinds(): Record<ActionKind, bigint> {
  return Object.fromEntries(ACTION_KINDS.map((k) => [k, 0n])) as Record<ActionKind, bigint>;
}

function kindsToPJ(k: Record<ActionKind, bigint>): Record<ActionKind, number> {
  return Object.fromEntries(ACTION_KINDS.map((a) => [a, ajToPJ(k[a])])) as Record<ActionKind, number>;
}

function entryFor(table: EnergyTable, kind: ArithAction, elem: ElementType, form: string, where: string) {
  const e = table.actions[kind][elem];
  if (!e) {
    throw new AddersimError('UNKNOWN_FORM', `form ${form} needs energy action ${kind}.${elem}, which energy table ${table.name} lacks`, where);
  }
  return e;
}

interface Acc {
  count: bigint;
  eachAJ: bigint;
  kind: ActionKind;
}

function kernelEnergy(
  k: Kernel,
  table: EnergyTable,
  opts: EnergyOptions,
  notes: string[],
): { layer: LayerEnergy; aj: bigint; kinds: Record<ActionKind, bigint> } {
  const layerName = k.layer ?? k.name;
  const where = `layer ${layerName}`;
  const acc = new Map<string, Acc>();
  const add = (action: string, kind: ActionKind, count: number, eachAJ: bigint) => {
    const a = acc.get(action);
    if (a) a.count += BigInt(count);
    else acc.set(action, { count: BigInt(count), eachAJ, kind });
  };
  let instructions = 0;
  const full = opts.view === 'full';
  const ws = opts.workingSetBytes?.[layerName];
  const model = opts.memoryModel ?? 'footprint';
  const l1 = nearestLevel(table, opts.l1Bytes ?? 32 * 1024);
  let level: MemoryLevelEnergy | undefined;
  if (full) {
    if (ws === undefined) {
      level = model === 'footprint' ? l1 : table.memory[0]!;
      notes.push(`${where}: working set unknown, memory priced at ${level.level}`);
    } else level = memoryLevelFor(table, ws);
  }
  const accessLevel = model === 'footprint' ? l1 : level;
  for (const [formStr, n] of countForms(k.body)) {
    const f = parseForm(formStr, where);
    instructions += n;
    for (const [kind, elem, per] of formActions(f)) {
      const e = entryFor(table, kind, elem, formStr, where);
      let each = toAJ(entryValue(e, opts.use));
      if (!full && (kind === 'abs' || kind === 'move')) each = 0n;
      add(`${kind}.${elem}`, kind, n * per, each);
    }
    const accesses = formMemoryAccesses(f);
    if (accesses > 0 && full && accessLevel) add(`memory.${accessLevel.level}`, 'memory', n * accesses, toAJ(entryValue(accessLevel.per64Bit, opts.use)));
  }
  if (full && model === 'footprint' && level && ws !== undefined && table.memory.indexOf(level) > table.memory.indexOf(l1)) {
    add(`memory.${level.level}.footprint`, 'memory', Math.ceil(ws / 8), toAJ(entryValue(level.per64Bit, opts.use)));
  }
  if (full) {
    const pj = opts.overheadPJ ?? entryValue(table.overhead.perInstruction, opts.use);
    add('overhead.instruction', 'overhead', instructions, toAJ(pj));
  }
  const kinds = zeroKinds();
  let total = 0n;
  const actions: ActionLine[] = [];
  for (const [action, a] of [...acc.entries()].sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0))) {
    const aj = a.count * a.eachAJ;
    kinds[a.kind] += aj;
    total += aj;
    actions.push({ action, kind: a.kind, count: Number(a.count), energyPJEach: ajToPJ(a.eachAJ), energyPJ: ajToPJ(aj) });
  }
  return {
    layer: {
      layer: layerName,
      kind: k.layerKind ?? 'kernel',
      energyPJ: ajToPJ(total),
      exactPJ: ajToDecimalPJ(total),
      byKind: kindsToPJ(kinds),
      actions,
      ...(level ? { memoryLevel: level.level } : {}),
      ...(ws === undefined ? {} : { workingSetBytes: ws }),
    },
    aj: total,
    kinds,
  };
}

/** EnergyOptions as the API checks them (plain JavaScript callers): every key, nothing else. */
const energyOptionsSchema = optionsOf<EnergyOptions>()({
  view: z.enum(ENERGY_VIEWS),
  workingSetBytes: z.record(z.string(), z.number()).optional(),
  overheadPJ: z.number().optional(),
  memoryModel: z.enum(MEMORY_MODELS).optional(),
  l1Bytes: z.number().optional(),
  use: z.enum(ENERGY_PICKS).optional(),
});

/**
 * Energy per image of a lowered program: dynamic action counts × the table's energy per action, by
 * action kind and layer. `view: 'paper'` prices arithmetic only (the AdderNet paper's comparison);
 * `view: 'full'` adds loads/stores by memory level and a per-instruction overhead.
 * @example
 * const program = lower(applyVariant(graph, 'adder', 'all'), { lowering: 'paper', variant: 'adder', dtype: 'f32' }, targetCaps(nano));
 * const e = energyOfProgram(program, loadEnergyTable(), { view: 'paper' });
 * e.energyPJ; e.byKind;                                     // lenet5-bn: 2 × 416,520 MACs × 0.9 pJ; pJ per action kind
 */
export function energyOfProgram(program: Program, table: EnergyTable, opts: EnergyOptions): EnergyResult {
  checkArgs('energyOfProgram', [
    ['program', ARG.program, program],
    ['table', ARG.energyTable, table],
    ['opts', energyOptionsSchema, opts],
  ]);
  const notes: string[] = [];
  if (opts.view === 'paper') {
    notes.push(
      `paper view (${table.name}): arithmetic only; |x| counted as free and register moves as zero (the AdderNet paper's convention); no memory, no per-instruction overhead`,
    );
  } else {
    const pj = opts.overheadPJ ?? table.overhead.perInstruction.energyPJ;
    notes.push(
      `full view (${table.name}): arithmetic + memory (${
        (opts.memoryModel ?? 'footprint') === 'footprint'
          ? "every 64-bit access at the L1 level, plus the layer's weights + activations once from the level they fit in"
          : "every 64-bit access at the level the layer's weights + activations fit in, no reuse"
      }) + ${pj} pJ per instruction overhead (${table.overhead.perInstruction.source.startsWith('assumption') ? 'an assumption' : table.overhead.perInstruction.source})`,
    );
  }
  if (opts.use && opts.use !== 'value') notes.push(`every entry at the ${opts.use} of its source range (entries without a range at their value)`);
  const kinds = zeroKinds();
  let total = 0n;
  const layers: LayerEnergy[] = [];
  const noMemory: string[] = [];
  for (const k of program.kernels) {
    const r = kernelEnergy(k, table, opts, notes);
    layers.push(r.layer);
    total += r.aj;
    for (const a of ACTION_KINDS) kinds[a] += r.kinds[a];
    if (opts.view === 'full' && r.kinds.memory === 0n) noMemory.push(r.layer.layer);
  }
  // a zero that says why: a kernel without loads or stores (the paper lowering is arithmetic only) whose data fit in L1
  if (noMemory.length)
    notes.push(
      `${program.variant}: memory 0 in ${noMemory.length === program.kernels.length ? 'every layer' : noMemory.join(', ')}: ${noMemory.length === 1 ? 'its kernel has' : 'their kernels have'} no loads or stores (the ${program.lowering} lowering${program.lowering === 'paper' ? ' is arithmetic only' : ''})${
        (opts.memoryModel ?? 'footprint') === 'footprint'
          ? `, and ${noMemory.length === 1 ? 'its' : 'their'} data fit in L1, which the footprint model prices only as accesses`
          : ''
      }; the scalar, simd and int8 lowerings count every access`,
    );
  for (const x of program.excluded) notes.push(`layer ${x.layer} (${x.kind}) not lowered: ${x.reason}`);
  return {
    table: table.name,
    view: opts.view,
    model: program.model,
    variant: program.variant,
    lowering: program.lowering,
    energyPJ: ajToPJ(total),
    exactPJ: ajToDecimalPJ(total),
    byKind: kindsToPJ(kinds),
    layers,
    notes,
  };
}

/**
 * Energy of op counts given directly (an op table's totals): a key is a form (`mul.f32`) or a bare op
 * (`mul`), which takes `dtype` (default f32, the precision of the AdderNet papers' energy figures).
 */
export function energyOfCounts(
  counts: Readonly<Record<string, number>>,
  table: EnergyTable,
  opts: { view?: EnergyView; dtype?: ElementType; label?: string } = {},
): EnergyResult {
  checkArgs('energyOfCounts', [
    ['counts', z.record(z.string(), z.number()), counts],
    ['table', ARG.energyTable, table],
    ['opts', z.strictObject({ view: z.enum(ENERGY_VIEWS).optional(), dtype: z.enum(ELEMENT_TYPES).optional(), label: z.string().optional() }), opts],
  ]);
  const dtype = opts.dtype ?? 'f32';
  const label = opts.label ?? 'counts';
  const body = Object.entries(counts)
    .filter(([, n]) => n > 0)
    .map(([key, n]) => {
      if (!key.includes('.') && !isOp(key))
        throw new AddersimError('UNKNOWN_FORM', `unknown op "${key}"${didYouMean(key, OPS)} (known: ${OPS.join(', ')})`, `${label}: ${key}`);
      if (!Number.isSafeInteger(n)) throw new AddersimError('BAD_INPUT', `count ${n} must be a non-negative integer`, `${label}: ${key}`);
      const f = parseForm(key.includes('.') ? key : `${key}.${dtype}`, `${label}: ${key}`);
      return loop('n', n, [instr(f.op, f.type, undefined, [])]);
    });
  const program: Program = { model: label, variant: '', lowering: 'counts', kernels: [{ name: label, layer: label, body }], excluded: [], notes: [] };
  return energyOfProgram(program, table, { view: opts.view ?? 'paper' });
}
