// One evaluation as the `results[]` entry of `addersim latency --json` (schema addersim/latency@1): shared
// by the CLI and the browser explorer's `window.addersim.result()`, so both print the same JSON.

import type { Evaluation } from './evaluate.ts';

export function evaluationJson(e: Evaluation, cpu: string): unknown {
  return {
    model: e.model,
    variant: e.variant,
    convert: e.convert,
    cpu,
    scheduler: e.result.scheduler,
    lowering: e.lowering,
    ...(e.dtype ? { dtype: e.dtype } : {}),
    ...(e.accumulators ? { accumulators: e.accumulators } : {}),
    cycles: e.result.cycles,
    layers: e.result.layers,
    excluded: e.program.excluded,
    notes: [...e.program.notes, ...e.result.notes],
  };
}
