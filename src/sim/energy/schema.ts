// The energy-table schema `addersim/energy@1` (Accelergy-style action → energy per action). Strict:
// unknown keys are errors; every entry names a SOURCES.md id or "assumption: <why>". A table may
// omit entries; asking for a missing one is an error naming the form and the table, never a zero.

import { z } from 'zod';
import { ELEMENT_TYPES } from '../../isa/index.ts';
import { sourceSchema } from '../profile/schema.ts';

/** Arithmetic action kinds, priced per element (lane) and element type. */
export const ARITH_ACTIONS = ['add', 'mul', 'abs', 'logic', 'bitcount', 'compare', 'shift', 'convert', 'divide', 'move'] as const;
export type ArithAction = (typeof ARITH_ACTIONS)[number];

/** Every action kind an energy result is broken down by. */
export const ACTION_KINDS = [...ARITH_ACTIONS, 'memory', 'overhead'] as const;
export type ActionKind = (typeof ACTION_KINDS)[number];

export const ENERGY_VIEWS = ['paper', 'full'] as const;
export type EnergyView = (typeof ENERGY_VIEWS)[number];

const decimalPJ = z
  .number()
  .min(0)
  .refine((v) => Number.isInteger(Math.round(v * 1e6)) && Math.round(v * 1e6) / 1e6 === v, {
    message: 'energies are decimals with at most 6 digits after the point (exact attojoules)',
  });

export const energyEntrySchema = z
  .strictObject({
    energyPJ: decimalPJ,
    source: sourceSchema,
    note: z.string().optional(),
    /** The range the source gives (e.g. DRAM 1.3–2.6 nJ); `energyPJ` is the value used. */
    min: z.number().min(0).optional(),
    max: z.number().min(0).optional(),
  })
  .refine((n) => (n.min ?? n.energyPJ) <= n.energyPJ && n.energyPJ <= (n.max ?? n.energyPJ), { message: 'range must satisfy min ≤ energyPJ ≤ max' });

const perType = z.partialRecord(z.enum(ELEMENT_TYPES), energyEntrySchema);

export const memoryLevelEnergySchema = z.strictObject({
  level: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9-]*$/),
  /** Capacity; `null` = unbounded (DRAM), must be the last level. */
  sizeBytes: z.number().int().positive().nullable(),
  /** Energy of one 64-bit access; wider accesses cost ceil(bits / 64) of these. */
  per64Bit: energyEntrySchema,
});
export type MemoryLevelEnergy = z.infer<typeof memoryLevelEnergySchema>;

export const energyTableSchema = z.strictObject({
  schema: z.literal('addersim/energy@1'),
  name: z.string().regex(/^[a-z0-9][a-z0-9-]*$/),
  description: z.string(),
  process: z.strictObject({ node: z.string(), source: sourceSchema, note: z.string().optional() }),
  actions: z.strictObject(Object.fromEntries(ARITH_ACTIONS.map((a) => [a, perType])) as Record<ArithAction, typeof perType>),
  memory: z.array(memoryLevelEnergySchema).min(1),
  /** Per instruction fetch/decode/register-file energy; off in the `paper` view. */
  overhead: z.strictObject({ perInstruction: energyEntrySchema }),
  notes: z.array(z.string()).default([]),
});
export type EnergyTable = z.infer<typeof energyTableSchema>;

/** The JSON Schema of energy tables, for editors (committed as cpu-profiles/energy/energy.schema.json; a test keeps it in sync). */
export function energyJsonSchema(): unknown {
  return z.toJSONSchema(energyTableSchema, { io: 'input' });
}
