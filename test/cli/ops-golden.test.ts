// Golden outputs of `addersim ops` (regenerate with UPDATE_GOLDEN=1 after an intended change).
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.ts';

const CASES: Record<string, string[]> = {
  'ops-lenet5-bn-exact-layers.txt': ['ops', 'lenet5-bn', '--variant', 'all', '--convention', 'exact', '--layers'],
  'ops-resnet20-paper-all.txt': ['ops', 'resnet20', '--variant', 'all', '--convert', 'all'],
  'models.txt': ['models'],
};

describe('ops golden files', () => {
  for (const [file, argv] of Object.entries(CASES)) {
    it(`${argv.join(' ')} → golden/${file}`, async () => {
      let out = '';
      const code = await main(argv, { out: (t) => void (out += t), err: () => {}, isTTY: false });
      expect(code).toBe(0);
      const path = join(__dirname, 'golden', file);
      if (process.env.UPDATE_GOLDEN || !existsSync(path)) writeFileSync(path, out);
      expect(out).toBe(readFileSync(path, 'utf8'));
    });
  }
});
