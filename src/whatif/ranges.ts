// Value ranges of sweep axes: `1..8` (integers, step 1), `1..8:2` (step 2), `1..1024:x2` (×2 each step),
// lists `2,4,8` (numbers, or names for option axes such as `cnn,adder`). Ranges take integers; lists may
// hold decimals (e.g. rthroughput 0.5). An empty range is an error, never a silent empty sweep.

import { AddersimError, didYouMean } from '../isa/index.ts';
import { ARG, checkArgs } from '../isa/api-args.ts';

/** Largest number of values one axis may have. */
export const MAX_AXIS_VALUES = 100_000;

function int(text: string, what: string, where: string): number {
  if (!/^-?\d+$/.test(text.trim())) throw new AddersimError('USAGE', `${what} "${text}" must be an integer`, where);
  const n = Number(text);
  if (!Number.isSafeInteger(n)) throw new AddersimError('USAGE', `${what} "${text}" is not a safe integer`, where);
  return n;
}

/** Numeric values of a range or list, in the order written (ranges ascend). */
export function parseNumericRange(text: string, where: string): number[] {
  checkArgs('parseNumericRange', [
    ['text', ARG.text, text],
    ['where', ARG.text, where],
  ]);
  const t = text.trim();
  const m = /^(-?\d+)\s*\.\.\s*(-?\d+)(?::\s*(x?)(\d+))?$/.exec(t);
  let values: number[];
  if (m) {
    const lo = int(m[1]!, 'range start', where);
    const hi = int(m[2]!, 'range end', where);
    const geometric = m[3] === 'x';
    const step = m[4] === undefined ? 1 : int(m[4], geometric ? 'range factor' : 'range step', where);
    if (lo > hi) throw new AddersimError('USAGE', `empty range "${t}" (start ${lo} > end ${hi})`, where);
    values = [];
    if (geometric) {
      if (step < 2) throw new AddersimError('USAGE', `range factor in "${t}" must be at least 2`, where);
      if (lo < 1) throw new AddersimError('USAGE', `a ×${step} range starts at 1 or more, got ${lo}`, where);
      for (let v = lo; v <= hi; v *= step) values.push(v);
    } else {
      if (step < 1) throw new AddersimError('USAGE', `range step in "${t}" must be at least 1`, where);
      if ((hi - lo) / step + 1 > MAX_AXIS_VALUES) throw new AddersimError('LIMIT', `range "${t}" has more than ${MAX_AXIS_VALUES} values`, where);
      for (let v = lo; v <= hi; v += step) values.push(v);
    }
  } else if (/\.\./.test(t)) {
    throw new AddersimError('USAGE', `bad range "${t}" (expected LO..HI, LO..HI:STEP or LO..HI:xFACTOR with integers)`, where);
  } else {
    const items = t.split(',').map((s) => s.trim());
    if (!t || items.some((s) => s === '')) throw new AddersimError('USAGE', `empty value list "${t}"`, where);
    values = items.map((s) => {
      const n = Number(s);
      if (!/^-?(\d+\.?\d*|\.\d+)(e-?\d+)?$/i.test(s) || !Number.isFinite(n)) throw new AddersimError('USAGE', `"${s}" is not a number`, where);
      return n;
    });
  }
  if (new Set(values).size !== values.length) throw new AddersimError('USAGE', `range "${t}" repeats a value`, where);
  return values;
}

/** Names of a list (`cnn,adder`), each checked against `allowed` when given. */
export function parseNameList(text: string, where: string, allowed: readonly string[] | null): string[] {
  const items = text.split(',').map((s) => s.trim());
  if (!text.trim() || items.some((s) => s === '')) throw new AddersimError('USAGE', `empty value list "${text}"`, where);
  for (const s of items) {
    if (allowed && !allowed.includes(s)) throw new AddersimError('USAGE', `"${s}" is not one of ${allowed.join(', ')}${didYouMean(s, allowed)}`, where);
  }
  if (new Set(items).size !== items.length) throw new AddersimError('USAGE', `list "${text}" repeats a value`, where);
  return items;
}

/** `PATH=RANGE` as given to --set. */
export function splitAssignment(text: string, flag: string): { path: string; range: string } {
  const i = text.indexOf('=');
  if (i <= 0 || i === text.length - 1) throw new AddersimError('USAGE', `expected PATH=RANGE, got "${text}"`, flag);
  return { path: text.slice(0, i).trim(), range: text.slice(i + 1).trim() };
}
