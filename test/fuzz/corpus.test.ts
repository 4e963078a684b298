// Inputs that once broke something (test/fuzz/corpus/, listed in expected.json with why): each must now
// give the expected typed error (code + message naming the place) or, with "code": "ok", a result.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AddersimError } from '../../src/isa/index.ts';
import { loadModel, opTable } from '../../src/models/index.ts';
import { readKernelFile } from '../../src/cli/commands/kernel.ts';
import { loadProfile } from '../../src/sim/profile/loader.ts';
import { runCli } from '../cli/run-cli.ts';

const DIR = join(import.meta.dirname, 'corpus');
interface Case {
  entry: 'graph' | 'kernel' | 'profile' | 'onnx' | 'cli';
  code: string;
  message: string;
  why: string;
  argv?: string[];
  exit?: number;
}
const CASES = JSON.parse(readFileSync(join(DIR, 'expected.json'), 'utf8')) as Record<string, Case>;

async function run(file: string, c: Case): Promise<unknown> {
  const path = join(DIR, file);
  switch (c.entry) {
    case 'graph':
    case 'onnx':
      return opTable((await loadModel(path)).graph, 'paper');
    case 'kernel':
      return readKernelFile(path);
    case 'profile':
      return loadProfile(path);
    case 'cli':
      return runCli(...c.argv!.map((a) => a.replace('{file}', path).replace('{dir}', DIR)));
  }
}

describe('fuzz corpus: inputs that once broke something', () => {
  for (const [file, c] of Object.entries(CASES)) {
    it(`${file} (${c.why})`, async () => {
      if (c.entry === 'cli') {
        const r = (await run(file, c)) as { code: number; out: string; err: string };
        expect(r.code).toBe(c.exit);
        if (c.exit !== 0) expect(r.out).toBe('');
        expect(r.code === 0 ? r.out : r.err).toMatch(new RegExp(c.message));
        expect(r.err).not.toMatch(/internal error|TypeError|RangeError/);
        if (r.code === 0 && r.out.startsWith('{')) {
          const j = JSON.parse(r.out) as { cycles?: number; boundCycles?: number };
          if (j.cycles !== undefined && j.boundCycles !== undefined) expect(j.cycles).toBeGreaterThanOrEqual(j.boundCycles);
        }
        return;
      }
      let err: unknown;
      try {
        await run(file, c);
      } catch (e) {
        err = e;
      }
      if (c.code === 'ok') return void expect(err).toBeUndefined();
      expect(err).toBeInstanceOf(AddersimError);
      expect((err as AddersimError).code).toBe(c.code);
      expect((err as AddersimError).message).toMatch(new RegExp(c.message));
    });
  }
});
