// Terminal rendering of a report: aligned columns, numbers right-aligned. A table prints as
//   Model      Variant    Cycles
//   ─────────  ───────  ─────────
//   resnet20   cnn      2,610,000

import { formatCell, isNumericCell } from './format.ts';
import type { Report, Section, Table } from './report.ts';

export function renderTableText(t: Table): string {
  const head = t.columns.map((c) => (c.unit ? `${c.title} (${c.unit})` : c.title));
  const body = t.rows.map((r) => r.map(formatCell));
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((r) => (r[i] ?? '').length)));
  const numeric = t.columns.map((_c, i) => t.rows.some((r) => r[i] && isNumericCell(r[i]!)));
  const line = (cells: readonly string[]) =>
    cells.map((c, i) => (numeric[i] ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join('  ').trimEnd();
  const out = [t.title, line(head), widths.map((w) => '─'.repeat(w)).join('  '), ...body.map(line)];
  for (const n of t.notes) out.push(`  note: ${n}`);
  return out.join('\n');
}

export function renderSectionText(s: Section): string {
  const parts = [`== ${s.title} ==`, ...s.paragraphs, ...s.tables.map(renderTableText)];
  return parts.join('\n\n');
}

export function renderText(r: Report): string {
  return `${[r.title, ...r.sections.map(renderSectionText)].join('\n\n')}\n`;
}
