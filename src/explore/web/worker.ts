// The explorer's engine worker: the same engine as the CLI, answering the page's requests one at a time
// so dragging a slider never blocks the page.

import { ENERGY_TABLES, PROFILES } from 'addersim-explorer:data';
import { ZOO_NAMES } from '../../models/zoo/index.ts';
import { EXPLORE_DEFAULTS, ExploreEngine, mergeSettings, type ExploreSettings } from '../engine.ts';
import type { Reply, Request } from './protocol.ts';

const engine = new ExploreEngine(PROFILES, ENERGY_TABLES);
/** The settings of the last run that succeeded: a patch that fails leaves them as they were. */
let current: ExploreSettings = EXPLORE_DEFAULTS;
const scope = self as unknown as { onmessage: ((ev: MessageEvent<Request>) => void) | null; postMessage(m: Reply): void };

function errorOf(e: unknown): { code: string; message: string; path?: string } {
  const x = e as { code?: unknown; message?: unknown; path?: unknown };
  return {
    code: typeof x.code === 'string' ? x.code : 'INTERNAL',
    message: typeof x.message === 'string' ? x.message : String(e),
    ...(typeof x.path === 'string' ? { path: x.path } : {}),
  };
}

scope.onmessage = async (ev) => {
  const r = ev.data;
  try {
    switch (r.type) {
      case 'init':
        scope.postMessage({ id: r.id, ok: true, value: { profiles: engine.profileNames(), models: [...ZOO_NAMES], raw: PROFILES, settings: current } });
        return;
      case 'run': {
        const t0 = performance.now();
        const next = mergeSettings(current, r.patch);
        const value = engine.run({ ...next, variants: next.variants.filter((_, i) => i % r.of === r.part) });
        current = next;
        scope.postMessage({ id: r.id, ok: true, value: { ...value, settings: next, elapsedMs: performance.now() - t0 } });
        return;
      }
      case 'sweep': {
        const points = r.values.map((value) => {
          const res = engine.run({ ...current, overrides: { ...current.overrides, [r.path]: value } });
          return {
            value,
            cycles: Object.fromEntries(
              res.results.map((x) => {
                const e = x as { variant: string; cycles: number };
                return [e.variant, e.cycles];
              }),
            ),
          };
        });
        scope.postMessage({ id: r.id, ok: true, value: points });
        return;
      }
      case 'sync':
        current = mergeSettings(EXPLORE_DEFAULTS, { ...r.settings });
        scope.postMessage({ id: r.id, ok: true, value: { name: current.model } });
        return;
      case 'across': {
        const rows = r.cpus.map((cpu) => {
          try {
            const res = engine.run({ ...current, cpu, overrides: {} });
            return {
              cpu,
              cycles: Object.fromEntries(
                res.results.map((x) => {
                  const e = x as { variant: string; cycles: number };
                  return [e.variant, e.cycles];
                }),
              ),
            };
          } catch (e) {
            return { cpu, error: errorOf(e).message };
          }
        });
        scope.postMessage({ id: r.id, ok: true, value: rows });
        return;
      }
      case 'export-profile':
        scope.postMessage({ id: r.id, ok: true, value: engine.exportProfile(current) });
        return;
      case 'model-file':
        scope.postMessage({ id: r.id, ok: true, value: await engine.addModelFile(r.bytes, r.name) });
        return;
      case 'profile-file':
        scope.postMessage({ id: r.id, ok: true, value: { name: engine.addProfile(r.data, r.name) } });
        return;
    }
  } catch (e) {
    scope.postMessage({ id: r.id, ok: false, error: errorOf(e) });
  }
};
