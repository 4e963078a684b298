// Terminal rendering of a report: aligned columns, numbers right-aligned, every line at most `width`
// characters (100, or the terminal's width): prose and notes wrap at spaces, long text cells wrap
// inside their column, and a table wider than that is split into parts that repeat the key columns.
//   Model      Variant    Cycles
//   ─────────  ───────  ─────────
//   resnet20   cnn      2,610,000

import { formatCell, isNumericCell } from './format.ts';
import { columnHeading, type Report, type Section, type Table } from './report.ts';

export const TEXT_WIDTH = 100;
/** The narrowest a wrapped text column is made before a table is split into parts instead. */
const MIN_WRAPPED = 24;

const len = (s: string): number => [...s].length;

/** Greedy word wrap at `width` characters; a word longer than the width is cut. */
export function wrapText(s: string, width: number, indent = ''): string[] {
  const lines: string[] = [];
  let cur = '';
  const room = Math.max(1, width - len(indent));
  for (const word of s.split(/\s+/).filter(Boolean)) {
    let w = word;
    while (len(w) > room) {
      if (cur) {
        lines.push(cur);
        cur = '';
      }
      lines.push([...w].slice(0, room).join(''));
      w = [...w].slice(room).join('');
    }
    if (!w) continue;
    if (!cur) cur = w;
    else if (len(cur) + 1 + len(w) <= room) cur += ` ${w}`;
    else {
      lines.push(cur);
      cur = w;
    }
  }
  if (cur || !lines.length) lines.push(cur);
  return lines.map((l, i) => (i === 0 ? l : indent + l));
}

interface TextColumn {
  readonly index: number;
  readonly numeric: boolean;
  readonly width: number;
  readonly natural: number;
}

export function renderTableText(t: Table, width = TEXT_WIDTH): string {
  const head = t.columns.map((c) => columnHeading(c));
  const body = t.rows.map((r) => r.map(formatCell));
  const maxText = Math.max(16, Math.floor(width / 2));
  const cols: TextColumn[] = head.map((h, i) => {
    const numeric = t.rows.some((r) => r[i] && isNumericCell(r[i]!));
    const natural = Math.max(len(h), ...body.map((r) => len(r[i] ?? '')));
    return { index: i, numeric, natural, width: numeric ? natural : Math.min(natural, Math.max(maxText, len(h))) };
  });
  const span = (cs: readonly TextColumn[]) => cs.reduce((a, c) => a + c.width, 0) + 2 * Math.max(0, cs.length - 1);
  let nKeys = 0;
  while (nKeys < Math.min(2, cols.length - 1) && !cols[nKeys]!.numeric && span(cols.slice(0, nKeys + 1)) <= width / 2) nKeys++;
  const keys = cols.slice(0, nKeys);
  const parts: TextColumn[][] = [];
  let cur: TextColumn[] = [];
  for (const c of cols.slice(nKeys)) {
    const room = width - span(keys) - (keys.length ? 2 : 0);
    let col = !c.numeric && c.width > room ? { ...c, width: Math.max(8, room) } : c;
    // a text column that can wrap narrows to the room left in this part rather than start a new part
    const left = width - span([...keys, ...cur]) - 2;
    if (cur.length && !col.numeric && span([...keys, ...cur, col]) > width && left >= Math.min(col.natural, MIN_WRAPPED)) col = { ...col, width: left };
    if (cur.length && span([...keys, ...cur, col]) > width) {
      parts.push([...keys, ...cur]);
      cur = [];
    }
    cur.push(col);
  }
  if (cur.length || !parts.length) parts.push([...keys, ...cur]);
  // a wrapped text column at the end of a part takes the width left over
  for (const part of parts) {
    const last = part.at(-1)!;
    if (!last.numeric && last.natural > last.width) part[part.length - 1] = { ...last, width: Math.min(last.natural, last.width + width - span(part)) };
  }
  const out: string[] = [];
  parts.forEach((part, k) => {
    const cellLines = (text: string, c: TextColumn) => (c.numeric || len(text) <= c.width ? [text] : wrapText(text, c.width));
    const line = (cells: readonly string[]) =>
      cells
        .map((x, i) => (part[i]!.numeric ? x.padStart(part[i]!.width) : x.padEnd(part[i]!.width)))
        .join('  ')
        .trimEnd();
    const block = (texts: readonly string[]) => {
      const wrapped = part.map((c) => cellLines(texts[c.index] ?? '', c));
      const n = Math.max(...wrapped.map((w) => w.length));
      return Array.from({ length: n }, (_, j) => line(wrapped.map((w) => w[j] ?? '')));
    };
    out.push(...wrapText(parts.length > 1 ? `${t.title} (part ${k + 1} of ${parts.length})` : t.title, width));
    out.push(...block(head), part.map((c) => '─'.repeat(c.width)).join('  '), ...body.flatMap(block));
    if (k < parts.length - 1) out.push('');
  });
  for (const n of t.notes) out.push(...wrapText(`note: ${n}`, width - 2, '      ').map((l) => `  ${l}`));
  return out.join('\n');
}

export function renderSectionText(s: Section, width = TEXT_WIDTH): string {
  const parts = [
    wrapText(`== ${s.title} ==`, width).join('\n'),
    ...s.paragraphs.map((p) => wrapText(p, width).join('\n')),
    ...s.tables.map((t) => renderTableText(t, width)),
  ];
  return parts.join('\n\n');
}

export function renderText(r: Report, width = TEXT_WIDTH): string {
  return `${[wrapText(r.title, width).join('\n'), ...r.sections.map((s) => renderSectionText(s, width))].join('\n\n')}\n`;
}
