// Public surface of the models layer: graphs, shapes, zoo, variants, op tables, loading, lowering.
export * from './graph.ts';
export * from './graph-file.ts';
export * from './shapes.ts';
export * from './macs.ts';
export * from './elementwise-costs.ts';
export * from './variants.ts';
export * from './op-table.ts';
export * from './load-model.ts';
export { ZOO, ZOO_NAMES, isZooName, zooModel, listModels, type ZooName } from './zoo/index.ts';
export { accumulatorsToCover, DEFAULT_ACCUMULATORS, lower, LOWERINGS, PAPER_EXCLUDED, type LoweringName, type LoweringOptions } from './lowering/index.ts';
