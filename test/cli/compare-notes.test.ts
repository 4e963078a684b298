// `compare` notes the layers a lowering leaves out once, as a count (the list is in --json), not one energy
// note per layer: lenet5-bn under the paper lowering keeps its 4 conv/FC layers and leaves out 11 (BN, ReLU,
// pooling, flatten).

import { describe, expect, it } from 'vitest';
import { runCli, runJson } from './run-cli.ts';

const RUN = ['compare', 'lenet5-bn', '--cpu', 'via-nano-2000', '--lowering', 'paper', '--scheduler', 'serial', '--convert', 'all'];

describe('compare: excluded layers in one note', () => {
  it('text: no per-layer "not lowered" lines; one count that matches --json', async () => {
    const r = await runCli(...RUN);
    expect(r.code, r.err).toBe(0);
    const lines = r.out.split('\n');
    expect(lines.filter((l) => /^note: layer .* not lowered/.test(l))).toEqual([]);
    const json = await runJson<{ results: { excluded: { layer: string }[] }[] }>(...RUN, '--json');
    const names = new Set(json.results.flatMap((x) => x.excluded.map((e) => e.layer)));
    expect(names.size).toBe(11);
    expect(lines.filter((l) => l.startsWith(`note: ${names.size} layers not lowered (`))).toHaveLength(1);
  });
});
