// A small builder for zoo graphs: layers chain to the previous one unless inputs are given, and the
// result goes through the same parser as graph files (defaults filled, names checked).

import type { Graph, LayerFile } from '../graph.ts';
import { parseGraphFile } from '../graph-file.ts';

type Spec = LayerFile extends infer L ? (L extends LayerFile ? Omit<L, 'name' | 'inputs'> : never) : never;

export class GraphBuilder {
  private readonly layers: LayerFile[] = [];
  private last = 'input';

  constructor(
    private readonly name: string,
    private readonly description: string,
    private readonly inputShape: readonly number[],
  ) {}

  /** The name of the most recently added layer (or `input`). */
  get current(): string {
    return this.last;
  }

  add(name: string, spec: Spec, inputs: readonly string[] = [this.last]): string {
    this.layers.push({ ...spec, name, inputs: [...inputs] } as LayerFile);
    this.last = name;
    return name;
  }

  conv(name: string, outChannels: number, k: number, o: { stride?: number; pad?: number; bias?: boolean; from?: string } = {}): string {
    const s = o.stride ?? 1;
    const p = o.pad ?? 0;
    return this.add(name, { kind: 'conv2d', outChannels, kernel: [k, k], stride: [s, s], padding: [p, p], bias: o.bias ?? false }, [o.from ?? this.last]);
  }

  /** conv → batchnorm → relu (the relu left out with `relu: false`). */
  convBn(name: string, outChannels: number, k: number, o: { stride?: number; pad?: number; relu?: boolean; from?: string } = {}): string {
    this.conv(name, outChannels, k, o);
    this.add(`${name}.bn`, { kind: 'batchnorm' });
    return o.relu === false ? this.last : this.add(`${name}.relu`, { kind: 'relu' });
  }

  build(): Graph {
    return parseGraphFile(
      {
        schema: 'addersim/graph@1',
        name: this.name,
        description: this.description,
        input: { name: 'input', shape: [...this.inputShape] },
        layers: this.layers,
      },
      `zoo:${this.name}`,
    );
  }
}
