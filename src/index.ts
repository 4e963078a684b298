// The public API of addersim: re-exports only.
export * from './isa/index.ts';
export * from './models/index.ts';
export * from './sim/profile-schema.ts';
export * from './sim/profile-loader.ts';
export * from './sim/profile-sources.ts';
export { FORM_TABLES, FEATURES, pickVariant, variantText, type Feature, type FormVariant, type FormTable } from './sim/profile-forms.ts';
export * from './sim/result.ts';
export * from './sim/descriptors.ts';
export * from './sim/serial.ts';
export * from './sim/bound.ts';
export * from './sim/schedule.ts';
export { renderTimeline } from './sim/cycle/timeline-view.ts';
export * from './isa/emit-asm.ts';
