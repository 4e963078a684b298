// The explorer page: controls, the live profile editor, results and charts (Chart.js), the URL hash
// and the automation hook `window.addersim`. Every number comes from the engine worker; the page only
// formats and draws.

import workerSource from 'addersim-explorer:worker-source';
import type { ExploreResult, ExploreSettings } from '../engine.ts';
import type { AcrossRow, InitInfo, Reply, Request, SweepPoint } from './protocol.ts';
import { Chart, layerSvg, showChart, type ResultJson } from './charts.ts';
import { $, download, downloadUrl, el, fillSelect, fmt } from './dom.ts';
import { renderEditor, type EditorHost } from './editor.ts';
import { crossingOf, csvOf, hashOf, joinParts, settingsFromHash } from './view-model.ts';

// ── the workers ──────────────────────────────────────────────────────────────────────────────────
// One engine per core (up to one per variant): a run splits the variants between them. Every worker
// sees every settings patch and file, so all hold the same settings and models.
const WORKERS = Math.max(1, Math.min(3, navigator.hardwareConcurrency || 1));
const workerUrl = URL.createObjectURL(new Blob([workerSource], { type: 'text/javascript' }));
let nextId = 1;
const waiting = new Map<number, (r: Reply) => void>();
const workers = Array.from({ length: WORKERS }, () => {
  const w = new Worker(workerUrl);
  w.onmessage = (ev: MessageEvent<Reply>) => {
    const done = waiting.get(ev.data.id);
    waiting.delete(ev.data.id);
    done?.(ev.data);
  };
  return w;
});
type Body<R> = R extends unknown ? Omit<R, 'id'> : never;
function askOne<T>(w: Worker, req: Body<Request>): Promise<T> {
  const id = nextId++;
  return new Promise<T>((resolve, reject) => {
    waiting.set(id, (r) => (r.ok ? resolve(r.value as T) : reject(Object.assign(new Error(r.error.message), r.error))));
    w.postMessage({ ...req, id } as Request);
  });
}
/** Asks the first worker. */
function ask<T>(req: Body<Request>): Promise<T> {
  return askOne<T>(workers[0]!, req);
}
/** Tells every worker (files, settings); answers with the first worker's reply. */
async function askAll<T>(req: Body<Request>): Promise<T> {
  const all = await Promise.allSettled(workers.map((w) => askOne<T>(w, req)));
  const bad = all.find((x) => x.status === 'rejected');
  if (bad) throw (bad as PromiseRejectedResult).reason;
  return (all[0] as PromiseFulfilledResult<T>).value;
}

/** One run on all workers, each taking its share of the variants; the parts joined in variant order. */
async function runOnAll(patch: Record<string, unknown>, lastGood: ExploreSettings | undefined): Promise<ExploreResult> {
  const parts = await Promise.allSettled(workers.map((w, part) => askOne<ExploreResult>(w, { type: 'run', patch, part, of: WORKERS })));
  const bad = parts.find((x) => x.status === 'rejected');
  if (bad) {
    // Some workers may have taken the patch: put them all back on the last good settings.
    if (lastGood) await Promise.allSettled(workers.map((w) => askOne(w, { type: 'sync', settings: lastGood })));
    throw (bad as PromiseRejectedResult).reason;
  }
  return joinParts(parts.map((x) => (x as PromiseFulfilledResult<ExploreResult>).value));
}

// ── state ────────────────────────────────────────────────────────────────────────────────────────
let info: InitInfo;
let settings: ExploreSettings;
let last: ExploreResult | undefined;
const loadedModels: string[] = [];

/** Runs are serialised: while one computes, later patches merge into one queued run (dragging never piles up). */
let running = false;
let queued: { patch: Record<string, unknown>; waiters: { resolve: (r: ExploreResult) => void; reject: (e: unknown) => void }[] } | undefined;

function request(patch: Record<string, unknown>): Promise<ExploreResult> {
  return new Promise((resolve, reject) => {
    if (queued) {
      queued.patch = { ...queued.patch, ...patch };
      queued.waiters.push({ resolve, reject });
    } else queued = { patch, waiters: [{ resolve, reject }] };
    if (!running) void pump();
  });
}

