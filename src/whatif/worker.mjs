// Worker-thread entry of the sweep pool (piscina `filename`): worker threads do not inherit the tsx
// loader, so register it here, then hand piscina the TypeScript task function.
import { register } from 'tsx/esm/api';

register();
const { runTask } = await import('./worker-task.ts');
export default runTask;
