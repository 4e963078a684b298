import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'examples/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // Spawned `bin/addersim.js` runs the TypeScript source (tsx), not a possibly stale dist/ build.
    env: { ADDERSIM_FROM_SOURCE: '1' },
    // Every suite (the fuzz properties included) runs with a bounded heap: runaway memory fails, not swaps.
    execArgv: ['--max-old-space-size=3072'],
  },
});
