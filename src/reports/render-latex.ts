// LaTeX rendering: the full report (a standalone article: booktabs, longtable, graphicx, all in
// texlive-latex-base/-recommended) and one snippet per table for papers (`tables/<id>.tex`: a `table`
// float that fits one column of a 10 pt two-column paper). Every string goes through `texEscape`, which
// also maps the Unicode the reports use (−, ×, µ, Δ, →, ≈, ≤, ², …) to LaTeX. A snippet prints as
//   \begin{table}[tbp] \centering\footnotesize … \caption{…}\label{tab:ratio-cycle}
//   \begin{tabular}{@{}lrr@{}} \toprule Model & Adder/CNN & … \\ \midrule resnet20 & 1.25$\times$ & … \\

import { captionText, formatCell, isNumericCell } from './format.ts';
import type { ChartSpec, Manifest, Report, Table } from './report.ts';
import { floatRowParts, wrappedLines } from './latex-float.ts';

const UNICODE: Record<string, string> = {
  '−': '$-$',
  '×': '$\\times$',
  '\u00a0': '~', // no-break space (captionText keeps parenthesised groups on one line)
  µ: '$\\mu$',
  μ: '$\\mu$',
  Δ: '$\\Delta$',
  '→': '$\\rightarrow$',
  '←': '$\\leftarrow$',
  '≈': '$\\approx$',
  '≤': '$\\leq$',
  '≥': '$\\geq$',
  '≠': '$\\neq$',
  '²': '$^2$',
  '³': '$^3$',
  '⁹': '$^9$',
  '·': '$\\cdot$',
  '–': '--',
  '—': '---',
  '‘': '`',
  '’': "'",
  '“': '``',
  '”': "''",
  '…': '\\ldots{}',
  '±': '$\\pm$',
  '√': '$\\surd$',
  '│': '|',
  '─': '-',
  '✔': '$\\checkmark$',
  '✘': '$\\times$',
  é: "\\'e",
  ä: '\\"a',
  ö: '\\"o',
  ü: '\\"u',
  ' ': '~',
  '°': '$^\\circ$',
  '⌈': '$\\lceil$',
  '⌉': '$\\rceil$',
  Σ: '$\\Sigma$',
  '∞': '$\\infty$',
};

export function texEscape(s: string): string {
  let out = '';
  for (const ch of s) {
    switch (ch) {
      case '\\':
        out += '$\\backslash$';
        break;
      case '&':
      case '%':
      case '$':
      case '#':
      case '_':
      case '{':
      case '}':
        out += `\\${ch}`;
        break;
      case '~':
        out += '$\\sim$';
        break;
      case '^':
        out += '\\^{}';
        break;
      case '<':
        out += '$<$';
        break;
      case '>':
        out += '$>$';
        break;
      case '|':
        out += '$|$';
        break;
      case '"':
        out += "''";
        break;
      default: {
        const code = ch.codePointAt(0)!;
        if (code < 128) out += ch;
        else out += UNICODE[ch] ?? `[U+${code.toString(16).toUpperCase().padStart(4, '0')}]`;
      }
    }
  }
  return out;
}

/** Inline code (Markdown backticks in report prose) as \texttt; everything else escaped. */
export function texInline(s: string): string {
  return s
    .split('`')
    .map((part, i) => (i % 2 === 1 ? `\\texttt{${texEscape(part)}}` : texEscape(part)))
    .join('');
}

// Widths of Computer Modern / Latin Modern Roman glyphs at 10 pt (from the cmr10 metrics), for laying
// out tables before TeX sees them; unknown characters count as an em. Multiplied by size / 10.
const CM10: Record<string, number> = {
  a: 5,
  b: 5.56,
  c: 4.44,
  d: 5.56,
  e: 4.44,
  f: 3.06,
  g: 5,
  h: 5.56,
  i: 2.78,
  j: 3.06,
  k: 5.28,
  l: 2.78,
  m: 8.33,
  n: 5.56,
  o: 5,
  p: 5.56,
  q: 5.28,
  r: 3.92,
  s: 3.94,
  t: 3.89,
  u: 5.56,
  v: 5.28,
  w: 7.22,
  x: 5.28,
  y: 5.28,
  z: 4.44,
  ' ': 3.33,
  '.': 2.78,
  ',': 2.78,
  ':': 2.78,
  ';': 2.78,
  '-': 3.33,
  '(': 3.89,
  ')': 3.89,
  '[': 2.78,
  ']': 2.78,
  '/': 5,
  '%': 8.33,
  '+': 7.78,
  '=': 7.78,
  '×': 7.78,
  '−': 7.78,
  µ: 6.03,
  Δ: 8.33,
  '–': 5,
  '—': 10,
  '·': 2.78,
  '≈': 7.78,
  '→': 10,
  _: 5,
  '#': 8.33,
  '&': 7.78,
  "'": 2.78,
  '"': 5,
  '~': 5,
  '|': 2.78,
};

