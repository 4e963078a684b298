// `npm run test:quick`: the edit–test loop (1m45s on an idle 2-core machine, the full suite 6m40s): every test except the fuzz suites, the long
// network comparisons through the cycle model, the external-tool validations (llvm-mca, pdflatex,
// Chromium) and the end-to-end runs (report, examples/ scripts in child processes). `npm test` runs everything (vitest.config.ts).
import { defineConfig, mergeConfig } from 'vitest/config';
import base from './vitest.config.ts';

export const SLOW = [
  'test/fuzz/**',
  'test/validation/**',
  'test/sim/cycle-networks.test.ts',
  'test/sim/profiles-generator.test.ts',
  'test/reports/latex-compile.test.ts',
  'test/reports/html-chromium.test.ts',
  'test/reports/report-cli.test.ts',
  'test/examples.test.ts',
  // the whole-grid properties and the end-to-end runs (Chromium, child processes, README commands, npm pack)
  'test/properties/entry-points-grid.test.ts',
  'test/properties/composite-forms.test.ts',
  'test/properties/zoo-forms-coverage.test.ts',
  'test/explore/explorer-browser.test.ts',
  'test/readme.test.ts',
  'test/package/pack.test.ts',
  'test/reports/out-folder.test.ts',
  'test/whatif/sweep-lock.test.ts',
];

export default mergeConfig(base, defineConfig({ test: { exclude: [...SLOW, '**/node_modules/**'] } }));
