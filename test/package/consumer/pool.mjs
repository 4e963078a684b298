// The installed package's worker threads: evaluateOnPool on 2 threads (dist/worker-task.js) gives the
// same cycles as evaluate in-process.
import { evaluate, evaluateOnPool, loadModel, loadProfile, startPool } from 'addersim';

const cpu = loadProfile('intel-skylake');
const { graph } = await loadModel('lenet5-bn');
const opts = { variant: 'adder', convert: 'all', lowering: 'scalar', scheduler: 'cycle' };
const pool = startPool(2);
try {
  const [here, there] = [evaluate(graph, cpu, opts), await evaluateOnPool(graph, cpu, opts, pool)];
  if (here.result.cycles !== there.result.cycles) throw new Error(`pool ${there.result.cycles} ≠ in-process ${here.result.cycles}`);
  console.log(`pool: ${there.result.cycles.toLocaleString('en-US')} cycles on 2 threads = in-process`);
} finally {
  await pool.destroy();
}