/** Estimated width in points of `s` typeset at `sizePt` (8 = \footnotesize of a 10 pt paper), 3% margin. */
export function texWidthPt(s: string, sizePt = 8): number {
  let w = 0;
  for (const ch of s) {
    const known = CM10[ch];
    w += known ?? (/[0-9]/.test(ch) ? 5 : /[A-Z]/.test(ch) ? 7.3 : 10);
  }
  return (w * sizePt * 1.06) / 10;
}

/** Layout constants of the tables: \footnotesize (8 pt) with \tabcolsep 3 pt in a 10 pt paper. */
const SIZE_PT = 8;
const COLSEP_PT = 3;
/** \columnwidth of \documentclass[10pt,twocolumn]{article} (IEEEtran: 252 pt, acmart: 241 pt). */
export const COLUMN_WIDTH_PT = 229.5;
/** \textwidth of the full report (A4, 1.5 cm margins = 18 cm): a 7 in page-width chart fits. */
const REPORT_WIDTH_PT = 510;
/** Chart sizes are PostScript points (1/72 in, TeX's bp); a TeX pt is 1/72.27 in. */
const BP_PT = 72.27 / 72;
const MIN_PARAGRAPH_PT = 60;

interface ColumnLayout {
  readonly index: number;
  readonly align: 'l' | 'r';
  /** Width of a wrapped text column (p{…}), or undefined for natural width. */
  readonly wrapPt?: number;
  readonly widthPt: number;
  readonly head: readonly string[];
}

/** Header lines: the title wrapped to about the data's width, the unit on a line of its own. */
function headLines(title: string, unit: string | undefined, widthPt: number): string[] {
  const lines: string[] = [];
  // a word wider than the column breaks after its hyphens ("intel-" / "skylake")
  const words = title.split(' ').flatMap((w) => (texWidthPt(w, SIZE_PT) > widthPt ? w.split(/(?<=-)/) : [w]));
  for (const word of words) {
    const last = lines.at(-1);
    const joined = last?.endsWith('-') ? `${last}${word}` : `${last} ${word}`;
    if (last !== undefined && texWidthPt(joined, SIZE_PT) <= Math.max(widthPt, texWidthPt(word, SIZE_PT))) lines[lines.length - 1] = joined;
    else lines.push(word);
  }
  if (unit) lines.push(`(${unit})`);
  return lines;
}

/** Per column: alignment, natural width and header lines; text longer than `maxTextPt` wraps. */
function columnLayouts(t: Table, texts: readonly (readonly string[])[], maxTextPt: number): ColumnLayout[] {
  return t.columns.map((c, i) => {
    const numeric = t.rows.some((r) => r[i] && isNumericCell(r[i]!));
    const data = Math.max(0, ...texts.map((r) => texWidthPt(r[i] ?? '', SIZE_PT)));
    const head = headLines(c.title, c.unit, Math.max(data, 24));
    const headW = Math.max(...head.map((h) => texWidthPt(h, SIZE_PT)));
    const natural = Math.max(data, headW);
    if (!numeric && natural > maxTextPt) return { index: i, align: 'l', wrapPt: maxTextPt, widthPt: maxTextPt, head: headLines(c.title, c.unit, maxTextPt) };
    return { index: i, align: numeric ? 'r' : 'l', widthPt: natural, head };
  });
}

/**
 * Splits the columns into parts that fit `budgetPt`: the leading text columns (the row's key, e.g.
 * model and variant) repeat in every part, the others are packed in order. A text column too wide for
 * what is left wraps in a p{…} column.
 */
