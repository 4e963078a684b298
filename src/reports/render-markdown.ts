// Markdown rendering: GitHub tables (numbers right-aligned), notes as lists, charts as image links
// to `charts/<id>.svg` beside the file, and the manifest at the end:
//   | Model | Variant | Cycles |
//   |:---|:---|---:|
//   | resnet20 | cnn | 2,610,000 |

import { formatCell, isNumericCell } from './format.ts';
import { columnHeading, type Manifest, type Report, type Table } from './report.ts';

function esc(s: string): string {
  return s.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

export function renderTableMarkdown(t: Table): string {
  const numeric = t.columns.map((_c, i) => t.rows.some((r) => r[i] && isNumericCell(r[i]!)));
  const head = `| ${t.columns.map((c) => esc(columnHeading(c))).join(' | ')} |`;
  const rule = `|${numeric.map((n) => (n ? '---:' : ':---')).join('|')}|`;
  const rows = t.rows.map((r) => `| ${r.map((c) => esc(formatCell(c))).join(' | ')} |`);
  const notes = t.notes.map((n) => `- ${n}`);
  return [`**${esc(t.title)}**`, '', head, rule, ...rows, ...(notes.length ? ['', ...notes] : [])].join('\n');
}

export function renderManifestMarkdown(m: Manifest): string {
  const list = (title: string, xs: readonly string[]) => (xs.length ? [`**${title}**`, '', ...xs.map((x) => `- ${x}`), ''] : []);
  return [
    `addersim ${m.addersimVersion}`,
    '',
    ...list(
      'Models',
      m.models.map((x) => `${x.name} (${x.source}${x.sha256 ? `, sha256 ${x.sha256}` : ''})`),
    ),
    ...list(
      'CPU profiles',
      m.profiles.map((x) => `${x.name}: \`${x.file}\` sha256 ${x.sha256}`),
    ),
    ...list(
      'Energy tables',
      m.energyTables.map((x) => `${x.name}: \`${x.file}\` sha256 ${x.sha256}`),
    ),
    ...list('Conventions', m.conventions),
    ...list('Schedulers', m.schedulers),
    ...list('Lowering', m.lowering),
    ...list('Energy', m.energy),
    ...list('Extrapolated numbers', m.extrapolated),
    ...list('Notes', m.notes),
  ].join('\n');
}

/** `chartFormat`: the image format charts link to (none: charts are listed by title only). */
export function renderMarkdown(r: Report, opts: { chartDir?: string; chartFormat?: 'svg' | 'png' | null } = {}): string {
  const dir = opts.chartDir ?? 'charts';
  const fmt = opts.chartFormat === undefined ? 'svg' : opts.chartFormat;
  const out: string[] = [`# ${r.title}`, ''];
  for (const s of r.sections) {
    out.push(`## ${s.title}`, '');
    for (const p of s.paragraphs) out.push(p, '');
    for (const t of s.tables) out.push(renderTableMarkdown(t), '');
    for (const c of s.charts)
      out.push(
        fmt ? `![${esc(c.title)}](${dir}/${c.id}.${fmt})` : `*Chart: ${esc(c.title)}*`,
        '',
        ...c.notes.map((n) => `- ${n}`),
        ...(c.notes.length ? [''] : []),
      );
  }
  out.push('## Manifest', '', renderManifestMarkdown(r.manifest));
  return `${out.join('\n').trimEnd()}\n`;
}
