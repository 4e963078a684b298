// `addersim compare MODEL --cpu NAME`: CNN, AdderNet and BNN side by side — cycles, ratio to the CNN,
// instructions by op group, and energy (full view of the default energy table).
//   resnet20 on intel-skylake — scheduler bound, lowering scalar, energy horowitz-45nm (full view)
//   Variant  Cycles       vs CNN  multiply     add   …  Energy     vs CNN

import type { Command } from 'commander';
import { countGroups, ELEMENT_BITS, mergeCounts, OP_GROUPS, type OpGroup } from '../../isa/index.ts';
import { VARIANTS } from '../../models/index.ts';
import { cell } from '../../reports/format.ts';
import { renderTableText } from '../../reports/render-text.ts';
import type { Table } from '../../reports/report.ts';
import { DEFAULT_ENERGY_TABLE, loadEnergyTable } from '../../sim/energy/table.ts';
import { energyOfProgram } from '../../sim/energy/energy.ts';
import { loadModel } from '../../models/index.ts';
import { workingSetBytes } from '../../whatif/study.ts';
import { toJson, type Io } from '../io.ts';
import { addRunOptions, evaluationJson, runModel, type ModelRunFlags } from './latency.ts';

function groupsOf(e: { program: { kernels: readonly { body: Parameters<typeof countGroups>[0] }[] } }): Map<OpGroup, number> {
  const out = new Map<OpGroup, number>();
  for (const k of e.program.kernels) for (const [g, n] of countGroups(k.body)) out.set(g, (out.get(g) ?? 0) + n);
  return out;
}

export function register(program: Command, io: Io): void {
  const cmd = program
    .command('compare')
    .description('CNN, AdderNet and BNN of one model side by side: cycles, ratio to CNN, instructions by kind, energy')
    .argument('<model>', 'zoo name, graph .json or .onnx file')
    .option('--energy-table <name>', 'energy table (cpu-profiles/energy/)', DEFAULT_ENERGY_TABLE);
  addRunOptions(cmd, { scheduler: 'bound', lowering: 'scalar' }).action(async (ref: string, flags: ModelRunFlags & { energyTable: string }) => {
    const { evaluations, cpu } = await runModel(ref, flags, [...VARIANTS]);
    const table = loadEnergyTable(flags.energyTable);
    const model = await loadModel(ref, { allowUnknown: flags.allowUnknown === true });
    const energies = evaluations.map((e) => {
      const elemBytes = ELEMENT_BITS[e.dtype ?? (e.lowering === 'paper' ? 'f64' : 'f32')] / 8;
      const ws = Object.fromEntries(model.graph.layers.map((l) => [l.name, workingSetBytes(l, elemBytes)]));
      return energyOfProgram(e.program, table, { view: 'full', workingSetBytes: ws });
    });
    const groups = evaluations.map(groupsOf);
    const used = OP_GROUPS.filter((g) => groups.some((m) => (m.get(g) ?? 0) > 0));
    const base = evaluations[0]!;
    if (flags.json) {
      io.out(toJson({
        schema: 'addersim/compare@1',
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
      }));
      return;
    }
    const t: Table = {
      id: 'compare',
      title: `${base.model} on ${cpu} — scheduler ${base.result.scheduler}, lowering ${base.lowering}, energy ${table.name} (full view)`,
      columns: [
        { key: 'variant', title: 'Variant' }, { key: 'cycles', title: 'Cycles' }, { key: 'ratio', title: 'vs CNN' },
        ...used.map((g) => ({ key: g, title: g })),
        { key: 'energy', title: 'Energy' }, { key: 'eratio', title: 'vs CNN' },
      ],
      rows: evaluations.map((e, i) => [
        cell.text(e.variant), cell.int(e.result.cycles), cell.ratio(e.result.cycles / base.result.cycles),
        ...used.map((g) => cell.si(groups[i]!.get(g) ?? 0)),
        cell.energy(energies[i]!.energyPJ), cell.ratio(energies[i]!.energyPJ / energies[0]!.energyPJ),
      ]),
      notes: [],
    };
    const notes = [...new Set([...evaluations.flatMap((e) => [...e.program.notes, ...e.result.notes]), ...energies.flatMap((x) => x.notes)])];
    io.out(`${renderTableText(t)}\n  instruction counts by op group (exact integers in --json); adder/bnn keep the first conv and last FC multiplicative unless --convert all\n${notes.map((n) => `note: ${n}`).join('\n')}\n`);
  });
}
