// How many rows a table float of a paper holds. A `table` float taller than the page is LaTeX's "Float too
// large for page" and runs off its bottom, so a long table is split by its estimated height: each row in
// lines (a wrapped p{…} cell takes several), the header in every part, the notes under the last.

/** \textheight of a 10 pt two-column article (550 pt), less room for the estimate's error. */
const FLOAT_TEXT_PT = 520;
/** Baselines of a 10 pt paper: \footnotesize (the table's rows and caption) and \scriptsize (its notes). */
const ROW_LINE_PT = 9.5;
const NOTE_LINE_PT = 8;
/** A caption of up to two lines with \abovecaptionskip, the three booktabs rules, the \smallskip before notes. */
const FIXED_PT = 2 * ROW_LINE_PT + 10 + 12 + 3;
/** At most this many rows per float even when they would fit (a column holds ~50 one-line rows). */
export const ROWS_PER_FLOAT = 40;

/** Lines `text` takes wrapped greedily at spaces to `widthPt`; `width` measures a string in points. */
export function wrappedLines(text: string, widthPt: number, width: (s: string) => number): number {
  let lines = 1;
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    const next = line ? `${line} ${word}` : word;
    if (line && width(next) > widthPt) {
      lines++;
      line = word;
    } else line = next;
  }
  return lines;
}

/**
 * Consecutive parts of `rows` (row i takes `rowLines[i]` lines) that each fit one float with `headLines`
 * of header; the last part also holds `noteLines` of notes. A row taller than a float is a part of its own.
 */
export function floatRowParts<T>(rows: readonly T[], rowLines: readonly number[], headLines: number, noteLines: number): T[][] {
  const room = (FLOAT_TEXT_PT - FIXED_PT) / ROW_LINE_PT - headLines; // in row lines
  const notes = (noteLines * NOTE_LINE_PT) / ROW_LINE_PT;
  const parts: number[][] = [];
  let cur: number[] = [];
  let used = 0;
  rows.forEach((_, i) => {
    const h = rowLines[i] ?? 1;
    if (cur.length && (used + h > room || cur.length >= ROWS_PER_FLOAT)) {
      parts.push(cur);
      cur = [];
      used = 0;
    }
    cur.push(i);
    used += h;
  });
  // the notes go under the last part: when they do not fit there, its last rows become one more part
  const tail: number[] = [];
  while (cur.length > 1 && used + notes > room) {
    const i = cur.pop()!;
    used -= rowLines[i] ?? 1;
    tail.unshift(i);
  }
  parts.push(cur);
  if (tail.length) parts.push(tail);
  return parts.map((p) => p.map((i) => rows[i]!));
}
