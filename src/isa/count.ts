// Exact counting through loop nests by a multiplier walk: a loop with 10^12 iterations costs nothing extra.

import { checkedAdd, checkedMul } from './checked.ts';
import { formName } from './forms.ts';
import type { Kernel, Program, Stmt } from './kernel.ts';
import { OP_GROUP, type Op, type OpGroup } from './ops.ts';
import { ARG, checkArgs } from './api-args.ts';

/** Instruction counts by form (`fma.f32x8` → n). Keys sorted for stable output. */
export type FormCounts = ReadonlyMap<string, number>;

function walk(body: readonly Stmt[], mult: number, visit: (s: Stmt & { kind: 'instr' }, times: number) => void): void {
  for (const s of body) {
    if (s.kind === 'loop') walk(s.body, checkedMul(mult, s.trip), visit);
    else visit(s, mult);
  }
}

export function countForms(body: readonly Stmt[]): FormCounts {
  const m = new Map<string, number>();
  walk(body, 1, (s, n) => {
    const k = formName(s);
    m.set(k, checkedAdd(m.get(k) ?? 0, n));
  });
  return sortMap(m);
}

export function countKernel(k: Kernel): FormCounts {
  checkArgs('countKernel', [['kernel', ARG.kernel, k]]);
  return countForms(k.body);
}

export function countProgram(p: Program): FormCounts {
  checkArgs('countProgram', [['program', ARG.program, p]]);
  return programFormCounts(p);
}

/** countProgram for a program the engine made (not checked again on every sweep point). */
export function programFormCounts(p: Program): FormCounts {
  return mergeCounts(p.kernels.map((k) => countForms(k.body)));
}

export function mergeCounts(all: Iterable<FormCounts>): FormCounts {
  const m = new Map<string, number>();
  for (const c of all) for (const [k, v] of c) m.set(k, checkedAdd(m.get(k) ?? 0, v));
  return sortMap(m);
}

/** Element operations by op (instructions × lanes): what a FLOP-style counter would report. */
export function countLaneOps(body: readonly Stmt[]): ReadonlyMap<Op, number> {
  const m = new Map<Op, number>();
  walk(body, 1, (s, n) => m.set(s.op, checkedAdd(m.get(s.op) ?? 0, checkedMul(n, s.type.lanes))));
  return sortMap(m);
}

export function countGroups(body: readonly Stmt[]): ReadonlyMap<OpGroup, number> {
  const m = new Map<OpGroup, number>();
  walk(body, 1, (s, n) => {
    const g = OP_GROUP[s.op];
    m.set(g, checkedAdd(m.get(g) ?? 0, n));
  });
  return sortMap(m);
}

export function totalInstructions(body: readonly Stmt[]): number {
  checkArgs('totalInstructions', [['body', ARG.body, body]]);
  return bodyInstructions(body);
}

/** totalInstructions for a body the engine made (not checked again: the schedulers' hot path). */
export function bodyInstructions(body: readonly Stmt[]): number {
  let t = 0;
  walk(body, 1, (_s, n) => (t = checkedAdd(t, n)));
  return t;
}

function sortMap<K extends string, V>(m: Map<K, V>): Map<K, V> {
  return new Map([...m.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
