// The public API of addersim: re-exports only.
export * from './isa/index.ts';
export * from './models/index.ts';
export * from './sim/profile-schema.ts';
export * from './sim/profile-loader.ts';
export * from './sim/result.ts';
