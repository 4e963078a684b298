// The explorer's live profile editor: per-form latency / throughput / µop controls with a tie slider per
// op, and the machine's widths; edits go to the page as overrides (page.ts owns the settings and the runs).

import type { ExploreResult, FormUse } from '../engine.ts';
import { $, el, fillSelect } from './dom.ts';
import { groupByOp } from './view-model.ts';

/** What the editor needs from the page: the current overrides, and a run with a settings patch. */
export interface EditorHost {
  overrides(): Readonly<Record<string, number>>;
  request(patch: Record<string, unknown>): void;
}

// ── the editor ───────────────────────────────────────────────────────────────────────────
const FIELDS = [
  { field: 'latency', title: 'latency', max: 64 },
  { field: 'rthroughput', title: '1/thr.', max: 16 },
  { field: 'uopCycles', title: 'µop cyc.', max: 16 },
] as const;

/** The concrete numbers the current overrides set (from the last result: ties and globs expanded). */
let edits: Readonly<Record<string, number>> = {};

/** The overrides an edit starts from: as given, or, when a tie or glob is among them, the concrete numbers
 *  it set (so one number of a glob can be changed or reset without losing the others). */
function editableOverrides(host: EditorHost): Record<string, number> {
  const o = host.overrides();
  return Object.keys(o).some((k) => k.includes('*') || k.includes(',')) ? { ...edits } : { ...o };
}

function setOverride(host: EditorHost, path: string, value: number | undefined): void {
  const o = editableOverrides(host);
  if (value === undefined) delete o[path];
  else o[path] = value;
  host.request({ overrides: o });
}

function sourcedOf(f: FormUse, field: (typeof FIELDS)[number]['field']): number {
  return field === 'latency' ? f.latency : field === 'rthroughput' ? f.rthroughput : f.uopCycles;
}

function numberControl(host: EditorHost, path: string, sourced: number, max: number, step: string, slider = true): HTMLElement {
  const range = el('input', { type: 'range', min: step === '1' ? '1' : '0.25', max: String(max), step, 'data-path': path, 'aria-label': path });
  const box = el('input', { type: 'number', min: '0', step, 'data-path': path, class: 'num', 'aria-label': path });
  range.addEventListener('input', () => {
    box.value = range.value;
    setOverride(host, path, Number(range.value));
  });
  box.addEventListener('change', () => setOverride(host, path, box.value === '' ? undefined : Number(box.value)));
  const reset = el('button', { class: 'reset', title: `reset to the sourced value ${sourced}` }, '↺');
  reset.addEventListener('click', () => setOverride(host, path, undefined));
  return el('span', { class: 'ctl', 'data-path': path, 'data-sourced': String(sourced) }, slider ? range : '', box, reset);
}

/**
 * Values, marks and counts of the editor from the numbers the overrides set, in place: the control being dragged or typed
 * in keeps its element (rebuilding it would end the drag) and its value.
 */
function updateEditor(): void {
  const overrides = edits;
  for (const ctl of document.querySelectorAll<HTMLElement>('#editor .ctl')) {
    const path = ctl.dataset.path!;
    const sourced = Number(ctl.dataset.sourced);
    const edited = Object.hasOwn(overrides, path);
    const value = overrides[path] ?? sourced;
    ctl.classList.toggle('edited', edited);
    ctl.title = edited ? `edited (sourced: ${sourced})` : 'sourced value';
    for (const input of ctl.querySelectorAll('input')) {
      if (input.type === 'range' && Number(input.max) < value) input.max = String(value);
      if (input !== document.activeElement) input.value = String(value);
    }
  }
  for (const tie of document.querySelectorAll<HTMLInputElement>('#editor input[data-tie]')) {
    if (tie !== document.activeElement) tie.value = String(overrides[tie.dataset.tie!] ?? Number(tie.dataset.sourced));
  }
  const n = Object.keys(overrides).length;
  $('edits').textContent = n ? `${n} edited number${n > 1 ? 's' : ''} (marked)` : 'all numbers as sourced';
}

let editorKey = '';

/** Rebuilds the editor when what it lists changed (CPU, forms and their shares, machine fields), then updates it. */
export function renderEditor(r: ExploreResult, host: EditorHost): void {
  const machine = ['dispatchWidth', 'retireWidth', 'reorderBuffer', 'schedulerSize'].filter((k) => k in r.machine);
  const key = JSON.stringify([r.settings.cpu, r.forms.map((f) => [f.form, f.instructions]), machine]);
  if (key !== editorKey) {
    editorKey = key;
    buildEditor(r, machine, host);
  }
  edits = r.edits;
  updateEditor();
}

function buildEditor(r: ExploreResult, machine: readonly string[], host: EditorHost): void {
  const rows: HTMLElement[] = [];
  for (const [op, forms] of groupByOp(r.forms)) {
    const share = forms.reduce((a, f) => a + f.share, 0);
    // Tie: one slider sets the latency of every form of the op ("all FP multiply").
    const tie = el('input', {
      type: 'range',
      min: '1',
      max: '64',
      step: '1',
      'aria-label': `all ${op} latency`,
      'data-tie': `forms.${forms[0]!.form}.latency`,
      'data-sourced': String(forms[0]!.latency),
    });
    tie.addEventListener('input', () => {
      const o = editableOverrides(host);
      for (const f of forms) o[`forms.${f.form}.latency`] = Number(tie.value);
      host.request({ overrides: o });
    });
    rows.push(
      el(
        'tr',
        { class: 'group' },
        el('th', {}, op, el('br'), el('span', { class: 'share' }, `${(share * 100).toFixed(1)} % of instr.`)),
        el('td', { colspan: '3', class: 'tie' }, `all ${op.split(' ').reverse().join(' ')} latencies `, tie),
      ),
    );
    for (const f of forms) {
      rows.push(
        el(
          'tr',
          {},
          el('td', { class: 'form' }, f.form, el('br'), el('span', { class: 'share' }, `${(f.share * 100).toFixed(1)} %`)),
          ...FIELDS.map((x) =>
            el(
              'td',
              {},
              numberControl(host, `forms.${f.form}.${x.field}`, sourcedOf(f, x.field), x.max, x.field === 'latency' ? '1' : '0.25', x.field === 'latency'),
            ),
          ),
        ),
      );
      rows.push(el('tr', { class: 'src' }, el('td', { colspan: '4' }, `µops: ${f.ports} · source: ${f.source}`)));
    }
  }
  $('forms').replaceChildren(el('tr', {}, el('th', {}, 'form, share'), ...FIELDS.map((x) => el('th', {}, x.title))), ...rows);
  $('machine').replaceChildren(
    ...machine.map((k) =>
      el(
        'div',
        { class: 'mrow' },
        el('label', {}, k),
        numberControl(host, `machine.${k}`, r.machine[k]!, k === 'reorderBuffer' || k === 'schedulerSize' ? 512 : 12, '1'),
      ),
    ),
  );
  $('ports').textContent = `ports: ${r.ports.join(', ')}`;
  // the number chosen stays chosen when the new program still runs it; otherwise the first form's latency
  const paths = [...r.forms.map((f) => `forms.${f.form}.latency`), ...machine.map((k) => `machine.${k}`)];
  const chosen = ($('sweep-path') as HTMLSelectElement).value;
  fillSelect($('sweep-path'), paths, paths.includes(chosen) ? chosen : (paths[0] ?? ''));
}
