// The only place numbers are rounded for people: thousands separators, k/M/G suffixes, percentages,
// energies in pJ/nJ/µJ/mJ. Examples: fmtInt(2610000) = "2,610,000"; fmtSI(40813184) = "40.81M";
// fmtPct(-0.3333) = "−33.3%"; fmtEnergy(187740646.4) = "187.74 µJ"; fmtRatio(1.5) = "1.50×".

import { assertNever, groupDigits } from '../isa/index.ts';
import { checkArgs } from '../isa/api-args.ts';
import { z } from 'zod';

const MINUS = '−';

function sign(x: number): string {
  return x < 0 ? MINUS : '';
}

/** 2610000 → "2,610,000" (integers only; non-integers are rounded half away from zero). */
export function fmtInt(x: number): string {
  checkArgs('fmtInt', [['x', z.number(), x]]);
  if (!Number.isFinite(x)) return String(x);
  return sign(x) + groupDigits(Math.round(Math.abs(x)));
}

/** An exact decimal string with thousands separators, digits kept: "26134545.28" → "26,134,545.28". */
export function fmtDecimal(text: string): string {
  const [whole = '', frac] = text.split('.');
  return whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',') + (frac === undefined ? '' : `.${frac}`);
}

/** Fixed decimals with thousands separators: fmtFixed(1234.5678, 2) = "1,234.57". */
export function fmtFixed(x: number, digits: number): string {
  checkArgs('fmtFixed', [
    ['x', z.number(), x],
    ['digits', z.number().int().min(0).max(100), digits],
  ]);
  if (!Number.isFinite(x)) return String(x);
  const s = Math.abs(x).toFixed(digits);
  const [int, frac] = s.split('.');
  const body = int!.replace(/\B(?=(\d{3})+(?!\d))/g, ',') + (frac ? `.${frac}` : '');
  return (Number(s) === 0 ? '' : sign(x)) + body;
}

/** Short SI form with `digits` decimals: 40813184 → "40.81M", 1814073344 → "1.81G", 870000 → "870.00K". */
export function fmtSI(x: number, digits = 2): string {
  const a = Math.abs(x);
  const units: [number, string][] = [
    [1e12, 'T'],
    [1e9, 'G'],
    [1e6, 'M'],
    [1e3, 'K'],
  ];
  for (const [v, u] of units) if (a >= v) return `${sign(x)}${(a / v).toFixed(digits)}${u}`;
  return Number.isInteger(x) ? fmtInt(x) : fmtFixed(x, digits);
}

/** A fraction as a percentage: 0.0532 → "5.3%", with an explicit sign when `signed`. */
export function fmtPct(fraction: number, digits = 1, signed = false): string {
  const v = fraction * 100;
  const s = Math.abs(v).toFixed(digits);
  const zero = Number(s) === 0;
  const pre = zero ? '' : v < 0 ? MINUS : signed ? '+' : '';
  return `${pre}${s}%`;
}

/** 1.5 → "1.50×"; below 0.1 two significant digits: 0.00431 → "0.0043×". */
export function fmtRatio(x: number, digits = 2): string {
  checkArgs('fmtRatio', [
    ['x', z.number(), x],
    ['digits', z.number().int().min(0).max(100), digits],
  ]);
  if (x !== 0 && Math.abs(x) < 0.1) return `${Number(x.toPrecision(2))}×`;
  return `${x.toFixed(digits)}×`;
}

/** pJ → the largest unit that keeps the mantissa ≥ 1: "4.60 pJ", "73.46 µJ", "1.20 mJ"; exactly 0 → "0". */
export function fmtEnergy(pJ: number, digits = 2): string {
  checkArgs('fmtEnergy', [
    ['pJ', z.number(), pJ],
    ['digits', z.number().int().min(0).max(100), digits],
  ]);
  if (pJ === 0) return '0';
  const a = Math.abs(pJ);
  const units: [number, string][] = [
    [1e12, 'J'],
    [1e9, 'mJ'],
    [1e6, 'µJ'],
    [1e3, 'nJ'],
  ];
  for (const [v, u] of units) if (a >= v) return `${fmtFixed(pJ / v, digits)} ${u}`;
  return `${fmtFixed(pJ, digits)} pJ`;
}

