// Public surface of the models layer: graphs, shapes, zoo, variants, op tables, loading, lowering.
export * from './graph.ts';
export * from './graph-file.ts';
export * from './shapes.ts';
export * from './macs.ts';
export * from './elementwise-costs.ts';
export * from './variants.ts';
export * from './op-table.ts';
export * from './load-model.ts';
export { ZOO_NAMES, zooModel, listModels } from './zoo/index.ts';
export { lower, LOWERINGS, type LoweringName } from './lowering/index.ts';