async function pump(): Promise<void> {
  while (queued) {
    const job = queued;
    queued = undefined;
    running = true;
    status('computing…', 'busy');
    try {
      const r = await runOnAll(job.patch, last?.settings);
      last = r;
      settings = r.settings;
      render(r);
      status(`${r.elapsedMs === undefined ? '' : `computed in ${Math.round(r.elapsedMs)} ms`}`, 'ok');
      job.waiters.forEach((w) => w.resolve(r));
    } catch (e) {
      status((e as Error).message, 'error');
      job.waiters.forEach((w) => w.reject(e));
    } finally {
      running = false;
    }
  }
}

// ── DOM helpers ──────────────────────────────────────────────────────────────────────────────────
function status(text: string, kind: 'ok' | 'busy' | 'error'): void {
  const s = $('status');
  s.textContent = text;
  s.className = kind;
}

// ── controls ─────────────────────────────────────────────────────────────────────────────────────
function syncControls(): void {
  fillSelect($('model'), [...info.models, ...loadedModels], settings.model);
  fillSelect($('cpu'), info.profiles, settings.cpu);
  ($('scheduler') as HTMLSelectElement).value = settings.scheduler;
  ($('lowering') as HTMLSelectElement).value = settings.lowering;
  ($('convert') as HTMLSelectElement).value = settings.convert;
  ($('dtype') as HTMLSelectElement).value = settings.dtype ?? '';
  for (const v of ['cnn', 'adder', 'bnn']) ($(`variant-${v}`) as HTMLInputElement).checked = settings.variants.includes(v as 'cnn');
}

function wireControls(): void {
  for (const id of ['model', 'cpu', 'scheduler', 'lowering', 'convert']) {
    $(id).addEventListener('change', (ev) => {
      const value = (ev.target as HTMLSelectElement).value;
      // A new CPU starts from its own sourced numbers: edits of another profile's forms do not carry over.
      void request(id === 'cpu' ? { cpu: value, overrides: {} } : { [id]: value }).catch(() => syncControls());
    });
  }
  $('dtype').addEventListener('change', (ev) => {
    const value = (ev.target as HTMLSelectElement).value;
    void request({ dtype: value === '' ? null : value }).catch(() => syncControls());
  });
  for (const v of ['cnn', 'adder', 'bnn']) {
    $(`variant-${v}`).addEventListener('change', () => {
      const variants = ['cnn', 'adder', 'bnn'].filter((x) => ($(`variant-${x}`) as HTMLInputElement).checked);
      void request({ variants }).catch(() => syncControls());
    });
  }
  const fileInput = $('model-file') as HTMLInputElement;
  fileInput.addEventListener('change', () => {
    if (fileInput.files?.[0]) void loadModelFile(fileInput.files[0]);
  });
  const drop = $('drop');
  drop.addEventListener('dragover', (ev) => {
    ev.preventDefault();
    drop.classList.add('over');
  });
  drop.addEventListener('dragleave', () => drop.classList.remove('over'));
  drop.addEventListener('drop', (ev) => {
    ev.preventDefault();
    drop.classList.remove('over');
    const f = ev.dataTransfer?.files[0];
    if (f) void (f.name.toLowerCase().endsWith('.onnx') || !f.name.toLowerCase().endsWith('.json') ? loadModelFile(f) : loadDroppedJson(f));
  });
  const profInput = $('profile-file') as HTMLInputElement;
  profInput.addEventListener('change', () => {
    if (profInput.files?.[0]) void loadProfileFile(profInput.files[0]);
  });
  $('reset-all').addEventListener('click', () => void request({ overrides: {} }));
  $('export-profile').addEventListener('click', () => void exportProfile());
  $('export-csv').addEventListener('click', () => last && download(`${settings.model}-${settings.cpu}.csv`, csvOf(last), 'text/csv'));
  $('export-json').addEventListener(
    'click',
    () => last && download(`${settings.model}-${settings.cpu}.json`, JSON.stringify(publicResult(last), null, 2), 'application/json'),
  );
  $('export-png').addEventListener('click', () => layerChart && downloadUrl('layers.png', layerChart.toBase64Image('image/png', 1)));
  $('export-svg').addEventListener('click', () => last && download('layers.svg', layerSvg(last), 'image/svg+xml'));
  $('sweep-run').addEventListener('click', () => void runSweep());
  $('across-run').addEventListener('click', () => void runAcross());
}

