// `addersim models`: the zoo with one-line descriptions, input shapes, MACs and weight counts.
//   Name       Input    MACs     Weights  Description
//   lenet5-bn  1×32×32  416,520   61,470  LeNet-5 with batch norm on 32×32 MNIST …

import type { Command } from 'commander';
import { graphMacs, graphWeights, inferShapes, listModels, zooModel } from '../../models/index.ts';
import { cell } from '../../reports/format.ts';
import { renderTableText } from '../../reports/render-text.ts';
import { toJson, type Io } from '../io.ts';

export function zooSummary(): { name: string; description: string; input: number[]; macs: number; weights: number }[] {
  return listModels().map((m) => {
    const g = inferShapes(zooModel(m.name), `zoo:${m.name}`);
    return { name: m.name, description: m.description, input: [...g.input.shape], macs: graphMacs(g), weights: graphWeights(g) };
  });
}

export function register(program: Command, io: Io): void {
  program
    .command('models')
    .description('list the model zoo (name, input, MACs, weights, description)')
    .option('--json', 'machine-readable output (addersim/models@1)')
    .action((opts: { json?: boolean }) => {
      const models = zooSummary();
      if (opts.json) {
        io.out(toJson({ schema: 'addersim/models@1', models }));
        return;
      }
      io.out(`${renderTableText({
        id: 'models',
        title: 'Model zoo (MACs = conv + FC multiply-accumulates; weights of conv + FC, no bias or BN; also accepted: a graph .json or an .onnx file)',
        columns: [{ key: 'name', title: 'Name' }, { key: 'input', title: 'Input' }, { key: 'macs', title: 'MACs' }, { key: 'weights', title: 'Weights' }, { key: 'description', title: 'Description' }],
        rows: models.map((m) => [cell.text(m.name), cell.text(m.input.join('×')), cell.int(m.macs), cell.int(m.weights), cell.text(m.description)]),
        notes: [],
      })}\n`);
    });
}
