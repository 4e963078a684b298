// Public surface of `addersim measure`: host identification, the harness, measurement. Imported
// lazily by the CLI; nothing in the rest of addersim depends on it.
export * from './host.ts';
export * from './harness.ts';
export * from './measure.ts';
export * from './calibrate.ts';
export * from './network.ts';
export * from './addressing.ts';
export * from './nest-asm.ts';
