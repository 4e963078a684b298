// Result types of scheduling: plain JSON data read by reports, never the other way round.

export const SCHEDULERS = ['serial', 'bound', 'cycle'] as const;
export type SchedulerName = (typeof SCHEDULERS)[number];

export type Bottleneck = 'dispatch' | 'dependency' | `port:${string}` | 'latency' | 'none';

export interface LayerResult {
  readonly layer: string;
  readonly kind: string;
  /** Exact integer cycles for this layer's kernel. */
  readonly cycles: number;
  /** Instructions by form, exact. */
  readonly counts: Readonly<Record<string, number>>;
  readonly bottleneck?: Bottleneck;
  /** Busy cycles per port (exact integers), when the scheduler models ports. */
  readonly portCycles?: Readonly<Record<string, number>>;
  /** Numbers that were extrapolated rather than simulated, and how many iterations were simulated. */
  readonly extrapolation?: { readonly simulatedIterations: number; readonly totalIterations: number; readonly extrapolated: boolean };
}

export interface ScheduleResult {
  readonly scheduler: SchedulerName;
  readonly cpu: string;
  readonly cycles: number;
  readonly layers: readonly LayerResult[];
  readonly notes: readonly string[];
}