/** Bytes: 8192 → "8 KiB", 1048576 → "1 MiB". */
export function fmtBytes(b: number): string {
  const units: [number, string][] = [
    [2 ** 30, 'GiB'],
    [2 ** 20, 'MiB'],
    [2 ** 10, 'KiB'],
  ];
  for (const [v, u] of units) if (b >= v) return `${fmtFixed(b / v, b % v === 0 ? 0 : 1)} ${u}`;
  return `${b} B`;
}

/** Typed cells of report tables; all rendering of numbers goes through `formatCell`. */
export type Cell =
  | { readonly t: 'text'; readonly v: string }
  | { readonly t: 'int'; readonly v: number }
  | { readonly t: 'si'; readonly v: number }
  | { readonly t: 'num'; readonly v: number; readonly digits: number }
  | { readonly t: 'pct'; readonly v: number; readonly signed?: boolean }
  | { readonly t: 'ratio'; readonly v: number }
  | { readonly t: 'energy'; readonly v: number }
  | { readonly t: 'bytes'; readonly v: number }
  | { readonly t: 'none'; readonly why: string };

export const cell = {
  text: (v: string): Cell => ({ t: 'text', v }),
  int: (v: number): Cell => ({ t: 'int', v }),
  si: (v: number): Cell => ({ t: 'si', v }),
  num: (v: number, digits = 2): Cell => ({ t: 'num', v, digits }),
  pct: (v: number, signed = false): Cell => ({ t: 'pct', v, ...(signed ? { signed } : {}) }),
  ratio: (v: number): Cell => ({ t: 'ratio', v }),
  energy: (v: number): Cell => ({ t: 'energy', v }),
  bytes: (v: number): Cell => ({ t: 'bytes', v }),
  none: (why: string): Cell => ({ t: 'none', why }),
};

export function formatCell(c: Cell): string {
  switch (c.t) {
    case 'text':
      return c.v;
    case 'int':
      return fmtInt(c.v);
    case 'si':
      return fmtSI(c.v);
    case 'num':
      return fmtFixed(c.v, c.digits);
    case 'pct':
      return fmtPct(c.v, 1, c.signed ?? false);
    case 'ratio':
      return fmtRatio(c.v);
    case 'energy':
      return fmtEnergy(c.v);
    case 'bytes':
      return fmtBytes(c.v);
    case 'none':
      return '—';
    default:
      return assertNever(c, 'cell');
  }
}

/** The raw value of a cell for machine formats (CSV, JSON, HTML sort keys): numbers unrounded. */
export function rawCell(c: Cell): string | number | null {
  switch (c.t) {
    case 'text':
      return c.v;
    case 'none':
      return null;
    case 'int':
    case 'si':
    case 'num':
    case 'pct':
    case 'ratio':
    case 'energy':
    case 'bytes':
      return c.v;
    default:
      return assertNever(c, 'cell');
  }
}

export function isNumericCell(c: Cell): boolean {
  return c.t !== 'text' && c.t !== 'none';
}

/** Longest parenthesised group kept on one line; a longer one may wrap inside (it would overflow a column). */
const MAX_UNBROKEN_GROUP = 48;

/**
 * A caption that wraps only at word boundaries outside parentheses: the spaces inside each short
 * "(…)" group become no-break spaces (U+00A0). "Time per image (cycle scheduler, simd f32)" can break
 * before "(cycle", never between "scheduler," and "simd".
 */
export function captionText(title: string): string {
  return title.replace(/\([^()]*\)/g, (group) => (group.length <= MAX_UNBROKEN_GROUP ? group.replace(/ /g, '\u00a0') : group));
}