async function loadModelFile(f: File): Promise<void> {
  try {
    const r = await askAll<{ name: string; macs: number }>({ type: 'model-file', name: f.name, bytes: new Uint8Array(await f.arrayBuffer()) });
    if (!loadedModels.includes(r.name)) loadedModels.push(r.name);
    syncControls();
    status(`${r.name}: ${fmt(r.macs)} MACs`, 'ok');
    await request({ model: r.name }).catch((e: Error) => status(`${r.name} (${fmt(r.macs)} MACs) loaded; with these settings: ${e.message}`, 'error'));
    syncControls();
  } catch (e) {
    status((e as Error).message, 'error');
  }
}

/** A dropped .json is a profile when it says so (`"schema": "addersim/profile@…"` or has `forms`), else a graph. */
async function loadDroppedJson(f: File): Promise<void> {
  const text = await f.text();
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    status(`${f.name}: not valid JSON: ${(e as Error).message}`, 'error');
    return;
  }
  const isProfile = typeof data === 'object' && data !== null && ('forms' in data || 'extends' in data);
  if (isProfile) await addProfile(data, f.name);
  else await loadModelFile(f);
}

async function loadProfileFile(f: File): Promise<void> {
  try {
    await addProfile(JSON.parse(await f.text()), f.name);
  } catch (e) {
    status(`${f.name}: ${(e as Error).message}`, 'error');
  }
}

async function addProfile(data: unknown, name: string): Promise<void> {
  try {
    const r = await askAll<{ name: string }>({ type: 'profile-file', name, data });
    if (!info.profiles.includes(r.name)) info = { ...info, profiles: [...info.profiles, r.name], raw: { ...info.raw, [r.name]: data } };
    await request({ cpu: r.name, overrides: {} });
    syncControls();
  } catch (e) {
    status(`${name}: ${(e as Error).message}`, 'error');
  }
}

// ── the profile editor (editor.ts) ──────────────────────────────────────────────────────────────
const editorHost: EditorHost = { overrides: () => settings.overrides, request: (patch) => void request(patch) };

// ── results ──────────────────────────────────────────────────────────────────────────────────────
let layerChart: Chart | undefined;
let sweepChart: Chart | undefined;
let energyChart: Chart | undefined;

/** Energy per image by action kind, one stacked bar per variant (µJ). */
function renderEnergy(r: ExploreResult): void {
  const kinds = [
    ...new Set(
      r.energy.flatMap((e) =>
        Object.entries(e.byKind)
          .filter(([, v]) => v > 0)
          .map(([k]) => k),
      ),
    ),
  ];
  const totals = r.energy.map((e) => e.variant + ' ' + (e.energyPJ / 1e6).toFixed(2) + ' µJ').join(' · ');
  $('energy-title').textContent = r.energy.length ? `Energy per image by kind (${r.energy[0]!.table}, full view): ${totals}` : 'Energy: no table';
  energyChart = showChart(energyChart, 'energy-chart', {
    id: 'energy',
    title: 'energy per image by kind',
    kind: 'horizontal-stacked-bar',
    yLabel: 'µJ per image',
    labels: r.energy.map((e) => e.variant),
    datasets: kinds.map((k) => ({ label: k, values: r.energy.map((e) => ((e.byKind as Record<string, number>)[k] ?? 0) / 1e6) })),
  });
}