export function splitColumns(t: Table, budgetPt: number): ColumnLayout[][] {
  const texts = t.rows.map((r) => r.map(formatCell));
  const cols = columnLayouts(t, texts, Math.max(MIN_PARAGRAPH_PT, budgetPt / 2));
  const width = (cs: readonly ColumnLayout[]) =>
    groupRuns(t, cs).reduce((a, run) => a + runWidth(t, run), 0) + COLSEP_PT * 2 * Math.max(0, groupRuns(t, cs).length - 1);
  let nKeys = 0;
  while (
    nKeys < Math.min(2, cols.length - 1) &&
    cols[nKeys]!.align === 'l' &&
    !cols[nKeys]!.wrapPt &&
    !t.columns[nKeys]!.group &&
    width(cols.slice(0, nKeys + 1)) < budgetPt / 2
  )
    nKeys++;
  const keys = cols.slice(0, nKeys);
  const parts: ColumnLayout[][] = [];
  let cur: ColumnLayout[] = [];
  // a group's columns stay together
  for (const run of groupRuns(t, cols.slice(nKeys))) {
    const room = budgetPt - width(keys) - COLSEP_PT * 2;
    const fitted = run.map((c) => {
      const wrapTo = Math.max(MIN_PARAGRAPH_PT, room);
      if (!c.wrapPt && c.align === 'l' && c.widthPt > room)
        return { ...c, wrapPt: wrapTo, widthPt: wrapTo, head: headLines(t.columns[c.index]!.title, t.columns[c.index]!.unit, wrapTo) };
      if (c.wrapPt && c.widthPt > room) return { ...c, wrapPt: wrapTo, widthPt: wrapTo };
      return c;
    });
    if (cur.length && width([...keys, ...cur, ...fitted]) > budgetPt) {
      parts.push([...keys, ...cur]);
      cur = [];
    }
    cur.push(...fitted);
  }
  if (cur.length || !parts.length) parts.push([...keys, ...cur]);
  return parts;
}

/** Consecutive columns of the same group (a column without a group is a run of its own). */
function groupRuns(t: Table, cols: readonly ColumnLayout[]): ColumnLayout[][] {
  const runs: ColumnLayout[][] = [];
  for (const c of cols) {
    const g = t.columns[c.index]!.group;
    const last = runs.at(-1);
    if (g !== undefined && last && t.columns[last[0]!.index]!.group === g) last.push(c);
    else runs.push([c]);
  }
  return runs;
}

/** A group's header: one line, or two split at the hyphen nearest the middle when wider than its columns. */
function groupLines(group: string, spanPt: number): string[] {
  if (texWidthPt(group, SIZE_PT) <= spanPt) return [group];
  const cuts = [...group.matchAll(/-/g)].map((m) => m.index!);
  if (!cuts.length) return [group];
  const mid = cuts.reduce((a, b) => (Math.abs(b - group.length / 2) < Math.abs(a - group.length / 2) ? b : a));
  return [group.slice(0, mid + 1), group.slice(mid + 1)];
}

function runWidth(t: Table, run: readonly ColumnLayout[]): number {
  const cols = run.reduce((a, c) => a + c.widthPt, 0) + COLSEP_PT * 2 * (run.length - 1);
  const g = t.columns[run[0]!.index]!.group;
  return g === undefined ? cols : Math.max(cols, ...groupLines(g, cols).map((l) => texWidthPt(l, SIZE_PT)));
}

function headCell(c: ColumnLayout): string {
  const lines = c.head.map(texEscape);
  return lines.length === 1 ? lines[0]! : `\\begin{tabular}[b]{@{}${c.align}@{}}${lines.join(' \\\\ ')}\\end{tabular}`;
}

function colSpec(c: ColumnLayout): string {
  return c.wrapPt ? `>{\\raggedright\\arraybackslash}p{${c.wrapPt.toFixed(0)}pt}` : c.align;
}

/** The spanning header row of grouped columns and its \\cmidrules ([] when no column has a group). */
function groupHead(t: Table, cols: readonly ColumnLayout[]): string[] {
  const runs = groupRuns(t, cols);
  if (!runs.some((r) => t.columns[r[0]!.index]!.group !== undefined)) return [];
  const cells: string[] = [];
  const rules: string[] = [];
  let at = 1;
  for (const run of runs) {
    const g = t.columns[run[0]!.index]!.group;
    if (g === undefined) cells.push(...run.map(() => ''));
    else {
      const span = run.reduce((a, c) => a + c.widthPt, 0) + COLSEP_PT * 2 * (run.length - 1);
      const lines = groupLines(g, span).map(texEscape);
      cells.push(`\\multicolumn{${run.length}}{c}{${lines.length === 1 ? lines[0] : `\\begin{tabular}[b]{@{}c@{}}${lines.join(' \\\\ ')}\\end{tabular}`}}`);
      rules.push(`\\cmidrule(lr){${at}-${at + run.length - 1}}`);
    }
    at += run.length;
  }
  return [`${cells.join(' & ')} \\\\`, rules.join(' ')];
}

