// Forms: `op.type` strings such as `fma.f32x8`, `popcnt.i64`, `load.f32x4`; parsing and printing.

import { ELEMENT_BITS, type ElementType, type Op, isElementType, isOp } from './ops.ts';
import { AddersimError } from './errors.ts';

/** A data type: an element type with a lane count (1 = scalar). */
export interface DataType {
  readonly elem: ElementType;
  readonly lanes: number;
}

export interface Form {
  readonly op: Op;
  readonly type: DataType;
}

/** Canonical string of a data type: `f32`, `f32x8`. */
export function typeName(t: DataType): string {
  return t.lanes === 1 ? t.elem : `${t.elem}x${t.lanes}`;
}

export function formName(f: Form): string {
  return `${f.op}.${typeName(f.type)}`;
}

const TYPE_RE = /^([a-z]+\d+)(?:x(\d+))?$/;

export function parseType(s: string, path?: string): DataType {
  const m = TYPE_RE.exec(s);
  const elem = m?.[1];
  if (!m || !elem || !isElementType(elem)) {
    throw new AddersimError('BAD_INPUT', `unknown data type "${s}" (expected e.g. f32, f32x8, i8x16, u8)`, path);
  }
  const lanes = m[2] === undefined ? 1 : Number(m[2]);
  if (!Number.isInteger(lanes) || lanes < 1 || lanes > 512 || (lanes & (lanes - 1)) !== 0) {
    throw new AddersimError('BAD_INPUT', `lane count in "${s}" must be a power of two from 1 to 512`, path);
  }
  if (m[2] !== undefined && lanes === 1) {
    throw new AddersimError('BAD_INPUT', `write "${elem}" rather than "${s}"`, path);
  }
  return { elem, lanes };
}

export function parseForm(s: string, path?: string): Form {
  const dot = s.indexOf('.');
  const op = dot < 0 ? s : s.slice(0, dot);
  if (dot < 0 || !isOp(op)) {
    throw new AddersimError('UNKNOWN_FORM', `unknown form "${s}" (expected op.type with op one of the vocabulary, e.g. fma.f32x8)`, path);
  }
  return { op, type: parseType(s.slice(dot + 1), path) };
}

export function typeBits(t: DataType): number {
  return ELEMENT_BITS[t.elem] * t.lanes;
}

export function scalar(elem: ElementType): DataType {
  return { elem, lanes: 1 };
}

export function vector(elem: ElementType, lanes: number): DataType {
  return { elem, lanes };
}