function render(r: ExploreResult): void {
  syncControls();
  renderEditor(r, editorHost);
  const results = r.results as ResultJson[];
  const cnn = results.find((x) => x.variant === 'cnn');
  $('totals').replaceChildren(
    el('tr', {}, el('th', {}, 'variant'), el('th', {}, 'cycles'), el('th', {}, 'vs CNN')),
    ...results.map((x) =>
      el(
        'tr',
        {},
        el('td', {}, x.variant),
        el('td', { class: 'n', 'data-variant': x.variant }, fmt(x.cycles)),
        el('td', { class: 'n' }, cnn ? `${(x.cycles / cnn.cycles).toFixed(3)}×` : '—'),
      ),
    ),
  );
  const ratio = (v: string): string => {
    const x = results.find((y) => y.variant === v);
    return x && cnn ? `${v === 'adder' ? 'AdderNet' : 'BNN'}/CNN ${(x.cycles / cnn.cycles).toFixed(3)}` : '';
  };
  $('ratios').textContent = [ratio('adder'), ratio('bnn')].filter(Boolean).join(' · ');
  $('summary').textContent =
    `${r.settings.model} · ${fmt(r.macs)} MACs · ${r.settings.cpu} · ${r.settings.scheduler} · ${r.settings.lowering} · convert ${r.settings.convert}`;
  $('notes').replaceChildren(...[...new Set(results.flatMap((x) => x.notes))].map((n) => el('li', {}, n)));
  const layers = results[0]?.layers ?? [];
  $('layers').replaceChildren(
    el('tr', {}, el('th', {}, 'layer'), el('th', {}, 'kind'), ...results.flatMap((x) => [el('th', {}, `${x.variant} cycles`), el('th', {}, 'bottleneck')])),
    ...layers.map((l, i) =>
      el(
        'tr',
        {},
        el('td', {}, l.layer),
        el('td', {}, l.kind),
        ...results.flatMap((x) => [el('td', { class: 'n' }, fmt(x.layers[i]?.cycles ?? 0)), el('td', {}, x.layers[i]?.bottleneck ?? '')]),
      ),
    ),
  );
  layerChart = showChart(
    layerChart,
    'layer-chart',
    {
      id: 'layers',
      title: 'cycles per layer',
      kind: 'grouped-bar',
      yLabel: 'cycles',
      labels: layers.map((l) => l.layer),
      datasets: results.map((x) => ({ label: x.variant, values: x.layers.map((l) => l.cycles) })),
    },
    (d, i) => `bottleneck: ${(last?.results as ResultJson[] | undefined)?.[d]?.layers[i]?.bottleneck ?? ''}`,
  );
  renderEnergy(r);
  location.replace(`#${hashOf(r.settings)}`);
}

/** The current settings on every shipped or loaded CPU (their sourced numbers), split between the workers. */
async function runAcross(): Promise<void> {
  const cpus = info.profiles;
  status(`running on ${cpus.length} CPUs…`, 'busy');
  try {
    const parts = await Promise.all(workers.map((w, k) => askOne<AcrossRow[]>(w, { type: 'across', cpus: cpus.filter((_, i) => i % WORKERS === k) })));
    const order = new Map(cpus.map((c, i) => [c, i]));
    const rows = parts.flat().sort((a, b) => order.get(a.cpu)! - order.get(b.cpu)!);
    const variants = settings.variants;
    $('across').replaceChildren(
      el('tr', {}, el('th', {}, 'CPU'), ...variants.map((v) => el('th', {}, `${v} cycles`)), el('th', {}, 'AdderNet/CNN'), el('th', {}, 'BNN/CNN')),
      ...rows.map((row) => {
        if (!row.cycles) return el('tr', {}, el('td', {}, row.cpu), el('td', { colspan: String(variants.length + 2), class: 'err' }, row.error ?? ''));
        const c = row.cycles;
        const ratio = (v: string): string => (c[v] !== undefined && c.cnn ? (c[v] / c.cnn).toFixed(3) : '—');
        return el(
          'tr',
          {},
          el('td', {}, row.cpu),
          ...variants.map((v) => el('td', { class: 'n', 'data-cpu': row.cpu, 'data-variant': v }, fmt(c[v] ?? 0))),
          el('td', { class: 'n' }, ratio('adder')),
          el('td', { class: 'n' }, ratio('bnn')),
        );
      }),
    );
    status(`ran on ${cpus.length} CPUs`, 'ok');
  } catch (e) {
    status(`across CPUs: ${(e as Error).message}`, 'error');
  }
}

