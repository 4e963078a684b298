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

/** A zoo graph as a graph file (`addersim/graph@1`), every attribute explicit: a template for custom models. */
export function zooGraphFile(name: string, withShapes: boolean): unknown {
  const g = inferShapes(zooModel(name), `zoo:${name}`);
  return {
    schema: g.schema,
    name: g.name,
    ...(g.description === undefined ? {} : { description: g.description }),
    input: g.input,
    layers: g.layers.map(({ inShapes, outShape, ...l }) => (withShapes ? { ...l, outShape } : l)),
  };
}

export function register(program: Command, io: Io): void {
  const models = program
    .command('models')
    .description('list the model zoo (name, input, MACs, weights, description)')
    .option('--json', 'machine-readable output (addersim/models@1)')
    .action((opts: { json?: boolean }) => {
      const models = zooSummary();
      if (opts.json) {
        io.out(toJson({ schema: 'addersim/models@1', models }));
        return;
      }
      io.out(
        `${renderTableText({
          id: 'models',
          title: 'Model zoo (MACs = conv + FC multiply-accumulates; weights of conv + FC, no bias or BN; also accepted: a graph .json or an .onnx file)',
          columns: [
            { key: 'name', title: 'Name' },
            { key: 'input', title: 'Input' },
            { key: 'macs', title: 'MACs' },
            { key: 'weights', title: 'Weights' },
            { key: 'description', title: 'Description' },
          ],
          rows: models.map((m) => [cell.text(m.name), cell.text(m.input.join('×')), cell.int(m.macs), cell.int(m.weights), cell.text(m.description)]),
          notes: [],
        })}\n`,
      );
    });
  models
    .command('show')
    .description('print a zoo model as a graph file (addersim/graph@1), a template for your own models')
    .argument('<name>', 'zoo model name')
    .option('--shapes', "add each layer's inferred output shape (informative; not accepted back as input)")
    .action((name: string, opts: { shapes?: boolean }) => {
      io.out(toJson(zooGraphFile(name, opts.shapes === true)));
    });
}
