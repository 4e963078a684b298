// cvt.f32 (exp's range reduction in softmax/sigmoid/tanh) and the mov forms exist in every profile
// generated from llvm-mca: a softmax graph runs under the scalar and simd lowerings.

import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from './run-cli.ts';

const GRAPH = {
  schema: 'addersim/graph@1',
  name: 'tiny-softmax',
  input: { shape: [16, 8, 8] },
  layers: [
    { name: 'g', kind: 'globalavgpool' },
    { name: 'f', kind: 'flatten' },
    { name: 'fc', kind: 'linear', outFeatures: 10 },
    { name: 's', kind: 'softmax' },
  ],
};
const LLVM_PROFILES = [
  'intel-skylake',
  'intel-haswell',
  'intel-icelake-server',
  'intel-silvermont',
  'intel-atom',
  'amd-zen3',
  'amd-zen2',
  'amd-jaguar',
  'arm-cortex-a57',
  'arm-cortex-a55',
  'arm-cortex-a53',
];

describe('softmax runs on every llvm-mca-derived profile (cvt and mov forms present)', () => {
  const file = join(mkdtempSync(join(tmpdir(), 'addersim-sm-')), 'softmax.json');
  writeFileSync(file, JSON.stringify(GRAPH));
  it.each(LLVM_PROFILES)('%s', async (cpu) => {
    for (const lowering of ['scalar', 'simd']) {
      const r = await runCli('latency', file, '--cpu', cpu, '--lowering', lowering, '--scheduler', 'bound', '--json');
      expect(r.err, `${cpu} ${lowering}`).toBe('');
      expect(r.code).toBe(0);
    }
  });
});
