// Golden outputs of `addersim ops` (regenerate with UPDATE_GOLDEN=1 after an intended change, and
// review the diff). A missing golden file fails: it is never written silently.
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.ts';

const CASES: Record<string, string[]> = {
  'ops-lenet5-bn-exact-layers.txt': ['ops', 'lenet5-bn', '--variant', 'all', '--convention', 'exact', '--layers'],
  'ops-resnet20-paper-all.txt': ['ops', 'resnet20', '--variant', 'all', '--convert', 'all'],
  'models.txt': ['models'],
};

/** Why `out` does not match the golden file at `path` (null: it matches); `update` writes it instead. */
function goldenProblem(path: string, out: string, update: boolean): string | null {
  if (update) {
    writeFileSync(path, out);
    return null;
  }
  if (!existsSync(path)) return `${path} is missing: run with UPDATE_GOLDEN=1 to write it, then review it`;
  return readFileSync(path, 'utf8') === out ? null : `${path} differs from the output`;
}

describe('ops golden files', () => {
  for (const [file, argv] of Object.entries(CASES)) {
    it(`${argv.join(' ')} → golden/${file}`, async () => {
      let out = '';
      const code = await main(argv, { out: (t) => void (out += t), err: () => {}, isTTY: false });
      expect(code).toBe(0);
      const path = join(__dirname, 'golden', file);
      const problem = goldenProblem(path, out, Boolean(process.env.UPDATE_GOLDEN));
      if (problem) expect(out, problem).toBe(existsSync(path) ? readFileSync(path, 'utf8') : `<${problem}>`);
    });
  }

  it('a missing golden file is a failure, and nothing is written', () => {
    const dir = mkdtempSync(join(tmpdir(), 'addersim-golden-'));
    const path = join(dir, 'absent.txt');
    expect(goldenProblem(path, 'x\n', false)).toMatch(/absent\.txt is missing: run with UPDATE_GOLDEN=1/);
    expect(existsSync(path)).toBe(false);
    writeFileSync(path, 'y\n');
    expect(goldenProblem(path, 'x\n', false)).toMatch(/differs/);
    expect(goldenProblem(path, 'y\n', false)).toBeNull();
  });
});
