// Exact integer arithmetic for counts and cycles: plain numbers while below 2^53, checked on every step.

import { AddersimError } from './errors.ts';

export function checkedMul(a: number, b: number, what = 'count'): number {
  const r = a * b;
  if (!Number.isSafeInteger(r)) {
    if (!Number.isInteger(a) || !Number.isInteger(b)) throw new AddersimError('BAD_INPUT', `${what}: ${a} × ${b} is not a product of exact integers`);
    throw new AddersimError('OVERFLOW', `${what} ${BigInt(a) * BigInt(b)} passes 2^53 and cannot be represented exactly`);
  }
  return r;
}

export function checkedAdd(a: number, b: number, what = 'count'): number {
  const r = a + b;
  if (!Number.isSafeInteger(r)) {
    if (!Number.isInteger(a) || !Number.isInteger(b)) throw new AddersimError('BAD_INPUT', `${what}: ${a} + ${b} is not a sum of exact integers`);
    throw new AddersimError('OVERFLOW', `${what} ${BigInt(a) + BigInt(b)} passes 2^53 and cannot be represented exactly`);
  }
  return r;
}

export function checkedSum(xs: Iterable<number>, what = 'count'): number {
  let s = 0;
  for (const x of xs) s = checkedAdd(s, x, what);
  return s;
}

/** An exact non-negative rational, for per-iteration bounds such as 7/3 cycles. */
export interface Ratio {
  readonly num: number;
  readonly den: number;
}

function gcd(a: number, b: number): number {
  while (b) [a, b] = [b, a % b];
  return Math.abs(a);
}

export function ratio(num: number, den = 1): Ratio {
  if (den <= 0 || !Number.isSafeInteger(num) || !Number.isSafeInteger(den)) throw new Error(`bad ratio ${num}/${den}`);
  const g = gcd(num, den) || 1;
  return { num: num / g, den: den / g };
}

export function ratioMax(a: Ratio, b: Ratio): Ratio {
  return a.num * b.den >= b.num * a.den ? a : b;
}

export function ratioCmp(a: Ratio, b: Ratio): number {
  return a.num * b.den - b.num * a.den;
}

/** ceil(r × n), exact (BigInt inside so large trip counts never lose precision). */
export function ratioCeilTimes(r: Ratio, n: number): number {
  const p = BigInt(r.num) * BigInt(n);
  const d = BigInt(r.den);
  const q = (p + d - 1n) / d;
  const out = Number(q);
  if (!Number.isSafeInteger(out)) throw new AddersimError('OVERFLOW', `cycle count ${q} passes 2^53`);
  return out;
}

export function ratioToNumber(r: Ratio): number {
  return r.num / r.den;
}
