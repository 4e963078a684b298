// `npm run fuzz [-- SCALE [SEED]]`: the fuzz suites (test/fuzz/) with more inputs and another seed than CI
// (default ×10, seed 1): FUZZ_SCALE multiplies every property's run count, FUZZ_SEED replaces the fixed seed.
import { spawnSync } from 'node:child_process';

const [scale = '10', seed = '1'] = process.argv.slice(2);
console.error(`addersim fuzz: FUZZ_SCALE=${scale} FUZZ_SEED=${seed}`);
const r = spawnSync('npx', ['vitest', 'run', 'test/fuzz', '--testTimeout', '0'], {
  stdio: 'inherit',
  env: { ...process.env, FUZZ_SCALE: scale, FUZZ_SEED: seed },
});
process.exit(r.status ?? 1);