function tabularLines(t: Table, cols: readonly ColumnLayout[], rows: readonly (readonly string[])[], env: 'tabular' | 'longtable'): string[] {
  const spec = `@{}${cols.map(colSpec).join('')}@{}`;
  const head = [...groupHead(t, cols), `${cols.map(headCell).join(' & ')} \\\\`].join('\n');
  const body = rows.map((r) => `${cols.map((c) => texEscape(r[c.index] ?? '')).join(' & ')} \\\\`);
  if (env === 'tabular') return [`\\begin{tabular}{${spec}}`, '\\toprule', head, '\\midrule', ...body, '\\bottomrule', '\\end{tabular}'];
  return [`\\begin{longtable}{${spec}}`, '\\toprule', head, '\\midrule', '\\endhead', '\\bottomrule', '\\endfoot', ...body, '\\end{longtable}'];
}

/** The rows of one column part split into floats by their estimated height (wrapped cells, header, notes). */
function rowParts(t: Table, cols: readonly ColumnLayout[], texts: readonly (readonly string[])[], budgetPt: number): (readonly string[])[][] {
  if (!texts.length) return [[]];
  const measure = (s: string) => texWidthPt(s, SIZE_PT);
  const lines = texts.map((r) => Math.max(1, ...cols.map((c) => (c.wrapPt ? wrappedLines(r[c.index] ?? '', c.wrapPt, measure) : 1))));
  const head = Math.max(...cols.map((c) => c.head.length)) + (groupHead(t, cols).length ? 2 : 0);
  const notes = t.notes.reduce((a, x) => a + wrappedLines(x, budgetPt, (s) => texWidthPt(s, 7)), 0);
  return floatRowParts(texts, lines, head, notes);
}

/** The packages the table snippets need (booktabs rules; array for wrapped text columns). */
export const SNIPPET_PACKAGES = ['booktabs', 'array'] as const;

/**
 * One table as a snippet for a paper (`tables/<id>.tex`): `table` floats with a booktabs tabular that
 * fits one column of a 10 pt two-column paper. Too wide: split by columns (the key columns repeat);
 * too long: split by rows. Each part has its caption and \label (tab:<id>, tab:<id>-2, …).
 */
export function renderTableSnippet(t: Table, budgetPt = COLUMN_WIDTH_PT): string {
  const texts = t.rows.map((r) => r.map(formatCell));
  const parts = splitColumns(t, budgetPt).map((cols) => ({ cols, rows: rowParts(t, cols, texts, budgetPt) }));
  const n = parts.reduce((a, p) => a + p.rows.length, 0);
  const byCols = parts.length > 1;
  const byRows = parts.some((p) => p.rows.length > 1);
  const out = [
    `% ${texEscape(t.title).replace(/\n/g, ' ')} (addersim table "${t.id}")`,
    `% preamble: \\usepackage{${SNIPPET_PACKAGES.join(',')}}`,
    `% fits \\columnwidth of a 10 pt two-column paper (${budgetPt} pt)${n > 1 ? `; split into ${n} tables (${byCols ? 'columns' : ''}${byCols && byRows ? ' and ' : ''}${byRows ? 'rows' : ''})` : ''}`,
  ];
  let k = 0;
  for (const { cols, rows: chunks } of parts) {
    for (const rows of chunks) {
      k++;
      const label = k === 1 ? `tab:${t.id}` : `tab:${t.id}-${k}`;
      const caption = n > 1 ? `${texInline(captionText(t.title))} (${k} of ${n})` : texInline(captionText(t.title));
      out.push(
        '\\begin{table}[tbp]',
        '\\centering\\footnotesize\\setlength{\\tabcolsep}{3pt}',
        `\\caption{${caption}}\\label{${label}}`,
        ...tabularLines(t, cols, rows, 'tabular'),
        ...(k === n && t.notes.length ? ['\\par\\smallskip\\raggedright\\scriptsize', ...t.notes.map((x) => `${texInline(x)}\\par`)] : []),
        '\\end{table}',
      );
    }
  }
  return `${out.join('\n')}\n`;
}

/** A table of the full report: longtables (they break across pages) at the page width, split by columns. */
export function renderTableLatex(t: Table, budgetPt = REPORT_WIDTH_PT): string {
  const texts = t.rows.map((r) => r.map(formatCell));
  const parts = splitColumns(t, budgetPt);
  const out: string[] = [];
  parts.forEach((cols, i) => {
    const caption = parts.length > 1 ? `${texInline(captionText(t.title))} (${i + 1} of ${parts.length})` : texInline(captionText(t.title));
    out.push(
      '{\\footnotesize\\setlength{\\tabcolsep}{3pt}',
      ...tabularLines(t, cols, texts, 'longtable').flatMap((l, j) =>
        j === 0 ? [l, `\\caption{${caption}}\\label{tab:${t.id}${i ? `-${i + 1}` : ''}}\\\\`] : [l],
      ),
      '}',
    );
  });
  if (t.notes.length) out.push('{\\footnotesize', ...t.notes.map((x) => `${texInline(x)}\\par`), '}');
  return out.join('\n');
}

