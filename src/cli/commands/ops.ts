// `addersim ops MODEL`: operation counts per variant in a named convention (paper | exact), with MACs.
//   resnet20 · adder (--convert all) — convention paper
//   Op    Count (paper)
//   mul             0
//   add    81,626,368

import type { Command } from 'commander';
import {
  applyVariant,
  CONVENTIONS,
  CONVERTS,
  detectVariant,
  loadModel,
  opTable,
  VARIANTS,
  type Convention,
  type Convert,
  type OpTable,
  type Variant,
} from '../../models/index.ts';
import { cell, fmtInt, fmtPct } from '../../reports/format.ts';
import { renderTableText } from '../../reports/render-text.ts';
import type { Table } from '../../reports/report.ts';
import { choice as pick, choiceList } from './choice.ts';
import { toJson, type Io } from '../io.ts';
import { DEFAULT_SETTINGS } from '../../whatif/settings.ts';

interface OpsFlags {
  variant?: string;
  convention: string;
  convert: string;
  json?: boolean;
  layers?: boolean;
  allowUnknown?: boolean;
}

/** `--variant cnn,adder` or `all`: the list syntax every command shares. */
export function variantsOf(value: string): Variant[] {
  return value === 'all' ? [...VARIANTS] : choiceList<Variant>('--variant', value, VARIANTS)!;
}

interface VariantResult {
  readonly variant: Variant | 'mixed';
  /** False when the model is counted as loaded (no --variant). */
  readonly transformed: boolean;
  readonly table: OpTable;
}

function totalsTable(model: string, r: VariantResult, convert: Convert): Table {
  const t = r.table;
  const ops = Object.keys(t.totals);
  return {
    id: `ops-${r.variant}`,
    title: `${model} · ${r.variant}${!r.transformed ? ' (as loaded)' : r.variant === 'cnn' ? '' : ` (--convert ${convert})`} — convention ${t.convention}`,
    columns: [
      { key: 'op', title: 'Op' },
      { key: 'count', title: 'Count', unit: t.convention },
    ],
    rows: [[cell.text('MACs'), cell.int(t.macs)], ...ops.map((op) => [cell.text(op), cell.int(t.totals[op]!)])],
    notes: [],
  };
}

function layersTable(model: string, r: VariantResult): Table {
  const t = r.table;
  const ops = Object.keys(t.totals).filter((op) => t.totals[op]! > 0);
  const rows = t.layers.filter((l) => l.macs > 0 || Object.keys(l.counts).length > 0);
  return {
    id: `ops-layers-${r.variant}`,
    title: `${model} · ${r.variant} — per layer, convention ${t.convention}`,
    columns: [{ key: 'layer', title: 'Layer' }, { key: 'kind', title: 'Kind' }, { key: 'macs', title: 'MACs' }, ...ops.map((op) => ({ key: op, title: op }))],
    rows: rows.map((l) => [cell.text(l.name), cell.text(l.kind), cell.int(l.macs), ...ops.map((op) => cell.int(l.counts[op] ?? 0))]),
    notes: [],
  };
}

/** Layers that multiply although the variant is an AdderNet or BNN (kept by --convert inner). */
function keptLine(r: VariantResult): string | undefined {
  if (r.variant === 'cnn') return undefined;
  const kept = r.table.layers.filter((l) => l.kind === 'conv2d' || l.kind === 'linear');
  if (!kept.length) return undefined;
  return `multiplicative layers kept: ${kept.map((l) => `${l.name} (${l.kind}) ${fmtInt(l.counts.mul ?? 0)} mul`).join(', ')}`;
}

export function register(program: Command, io: Io): void {
  program
    .command('ops')
    .description('operation counts of a model per variant (paper or exact convention) and its MACs')
    .argument('<model>', 'zoo name, graph .json or .onnx file')
    .option('--variant <list>', 'variants, comma-separated (cnn,adder,bnn) or all (default: the model as loaded; the zoo models are CNNs)')
    .option('--convention <c>', 'paper | exact', 'paper')
    .option('--convert <c>', 'inner (first conv and last FC stay multiplicative) | all', DEFAULT_SETTINGS.convert)
    .option('--layers', 'also print the per-layer table (text output)')
    .option('--allow-unknown', 'list layers without a cost rule as exclusions instead of failing')
    .option('--json', 'machine-readable output (addersim/ops@1)')
    .action(async (ref: string, flags: OpsFlags) => {
      const variants = flags.variant === undefined ? undefined : variantsOf(flags.variant);
      const convention = pick<Convention>('--convention', flags.convention, CONVENTIONS);
      const convert = pick<Convert>('--convert', flags.convert, CONVERTS);
      const model = await loadModel(ref, { allowUnknown: flags.allowUnknown === true });
      const count = { allowUnknown: flags.allowUnknown === true };
      const results: VariantResult[] =
        variants === undefined
          ? [{ variant: detectVariant(model.graph), transformed: false, table: opTable(model.graph, convention, count) }]
          : variants.map((variant) => ({ variant, transformed: true, table: opTable(applyVariant(model.graph, variant, convert), convention, count) }));
      if (flags.json) {
        const single = results.length === 1 ? results[0]!.table : undefined;
        io.out(
          toJson({
            schema: 'addersim/ops@1',
            model: model.graph.name,
            source: model.source,
            ...(model.coverage === undefined ? {} : { coverage: model.coverage }),
            convention,
            ...(variants === undefined ? {} : { convert }),
            macs: results[0]!.table.macs,
            ...(single ? { totals: single.totals, layers: single.layers } : {}),
            results: results.map((r) => ({ variant: r.variant, macs: r.table.macs, totals: r.table.totals, layers: r.table.layers, notes: r.table.notes })),
          }),
        );
        return;
      }
      const parts: string[] = [];
      for (const r of results) {
        parts.push(renderTableText(totalsTable(model.graph.name, r, convert)));
        const kept = keptLine(r);
        if (kept) parts.push(`  ${kept}`);
        if (flags.layers) parts.push('', renderTableText(layersTable(model.graph.name, r)));
        parts.push('');
      }
      const cov = model.coverage;
      if (cov) {
        const unknown = cov.unknown.length ? `, ${cov.unknown.length} unknown op(s) left out (${fmtPct(cov.workShare)} of the work covered)` : '';
        parts.push(
          `ONNX ${cov.file} (opset ${cov.opset}): ${cov.nodes.total} nodes — ${cov.nodes.counted} counted, ${cov.nodes.folded} folded into layers, ${cov.nodes.excluded} excluded${unknown}; recognised ${cov.recognised.adder} AdderNet and ${cov.recognised.binary} binary layer(s)`,
        );
      }
      const notes = [...new Set(results.flatMap((r) => r.table.notes))];
      parts.push(...notes.map((n) => `note: ${n}`));
      io.out(`${parts.join('\n')}\n`);
    });
}