async function runSweep(): Promise<void> {
  const path = ($('sweep-path') as HTMLSelectElement).value;
  const lo = Number(($('sweep-lo') as HTMLInputElement).value);
  const hi = Number(($('sweep-hi') as HTMLInputElement).value);
  if (!(Number.isInteger(lo) && Number.isInteger(hi) && lo >= 1 && hi >= lo && hi - lo <= 200)) {
    status('sweep: give integers 1 ≤ from ≤ to, at most 200 apart', 'error');
    return;
  }
  const values = Array.from({ length: hi - lo + 1 }, (_, i) => lo + i);
  status(`sweeping ${path} over ${values.length} values…`, 'busy');
  try {
    // The values are split between the workers (each holds the current settings).
    const shares = workers.map((_, k) => values.filter((_, i) => i % WORKERS === k));
    const parts = await Promise.all(
      workers.map((w, k) => (shares[k]!.length ? askOne<SweepPoint[]>(w, { type: 'sweep', path, values: shares[k]! }) : Promise.resolve([]))),
    );
    const points = parts.flat().sort((a, b) => a.value - b.value);
    drawSweep(path, points);
    status(`swept ${path}`, 'ok');
  } catch (e) {
    status(`sweep: ${(e as Error).message}`, 'error');
  }
}

function drawSweep(path: string, points: readonly SweepPoint[]): void {
  const variants = Object.keys(points[0]?.cycles ?? {});
  const cross = crossingOf(points, 'adder', 'cnn');
  $('crossover').textContent =
    cross === undefined ? `no AdderNet/CNN crossover in ${points[0]?.value}…${points.at(-1)?.value}` : `AdderNet = CNN crossing at ${path} = ${cross}`;
  sweepChart = showChart(sweepChart, 'sweep-chart', {
    id: 'sweep',
    title: `cycles vs ${path}`,
    kind: 'line',
    yLabel: 'cycles',
    xLabel: path,
    labels: points.map((p) => String(p.value)),
    datasets: variants.map((v) => ({ label: v, values: points.map((p) => p.cycles[v]!) })),
  });
  // The crossing marked: a larger point on every curve at that value.
  sweepChart.data.datasets.forEach((d) => ((d as { pointRadius?: unknown }).pointRadius = points.map((p) => (p.value === cross ? 7 : 3))));
  sweepChart.update();
}

// ── exports ──────────────────────────────────────────────────────────────────────────────────────
async function exportProfile(): Promise<void> {
  try {
    const p = await ask<{ name: string }>({ type: 'export-profile' });
    download(`${p.name}.json`, `${JSON.stringify(p, null, 2)}\n`, 'application/json');
  } catch (e) {
    status(`export: ${(e as Error).message}`, 'error');
  }
}
/** What `window.addersim.result()` returns: the CLI's `latency --json` document plus `macs`. */
function publicResult(r: ExploreResult): unknown {
  return { schema: r.schema, macs: r.macs, settings: r.settings, results: r.results };
}

// ── start ────────────────────────────────────────────────────────────────────────────────────────
async function start(): Promise<boolean> {
  info = await ask<InitInfo>({ type: 'init' });
  settings = info.settings;
  wireControls();
  let fromHash: Record<string, unknown> = {};
  try {
    fromHash = settingsFromHash(location.hash);
  } catch (e) {
    status(`URL hash ignored: ${(e as Error).message}`, 'error');
  }
  try {
    await request(fromHash);
  } catch (e) {
    // e.g. a shared link naming a model file this page has not loaded: show the defaults and say why
    await request({});
    status(`the view in the URL could not be shown (${(e as Error).message}); showing the defaults`, 'error');
  }
  return true;
}

const ready = start();
(window as unknown as { addersim: unknown }).addersim = {
  ready,
  set: async (patch: Record<string, unknown>) => publicResult(await request(patch)),
  result: () => (last ? publicResult(last) : undefined),
  /** Loads a model file from bytes (what dropping a file does). */
  loadModel: async (name: string, bytes: Uint8Array | number[]) => {
    const r = await askAll<{ name: string; macs: number }>({ type: 'model-file', name, bytes: bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes) });
    if (!loadedModels.includes(r.name)) loadedModels.push(r.name);
    syncControls();
    return r;
  },
};
