// CSV rendering (RFC 4180): one file per table, raw unrounded numbers, a header row of column keys
// (with units), empty fields for cells that have no value. Example:
//   model,variant,cycles
//   resnet20,cnn,2610000

import { rawCell } from './format.ts';
import type { Table } from './report.ts';

function field(x: string | number | null): string {
  if (x === null) return '';
  const s = typeof x === 'number' ? String(x) : x;
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function renderTableCsv(t: Table): string {
  const head = t.columns.map((c) => field(c.unit ? `${c.key} (${c.unit})` : c.key)).join(',');
  const rows = t.rows.map((r) => r.map((c) => field(rawCell(c))).join(','));
  return `${[head, ...rows].join('\r\n')}\r\n`;
}
