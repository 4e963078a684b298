// One self-contained HTML page: Chart.js inlined from node_modules (no network access), every chart
// drawn from the same config as the PNG/SVG/PDF files, tables sortable by clicking a header (sorts
// on the raw value in `data-v`, toggling ascending/descending), the manifest at the end.

import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { formatCell, isNumericCell, rawCell } from './format.ts';
import type { Manifest, Report, Table } from './report.ts';
import { chartConfig } from './charts/config.ts';
import { OVERLAY_SCRIPT } from './charts/overlay.ts';
import { PATTERN_SCRIPT } from './charts/patterns.ts';

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

/** JSON safe inside <script>: no `</script>`, no HTML comment openers, no U+2028/9 surprises. */
function scriptJson(x: unknown): string {
  return JSON.stringify(x).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

function tableHtml(t: Table, csv: boolean): string {
  const numeric = t.columns.map((_c, i) => t.rows.some((r) => r[i] && isNumericCell(r[i]!)));
  const head = t.columns
    .map((c, i) => `<th class="${numeric[i] ? 'num' : 'txt'}" data-type="${numeric[i] ? 'num' : 'txt'}" title="click to sort">${htmlEscape(c.unit ? `${c.title} (${c.unit})` : c.title)}</th>`)
    .join('');
  const rows = t.rows
    .map((r) => `<tr>${r.map((c, i) => {
      const raw = rawCell(c);
      return `<td class="${numeric[i] ? 'num' : 'txt'}" data-v="${htmlEscape(raw === null ? '' : String(raw))}">${htmlEscape(formatCell(c))}</td>`;
    }).join('')}</tr>`)
    .join('\n');
  const notes = t.notes.length ? `<ul class="notes">${t.notes.map((n) => `<li>${htmlEscape(n)}</li>`).join('')}</ul>` : '';
  return `<figure class="table" id="table-${t.id}"><figcaption>${htmlEscape(t.title)}${csv ? ` <a class="csv" href="tables/${t.id}.csv">CSV</a>` : ''}</figcaption>
<table class="sortable"><thead><tr>${head}</tr></thead><tbody>
${rows}
</tbody></table>${notes}</figure>`;
}

function manifestHtml(m: Manifest): string {
  const list = (title: string, xs: readonly string[]) => (xs.length ? `<h3>${htmlEscape(title)}</h3><ul>${xs.map((x) => `<li>${htmlEscape(x)}</li>`).join('')}</ul>` : '');
  return [
    `<p>addersim ${htmlEscape(m.addersimVersion)}</p>`,
    list('Models', m.models.map((x) => `${x.name} (${x.source}${x.sha256 ? `, sha256 ${x.sha256}` : ''})`)),
    list('CPU profiles', m.profiles.map((x) => `${x.name}: ${x.file} — sha256 ${x.sha256}`)),
    list('Energy tables', m.energyTables.map((x) => `${x.name}: ${x.file} — sha256 ${x.sha256}`)),
    list('Conventions', m.conventions),
    list('Schedulers', m.schedulers),
    list('Lowering', m.lowering),
    list('Energy', m.energy),
    list('Extrapolated numbers', m.extrapolated),
    list('Notes', m.notes),
  ].join('\n');
}

const STYLE = `body{font-family:system-ui,-apple-system,"DejaVu Sans",sans-serif;max-width:1100px;margin:2em auto;padding:0 1em;color:#111;line-height:1.4}
table{border-collapse:collapse;font-size:0.85em;margin:0.5em 0}th,td{padding:2px 8px;border-bottom:1px solid #ddd}
thead th{border-bottom:2px solid #333;cursor:pointer;user-select:none;white-space:nowrap}th.sorted-asc::after{content:" \\25B2"}th.sorted-desc::after{content:" \\25BC"}
.num{text-align:right;font-variant-numeric:tabular-nums}.txt{text-align:left}figure{margin:1.5em 0}figcaption{font-weight:bold;margin-bottom:0.3em}
.notes{font-size:0.8em;color:#444}canvas{max-width:100%;border:1px solid #eee}a.csv{font-weight:normal;font-size:0.8em;margin-left:0.5em}
nav ul{columns:2;font-size:0.9em}`;

const SCRIPT = `(function(){
  var configs = JSON.parse(document.getElementById('chart-configs').textContent);
  window.addersimCharts = {};
  Object.keys(configs).forEach(function(id){
    var canvas = document.getElementById('chart-' + id);
    window.addersimCharts[id] = new Chart(canvas.getContext('2d'), configs[id]);
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
    toc.push(`<li><a href="#${s.id}">${htmlEscape(s.title)}</a></li>`);
    body.push(`<section id="${s.id}"><h2>${htmlEscape(s.title)}</h2>`);
    for (const p of s.paragraphs) body.push(`<p>${htmlEscape(p)}</p>`);
    for (const c of s.charts) {
      configs[c.id] = chartConfig(c, 1.4, true);
      const w = Math.round(c.widthPt * 1.4), h = Math.round(c.heightPt * 1.4);
      const notes = c.notes.length ? `<ul class="notes">${c.notes.map((n) => `<li>${htmlEscape(n)}</li>`).join('')}</ul>` : '';
      body.push(`<figure class="chart"><canvas id="chart-${c.id}" width="${w}" height="${h}" role="img" aria-label="${htmlEscape(c.title)}"></canvas>
<figcaption>${htmlEscape(c.title)}${links.chartFormats.length ? ` — ${links.chartFormats.map((f) => `<a href="charts/${c.id}.${f}">${f.toUpperCase()}</a>`).join(' ')}` : ''}</figcaption>${notes}</figure>`);
    }
    for (const t of s.tables) body.push(tableHtml(t, links.csv));
    body.push('</section>');
  }
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${htmlEscape(r.title)}</title>
<style>${STYLE}</style>
</head><body>
<h1>${htmlEscape(r.title)}</h1>
<nav><ul>${toc.join('')}<li><a href="#manifest">Manifest</a></li></ul></nav>
${body.join('\n')}
<section id="manifest"><h2>Manifest</h2>${manifestHtml(r.manifest)}</section>
<script>${chartJsBundle()}</script>
<script>${PATTERN_SCRIPT}
Chart.register(${OVERLAY_SCRIPT});</script>
<script type="application/json" id="chart-configs">${scriptJson(configs)}</script>
<script>${SCRIPT}</script>
</body></html>
`;
}
