// The closed op vocabulary (docs/architecture.md "The op vocabulary"): ops, element types, op groups.
// Adding an op breaks the build wherever a per-op decision is needed (`satisfies Record<Op, …>`).

// biome-ignore format: grouped by kind, one group a line (the API reference prints it whole)
export const OPS = [
  'load', 'store', 'mov', 'bcast',
  'add', 'sub', 'mul', 'fma', 'abs', 'neg', 'max', 'min',
  'and', 'or', 'xor', 'xnor', 'not', 'popcnt',
  'sad', 'dot', 'shl', 'shr', 'cvt', 'hadd', 'div',
] as const;
export type Op = (typeof OPS)[number];

export const ELEMENT_TYPES = ['f64', 'f32', 'f16', 'bf16', 'i64', 'i32', 'i16', 'i8', 'u8'] as const;
export type ElementType = (typeof ELEMENT_TYPES)[number];

export const OP_GROUPS = ['memory', 'move', 'add', 'multiply', 'abs', 'logic', 'bitcount', 'compare', 'shift', 'convert', 'divide'] as const;
export type OpGroup = (typeof OP_GROUPS)[number];

/** Which group each op belongs to; passes, energy tables and reports decide on groups. */
export const OP_GROUP = {
  load: 'memory',
  store: 'memory',
  mov: 'move',
  bcast: 'move',
  add: 'add',
  sub: 'add',
  neg: 'add',
  hadd: 'add',
  mul: 'multiply',
  fma: 'multiply',
  dot: 'multiply',
  abs: 'abs',
  sad: 'abs',
  max: 'compare',
  min: 'compare',
  and: 'logic',
  or: 'logic',
  xor: 'logic',
  xnor: 'logic',
  not: 'logic',
  popcnt: 'bitcount',
  shl: 'shift',
  shr: 'shift',
  cvt: 'convert',
  div: 'divide',
} as const satisfies Record<Op, OpGroup>;

/** Number of source operands each op reads (registers; memory addresses are implicit). */
export const OP_ARITY = {
  load: 0,
  store: 1,
  mov: 1,
  bcast: 1,
  add: 2,
  sub: 2,
  mul: 2,
  fma: 3,
  abs: 1,
  neg: 1,
  max: 2,
  min: 2,
  and: 2,
  or: 2,
  xor: 2,
  xnor: 2,
  not: 1,
  popcnt: 1,
  sad: 3,
  dot: 3,
  shl: 1,
  shr: 1,
  cvt: 1,
  hadd: 1,
  div: 2,
} as const satisfies Record<Op, number>;

export const ELEMENT_BITS = {
  f64: 64,
  f32: 32,
  f16: 16,
  bf16: 16,
  i64: 64,
  i32: 32,
  i16: 16,
  i8: 8,
  u8: 8,
} as const satisfies Record<ElementType, number>;

export function isOp(s: string): s is Op {
  return (OPS as readonly string[]).includes(s);
}

export function isElementType(s: string): s is ElementType {
  return (ELEMENT_TYPES as readonly string[]).includes(s);
}

export function isFloat(t: ElementType): boolean {
  return t[0] === 'f' || t === 'bf16';
}

export function assertNever(x: never, what = 'value'): never {
  throw new Error(`unexpected ${what}: ${JSON.stringify(x)}`);
}
