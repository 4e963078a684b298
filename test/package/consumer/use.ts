// A TypeScript consumer type-checked against the published declarations (tsc --noEmit in the install folder).
import { evaluate, loadModel, loadProfile, type EvaluateOptions, type Profile } from 'addersim';

const nano: Profile = loadProfile('via-nano-2000');
const opts: EvaluateOptions = { variant: 'adder', convert: 'all', lowering: 'paper', scheduler: 'serial' };
const { graph } = await loadModel('lenet5-bn');
const cycles: number = evaluate(graph, nano, opts).result.cycles;
console.log(cycles);
