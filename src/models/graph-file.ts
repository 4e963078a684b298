// Graph JSON files (`addersim/graph@1`): zod validation, default `inputs` (the previous layer, or
// the graph input for the first layer), and name checks that report `file: layers[i].inputs[j]`.

import { AddersimError, jsonPath, zodError } from '../isa/index.ts';
import { graphSchema, type Graph, type Layer } from './graph.ts';
import { ARG, checkArgs } from '../isa/api-args.ts';

export function parseGraphFile(data: unknown, file: string): Graph {
  checkArgs('parseGraphFile', [['file', ARG.text, file]]);
  const r = graphSchema.safeParse(data);
  if (!r.success) {
    const issue = r.error.issues[0]!;
    if (issue.code === 'unrecognized_keys') {
      // Name the key itself: `layers[0].strides`, not `layers[0]`.
      const key = issue.keys[0]!;
      throw new AddersimError(
        'BAD_INPUT',
        `unknown key "${key}"${issue.keys.length > 1 ? ` (and ${issue.keys.length - 1} more)` : ''}`,
        `${file}: ${jsonPath([...issue.path, key])}`,
      );
    }
    throw zodError(r.error, file, data);
  }
  const g = r.data;
  const inputName = g.input.name;
  const seen = new Set<string>([inputName]);
  const layers: Layer[] = [];
  g.layers.forEach((l, i) => {
    if (seen.has(l.name)) {
      const what = l.name === inputName ? 'the graph input' : 'an earlier layer';
      throw new AddersimError('BAD_INPUT', `duplicate name "${l.name}" (already used by ${what})`, `${file}: layers[${i}].name`);
    }
    const inputs = l.inputs ?? [i === 0 ? inputName : g.layers[i - 1]!.name];
    if (inputs.length === 0) throw new AddersimError('BAD_INPUT', 'a layer needs at least one input', `${file}: layers[${i}].inputs`);
    inputs.forEach((name, j) => {
      if (!seen.has(name)) {
        const later = g.layers.some((m, k) => k > i && m.name === name);
        throw new AddersimError(
          'BAD_INPUT',
          later
            ? `input "${name}" is defined later; layers must be listed in dependency order`
            : `unknown input "${name}" (not the graph input nor an earlier layer)`,
          `${file}: layers[${i}].inputs[${j}]`,
        );
      }
    });
    seen.add(l.name);
    layers.push({ ...l, inputs } as Layer);
  });
  return {
    schema: 'addersim/graph@1',
    name: g.name,
    ...(g.description === undefined ? {} : { description: g.description }),
    input: { name: inputName, shape: g.input.shape },
    layers,
  };
}
