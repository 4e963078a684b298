// Public surface of the isa layer.
export * from './ops.ts';
export * from './errors.ts';
export * from './forms.ts';
export * from './checked.ts';
export * from './kernel.ts';
export * from './count.ts';
export * from './print.ts';
export * from './kernel-file.ts';
export * from './target.ts';
export * from './x86-copies.ts';
export * from './limits.ts';
export * from './did-you-mean.ts';
// File reading (node:fs); the explorer's browser build replaces this one module (src/explore/build.ts).
export * from './read-input.ts';
export * from './api-args.ts';
export * from './group-digits.ts';
