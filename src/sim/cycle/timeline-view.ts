// An llvm-mca-style timeline of the first instructions: a view that only reads timeline rows.
//   Index     0123456789
//             0
//   [0,0]     DeeeER    .   acc = add.f32 acc, x
//   [1,0]     D===eeeER .   acc = add.f32 acc, x
// D dispatched, = waiting, e executing, E executed (result ready), - waiting to retire, R retired.

import type { TimelineEntry } from '../results/result.ts';
import { ARG, checkArgs } from '../../isa/api-args.ts';
import { z } from 'zod';

export function renderTimeline(rows: readonly TimelineEntry[], label: (row: TimelineEntry) => string): string {
  checkArgs('renderTimeline', [
    ['rows', z.array(ARG.object), rows],
    ['label', z.custom<(row: TimelineEntry) => string>((v) => typeof v === 'function', 'expected a function (row) => string'), label],
  ]);
  if (rows.length === 0) return 'Timeline view: (no instructions)';
  const last = Math.max(...rows.map((r) => Math.max(r.retired, r.executed)));
  const width = last + 1;
  const units = Array.from({ length: width }, (_, c) => String(c % 10)).join('');
  const tens = Array.from({ length: width }, (_, c) => (c % 10 === 0 ? String(Math.floor(c / 10) % 10) : ' ')).join('');
  const out = ['Timeline view:', `Index     ${units}`, `          ${tens}`.trimEnd(), ''];
  for (const r of rows) {
    const line: string[] = Array.from({ length: width }, (_, c) => (c % 5 === 0 ? '.' : ' '));
    for (let c = r.dispatched + 1; c < r.issued; c++) line[c] = '=';
    for (let c = r.issued; c < r.executed; c++) line[c] = 'e';
    for (let c = r.executed + 1; c < r.retired; c++) line[c] = '-';
    line[r.executed] = 'E';
    if (r.retired > r.executed) line[r.retired] = 'R';
    line[r.dispatched] = 'D'; // in-order cores dispatch and issue in the same cycle
    const tag = `[${r.iteration},${r.index}]`.padEnd(10);
    out.push(`${tag}${line.join('')}   ${label(r)}`);
  }
  return out.join('\n');
}
