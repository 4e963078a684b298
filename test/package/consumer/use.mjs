// A plain Node consumer of the installed package (no TypeScript runtime): lenet5-bn's AdderNet cycles,
// serial model, paper lowering on the VIA Nano 2000 profile = 416,520 MACs × 2 adds × 2 cycles.
import { evaluate, loadModel, loadProfile } from 'addersim';

const nano = loadProfile('via-nano-2000');
const { graph } = await loadModel('lenet5-bn');
const e = evaluate(graph, nano, { variant: 'adder', convert: 'all', lowering: 'paper', scheduler: 'serial' });
console.log(`lenet5-bn adder serial cycles: ${e.result.cycles.toLocaleString('en-US')}`);
