// `addersim compare MODEL --cpu NAME`: CNN, AdderNet and BNN side by side — cycles, ratio to the CNN,
// instructions by op group, and energy (full view of the default energy table).
//   resnet20 on intel-skylake — scheduler bound, lowering scalar, energy horowitz-45nm (full view)
//   Variant  Cycles       vs CNN  multiply     add   …  Energy     vs CNN

import type { Command } from 'commander';
import { countGroups, mergeCounts, OP_GROUPS, type OpGroup } from '../../isa/index.ts';
import { applyVariant } from '../../models/index.ts';
import { cell } from '../../reports/format.ts';
import { renderTableText } from '../../reports/render-text.ts';
import type { Table } from '../../reports/report.ts';
import { loadEnergyTable } from '../../sim/energy/table.ts';
import { energyOfProgram } from '../../sim/energy/energy.ts';
import { l1Of, workingSetsOf } from '../../whatif/study.ts';
import { settingsHeader } from '../../whatif/settings-record.ts';
import { toJson, type Io } from '../io.ts';
import { addRunOptions, evaluationJson, runModel, type ModelRunFlags } from './latency.ts';
import { addWhatIfOptions } from './what-if.ts';

function groupsOf(e: { program: { kernels: readonly { body: Parameters<typeof countGroups>[0] }[] } }): Map<OpGroup, number> {
  const out = new Map<OpGroup, number>();
  for (const k of e.program.kernels) for (const [g, n] of countGroups(k.body)) out.set(g, (out.get(g) ?? 0) + n);
  return out;
}

export function register(program: Command, io: Io): void {
  const cmd = program
    .command('compare')
    .description('CNN, AdderNet and BNN of one model side by side: cycles, ratio to CNN, instructions by kind, energy')
    .argument('<model>', 'zoo name, graph .json or .onnx file');
  addWhatIfOptions(addRunOptions(cmd, { pricesEnergy: true })).action(async (ref: string, flags: ModelRunFlags) => {
    const { evaluations, cpu, record, settings, model, profile } = await runModel(ref, flags);
    const table = loadEnergyTable(settings.energyTable);
    const energies = evaluations.map((e) => {
      const ws = workingSetsOf(applyVariant(model.graph, e.variant, e.convert).layers, e.lowering, e.dtype);
      return energyOfProgram(e.program, table, { view: 'full', workingSetBytes: ws, ...l1Of(profile) });
    });
    const groups = evaluations.map(groupsOf);
    const used = OP_GROUPS.filter((g) => groups.some((m) => (m.get(g) ?? 0) > 0));
    const base = evaluations.find((e) => e.variant === 'cnn') ?? evaluations[0]!;
    const baseEnergy = energies[evaluations.indexOf(base)]!;
    if (flags.json) {
      io.out(
        toJson({
          schema: 'addersim/compare@1',
          settings: record,
          energyTable: table.name,
          results: evaluations.map((e, i) => ({
            ...(evaluationJson(e, cpu) as object),
            ratioToCnn: e.result.cycles / base.result.cycles,
            instructionsByGroup: Object.fromEntries(used.map((g) => [g, groups[i]!.get(g) ?? 0])),
            counts: Object.fromEntries(mergeCounts(e.result.layers.map((l) => new Map(Object.entries(l.counts))))),
            energyPJ: energies[i]!.energyPJ,
            energyExactPJ: energies[i]!.exactPJ,
            energyByKind: energies[i]!.byKind,
          })),
        }),
      );
      return;
    }
    const t: Table = {
      id: 'compare',
      title: `${base.model} on ${cpu} — scheduler ${base.result.scheduler}, lowering ${base.lowering}, energy ${table.name} (full view)`,
      columns: [
        { key: 'variant', title: 'Variant' },
        { key: 'cycles', title: 'Cycles' },
        { key: 'ratio', title: `vs ${base.variant.toUpperCase()}` },
        ...used.map((g) => ({ key: g, title: g })),
        { key: 'energy', title: 'Energy' },
        { key: 'eratio', title: 'vs CNN' },
      ],
      rows: evaluations.map((e, i) => [
        cell.text(e.variant),
        cell.int(e.result.cycles),
        cell.ratio(e.result.cycles / base.result.cycles),
        ...used.map((g) => cell.si(groups[i]!.get(g) ?? 0)),
        cell.energy(energies[i]!.energyPJ),
        cell.ratio(energies[i]!.energyPJ / baseEnergy.energyPJ),
      ]),
      notes: [],
    };
    // the energy's per-layer lines ("layer pool1 (maxpool) not lowered: …") repeat the program's excluded
    // layers one by one: one count here, as `latency` and `energy` print, the list in --json (`excluded`)
    const excluded = new Set(evaluations.flatMap((e) => e.program.excluded.map((x) => x.layer)));
    const energyNotes = energies.flatMap((x) => x.notes).filter((n) => !/^layer .* not lowered: /.test(n));
    const notes = [...new Set([...evaluations.flatMap((e) => [...e.program.notes, ...e.result.notes]), ...energyNotes])];
    if (excluded.size)
      notes.push(
        `${excluded.size} layer${excluded.size === 1 ? '' : 's'} not lowered (${[...excluded].slice(0, 3).join(', ')}${excluded.size > 3 ? ', …' : ''}; see --json: excluded)`,
      );
    io.out(
      `${settingsHeader(record)}\n${renderTableText(t)}\n  instruction counts by op group (exact integers in --json); adder/bnn keep the first conv and last FC multiplicative unless --convert all\n${notes.map((n) => `note: ${n}`).join('\n')}\n`,
    );
  });
}
