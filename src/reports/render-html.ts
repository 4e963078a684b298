// One self-contained HTML page: Chart.js inlined from node_modules (no network access), every chart
// drawn from the same config as the PNG/SVG/PDF files (scaled to the page, tooltips with units), tables
// sortable by clicking a header (sorts on the raw value in `data-v`, toggling ascending/descending) in
// boxes that scroll on their own so the page never scrolls sideways (1,280 px down to ~420 px), a
// contents bar that stays on top, the manifest at the end.

import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { captionText, formatCell, isNumericCell, rawCell } from './format.ts';
import { columnHeading, type Manifest, type Report, type Table } from './report.ts';
import { chartConfig } from './charts/config.ts';
import { OVERLAY_SCRIPT } from './charts/overlay.ts';

let chartJsSource: string | undefined;

/** The Chart.js UMD bundle, read once from node_modules/chart.js/dist/chart.umd.js. */
export function chartJsBundle(): string {
  if (chartJsSource === undefined) {
    const main = createRequire(import.meta.url).resolve('chart.js');
    chartJsSource = readFileSync(join(dirname(main), 'chart.umd.js'), 'utf8');
  }
  return chartJsSource;
}

export function htmlEscape(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** Report prose: Markdown inline code (`x`) as <code>, everything escaped. */
export function htmlInline(s: string): string {
  return s
    .split('`')
    .map((part, i) => (i % 2 === 1 ? `<code>${htmlEscape(part)}</code>` : htmlEscape(part)))
    .join('');
}

/** JSON safe inside <script>: no `</script>`, no HTML comment openers, no U+2028/9 surprises. */
function scriptJson(x: unknown): string {
  return JSON.stringify(x)
    .replace(/</g, '\\u003c')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

function tableHtml(t: Table, csv: boolean): string {
  const numeric = t.columns.map((_c, i) => t.rows.some((r) => r[i] && isNumericCell(r[i]!)));
  const head = t.columns
    .map(
      (c, i) =>
        `<th class="${numeric[i] ? 'num' : 'txt'}" data-type="${numeric[i] ? 'num' : 'txt'}" title="click to sort">${htmlEscape(columnHeading(c))}</th>`,
    )
    .join('');
  const rows = t.rows
    .map(
      (r) =>
        `<tr>${r
          .map((c, i) => {
            const raw = rawCell(c);
            return `<td class="${numeric[i] ? 'num' : 'txt'}" data-v="${htmlEscape(raw === null ? '' : String(raw))}">${htmlEscape(formatCell(c))}</td>`;
          })
          .join('')}</tr>`,
    )
    .join('\n');
  const notes = t.notes.length ? `<ul class="notes">${t.notes.map((n) => `<li>${htmlInline(n)}</li>`).join('')}</ul>` : '';
  return `<figure class="table" id="table-${t.id}"><figcaption>${htmlInline(captionText(t.title))}${csv ? ` <a class="csv" href="tables/${t.id}.csv">CSV</a>` : ''}</figcaption>
<div class="scroll${t.rows.length > 24 ? ' tall' : ''}"><table class="sortable"><thead><tr>${head}</tr></thead><tbody>
${rows}
</tbody></table></div>${notes}</figure>`;
}

function manifestHtml(m: Manifest): string {
  const list = (title: string, xs: readonly string[]) =>
    xs.length ? `<h3>${htmlEscape(title)}</h3><ul>${xs.map((x) => `<li>${htmlEscape(x)}</li>`).join('')}</ul>` : '';
  return [
    `<p>addersim ${htmlEscape(m.addersimVersion)}</p>`,
    list(
      'Models',
      m.models.map((x) => `${x.name} (${x.source}${x.sha256 ? `, sha256 ${x.sha256}` : ''})`),
    ),
    list(
      'CPU profiles',
      m.profiles.map((x) => `${x.name}: ${x.file} — sha256 ${x.sha256}`),
    ),
    list(
      'Energy tables',
      m.energyTables.map((x) => `${x.name}: ${x.file} — sha256 ${x.sha256}`),
    ),
    list('Conventions', m.conventions),
    list('Schedulers', m.schedulers),
    list('Lowering', m.lowering),
    list('Energy', m.energy),
    list('Extrapolated numbers', m.extrapolated),
    list('Notes', m.notes),
  ].join('\n');
}

/** HTML canvas pixels per chart point. */
const HTML_SCALE = 1.6;

const STYLE = `*{box-sizing:border-box}html{scroll-padding-top:4.5em}
body{font-family:system-ui,-apple-system,"DejaVu Sans",sans-serif;max-width:1100px;margin:0 auto 2em;padding:0 1em;color:#111;line-height:1.4;overflow-wrap:anywhere}
h1{font-size:1.5em}h2{font-size:1.25em;border-bottom:1px solid #ccc}
nav.contents{position:sticky;top:0;z-index:2;background:#fff;border-bottom:1px solid #ccc;padding:0.4em 0;display:flex;flex-wrap:wrap;gap:0.2em 1em;font-size:0.9em}
nav.contents a{text-decoration:none}nav.contents a:hover{text-decoration:underline}
.scroll{overflow-x:auto;max-width:100%}.scroll.tall{max-height:70vh;overflow-y:auto}
table{border-collapse:collapse;font-size:0.85em;margin:0.5em 0}th,td{padding:2px 8px;border-bottom:1px solid #ddd;overflow-wrap:normal}
thead th{position:sticky;top:0;background:#fff;border-bottom:2px solid #333;cursor:pointer;user-select:none;white-space:nowrap}th.sorted-asc::after{content:" \\25B2"}th.sorted-desc::after{content:" \\25BC"}
td.num{white-space:nowrap}td.txt{min-width:6em}
.num{text-align:right;font-variant-numeric:tabular-nums}.txt{text-align:left}figure{margin:1.5em 0}figcaption{font-weight:bold;margin-bottom:0.3em}
.charts{display:flex;flex-wrap:wrap;gap:0 1.5em;align-items:flex-start}.charts figure.chart{flex:0 1 auto;max-width:100%}
.notes{font-size:0.8em;color:#444}.chart-box{position:relative;width:100%}canvas{display:block;max-width:100%}a.csv{font-weight:normal;font-size:0.8em;margin-left:0.5em}
code{font-size:0.9em;background:#f4f4f4;padding:0 0.2em}
@media (max-width:600px){body{padding:0 0.5em}nav.contents{position:static}html{scroll-padding-top:0}table{font-size:0.75em}th,td{padding:2px 4px}}`;

const SCRIPT = `(function(){
  var configs = JSON.parse(document.getElementById('chart-configs').textContent);
  window.addersimCharts = {};
  Object.keys(configs).forEach(function(id){
    var canvas = document.getElementById('chart-' + id);
    var cfg = configs[id];
    var unit = cfg.options.plugins.addersimUnit;
    cfg.options.plugins.tooltip.callbacks = { label: function(ctx){
      var v = ctx.raw, x = (v && typeof v === 'object') ? (Array.isArray(v) ? v[1] : v.y) : v;
      var text = typeof x === 'number' ? x.toLocaleString('en-US', { maximumSignificantDigits: 4 }) : String(x);
      var iv = ctx.dataset.addersimIntervals && ctx.dataset.addersimIntervals[ctx.dataIndex];
      if (iv) text += ' (' + iv[0].toLocaleString('en-US', { maximumSignificantDigits: 3 }) + '\u2013' + iv[1].toLocaleString('en-US', { maximumSignificantDigits: 3 }) + ')';
      return ctx.dataset.label + ': ' + text + (unit ? ' ' + unit : '');
    } };
    window.addersimCharts[id] = new Chart(canvas.getContext('2d'), cfg);
  });
  function key(td, type){ var v = td.getAttribute('data-v'); if (type === 'num') { return v === '' ? -Infinity : Number(v); } return v; }
  document.querySelectorAll('table.sortable thead th').forEach(function(th){
    var col = th.cellIndex;
    th.addEventListener('click', function(){
      var table = th.closest('table'), tbody = table.tBodies[0], type = th.getAttribute('data-type');
      var asc = !th.classList.contains('sorted-asc');
      table.querySelectorAll('thead th').forEach(function(h){ h.classList.remove('sorted-asc', 'sorted-desc'); });
      th.classList.add(asc ? 'sorted-asc' : 'sorted-desc');
      var rows = Array.prototype.slice.call(tbody.rows);
      rows.sort(function(a, b){
        var x = key(a.cells[col], type), y = key(b.cells[col], type);
        var c = type === 'num' ? x - y : String(x).localeCompare(String(y));
        return asc ? c : -c;
      });
      rows.forEach(function(r){ tbody.appendChild(r); });
    });
  });
})();`;

/** Which sibling files exist (links are only made to those): chart image formats and CSV tables. */
export interface HtmlLinks {
  readonly chartFormats: readonly ('png' | 'svg' | 'pdf')[];
  readonly csv: boolean;
}

export function renderHtml(r: Report, links: HtmlLinks = { chartFormats: ['png', 'svg', 'pdf'], csv: true }): string {
  const configs: Record<string, unknown> = {};
  const body: string[] = [];
  const toc: string[] = [];
  for (const s of r.sections) {
    toc.push(`<a href="#${s.id}">${htmlEscape(s.title)}</a>`);
    body.push(`<section id="${s.id}"><h2>${htmlEscape(s.title)}</h2>`);
    for (const p of s.paragraphs) body.push(`<p>${htmlInline(p)}</p>`);
    if (s.charts.length) body.push('<div class="charts">');
    for (const c of s.charts) {
      // drawn at 1.6 × its point size (≈ 13 px text) and scaled with the page (never wider than the text column)
      const base = chartConfig(c, HTML_SCALE, true);
      configs[c.id] = { ...base, options: { ...base.options, responsive: true, maintainAspectRatio: true, aspectRatio: c.widthPt / c.heightPt } };
      const w = Math.round(c.widthPt * HTML_SCALE),
        h = Math.round(c.heightPt * HTML_SCALE);
      const notes = c.notes.length ? `<ul class="notes">${c.notes.map((n) => `<li>${htmlInline(n)}</li>`).join('')}</ul>` : '';
      body.push(`<figure class="chart" style="width:${w}px"><div class="chart-box"><canvas id="chart-${c.id}" width="${w}" height="${h}" role="img" aria-label="${htmlEscape(c.title)}"></canvas></div>
<figcaption>${htmlEscape(captionText(c.title))}${links.chartFormats.length ? ` — ${links.chartFormats.map((f) => `<a href="charts/${c.id}.${f}">${f.toUpperCase()}</a>`).join(' ')}` : ''}</figcaption>${notes}</figure>`);
    }
    if (s.charts.length) body.push('</div>');
    for (const t of s.tables) body.push(tableHtml(t, links.csv));
    body.push('</section>');
  }
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${htmlEscape(r.title)}</title>
<style>${STYLE}</style>
</head><body>
<h1>${htmlEscape(r.title)}</h1>
<nav class="contents" aria-label="contents">${toc.join('')}<a href="#manifest">Manifest</a></nav>
${body.join('\n')}
<section id="manifest"><h2>Manifest</h2>${manifestHtml(r.manifest)}</section>
<script>${chartJsBundle()}</script>
<script>Chart.register(${OVERLAY_SCRIPT});</script>
<script type="application/json" id="chart-configs">${scriptJson(configs)}</script>
<script>${SCRIPT}</script>
</body></html>
`;
}