function manifestLatex(m: Manifest): string {
  const itemsTex = (title: string, xs: readonly string[]) =>
    xs.length ? [`\\paragraph{${texEscape(title)}}`, '\\begin{itemize}\\footnotesize', ...xs.map((x) => `\\item ${x}`), '\\end{itemize}'] : [];
  const items = (title: string, xs: readonly string[]) => itemsTex(title, xs.map(texEscape));
  // a hash may break every 16 digits (a 64-digit word cannot fit beside its file name)
  const hash = (h: string) => `\\texttt{${(h.match(/.{1,16}/g) ?? []).join('\\allowbreak ')}}`;
  return [
    `addersim ${texEscape(m.addersimVersion)}`,
    ...itemsTex(
      'Models',
      m.models.map((x) => `${texEscape(x.name)} (${texEscape(x.source)}${x.sha256 ? `, sha256 ${hash(x.sha256)}` : ''})`),
    ),
    ...itemsTex(
      'CPU profiles',
      m.profiles.map((x) => `${texEscape(x.name)}: ${texEscape(x.file)}, sha256 ${hash(x.sha256)}`),
    ),
    ...itemsTex(
      'Energy tables',
      m.energyTables.map((x) => `${texEscape(x.name)}: ${texEscape(x.file)}, sha256 ${hash(x.sha256)}`),
    ),
    ...items('Conventions', m.conventions),
    ...items('Schedulers', m.schedulers),
    ...items('Lowering', m.lowering),
    ...items('Energy', m.energy),
    ...items('Extrapolated numbers', m.extrapolated),
    ...items('Notes', m.notes),
  ].join('\n');
}

/** A complete document; charts are included as `charts/<id>.pdf` when `withCharts`. */
export function renderLatex(r: Report, opts: { withCharts?: boolean; chartDir?: string } = {}): string {
  const withCharts = opts.withCharts ?? true;
  const dir = opts.chartDir ?? 'charts';
  const out = [
    '% Generated by addersim; compiles with pdflatex (texlive-latex-recommended: array, booktabs, longtable, graphicx, amssymb).',
    '\\documentclass[10pt,a4paper]{article}',
    '\\usepackage[margin=1.5cm]{geometry}',
    '\\usepackage{array,booktabs,longtable,graphicx,amssymb}',
    '\\usepackage[hidelinks]{hyperref}',
    '\\sloppy',
    `\\title{${texEscape(r.title)}}`,
    '\\date{}',
    '\\begin{document}',
    '\\maketitle',
  ];
  for (const s of r.sections) {
    out.push(`\\section{${texEscape(s.title)}}`);
    for (const p of s.paragraphs) out.push(texInline(p), '');
    for (const t of s.tables) out.push(renderTableLatex(t), '');
    if (s.charts.length) out.push('\\clearpage', '');
    if (withCharts) {
      // at natural size (the fonts print at the sizes the chart was made for); two column-wide charts
      // side by side (the per-CPU small multiples), each in a minipage with its own caption
      const caption = (c: ChartSpec) =>
        `\\caption{${texInline(captionText(c.title))}${c.notes.length ? ` --- ${c.notes.map(texInline).join('; ')}` : ''}}\\label{fig:${c.id}}`;
      const half = (c: ChartSpec | undefined) => c !== undefined && c.widthPt * 2 * BP_PT + 2 <= REPORT_WIDTH_PT;
      for (let i = 0; i < s.charts.length; i++) {
        const c = s.charts[i]!;
        const next = s.charts[i + 1];
        if (half(c) && half(next)) {
          const mini = (x: ChartSpec) => [
            `\\begin{minipage}[t]{${x.widthPt}bp}\\centering`,
            `\\includegraphics{${dir}/${x.id}.pdf}`,
            caption(x),
            '\\end{minipage}',
          ];
          out.push('\\begin{figure}[htbp]\\centering', ...mini(c), '\\hfill', ...mini(next!), '\\end{figure}', '');
          i++;
        } else out.push('\\begin{figure}[htbp]\\centering', `\\includegraphics{${dir}/${c.id}.pdf}`, caption(c), '\\end{figure}', '');
      }
    }
  }
  out.push('\\section*{Manifest}', manifestLatex(r.manifest), '\\end{document}');
  return `${out.join('\n')}\n`;
}
