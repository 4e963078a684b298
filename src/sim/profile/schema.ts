// The CPU profile schema `addersim/profile@1`: strict (unknown keys are errors), no defaults for
// physical numbers, provenance on every number. A `source` is an id defined in cpu-profiles/SOURCES.md
// (optionally followed by ": detail"), or "assumption: <why>".

import { z } from 'zod';

export const sourceSchema = z
  .string()
  .min(3)
  .regex(/^(assumption: .+|[a-z0-9][a-z0-9-]*[a-z0-9](: .+)?)$/, 'a source is a SOURCES.md id (e.g. "instlatx64-cna: test 862") or "assumption: <reason>"');

/** A number with its provenance. `min`/`max` optionally give an uncertainty range around `value`. */
export const sourcedNumber = z
  .strictObject({
    value: z.number().min(0),
    source: sourceSchema,
    note: z.string().optional(),
    min: z.number().min(0).optional(),
    max: z.number().min(0).optional(),
  })
  .refine((n) => (n.min ?? n.value) <= n.value && n.value <= (n.max ?? n.value), { message: 'range must satisfy min ≤ value ≤ max' });
export type SourcedNumber = z.infer<typeof sourcedNumber>;

/** A physical number that no source gives: `null` with a note saying so; consumers report it as unknown. */
export const unknownNumber = z.strictObject({ value: z.null(), note: z.string().min(3) });

const portName = z.string().regex(/^[A-Za-z][A-Za-z0-9_]*$/, 'port names are identifiers');

export const uopSchema = z.strictObject({
  /** Ports this µop may issue to (any one of them). */
  ports: z.array(portName).min(1),
  /** Cycles the chosen port is busy (1 = fully pipelined). */
  cycles: z.number().int().min(1),
});

/** One instruction of a composite form (e.g. x86 `xnor.i64` = `xor` then `not`). */
export const compositePartSchema = z.strictObject({
  instruction: z.string().min(1),
  latency: z.number().int().min(0),
  uops: z.array(uopSchema).min(1),
  dispatchUops: z.number().int().min(1).optional(),
});

export const formTimingSchema = z.strictObject({
  latency: z.number().int().min(0),
  /** Reciprocal throughput as the source gives it (cycles per instruction); checked against `uops`. */
  rthroughput: z.number().positive(),
  /** Empty for a register copy eliminated at rename (machine.moveElimination): no port, latency 0,
   *  `dispatchUops` slots in dispatch, reorder buffer and retire. */
  uops: z.array(uopSchema),
  /** µops counted by dispatch, reorder buffer and retire when that differs from `uops.length` (llvm-mca's
   *  #uOps: a micro-fused store is one, a µop without port cycles still takes a slot). Absent = uops.length. */
  dispatchUops: z.number().int().min(1).optional(),
  source: sourceSchema,
  /** The instruction this form stands for, e.g. `mulsd xmm, xmm` or `fmul (x87)`. */
  instruction: z.string().optional(),
  note: z.string().optional(),
  /** Latency seen through the source that is also the destination register (the accumulator: `acc` in
   *  `acc = fma(x, w, acc)` or `acc = add(acc, t)`) when the core forwards it early (LLVM ReadAdvance:
   *  Cortex-A57 FMLA 10 → 4, Cortex-A55 ALU 3 → 1); a loop-carried accumulator chain recurs at this
   *  interval. Absent = `latency`. */
  accumulatorLatency: z.number().int().min(0).optional(),
  /** Operand forwarding through ANY source (LLVM ReadAdvance on every operand of a class, e.g. Cortex-A55
   *  `ReadAdvance<ReadI, 2, [WriteI, WriteIM, …]>`): this form reads a result produced by a form that also
   *  has `readAdvance` (the forwarding network) this many cycles before the producer's latency has passed:
   *  `eon` (3) → `add` (readAdvance 2) in 1 cycle. Absent = 0 (no forwarding; e.g. loads, NEON). */
  readAdvance: z.number().int().min(1).optional(),
  /** A form made of several instructions, for schedulers that dispatch them one by one. `chain`: each
   *  part reads the previous part's result (the first reads the form's sources, the last writes its
   *  destination); `parallel`: every part reads the sources, the result is ready when all are done.
   *  The form's own latency / uops are the combined values. */
  composite: z.strictObject({ combine: z.enum(['chain', 'parallel']), parts: z.array(compositePartSchema).min(2) }).optional(),
  /** In-order cores: this form's result may be written back after a later instruction's (LLVM RetireOOO,
   *  e.g. Cortex-A55 FMAC), so later independent instructions are not held back to keep write-back order. */
  retireOutOfOrder: z.boolean().optional(),
  /** Optional uncertainty of the latency (e.g. where LLVM's model and a measurement disagree). */
  latencyRange: z.tuple([z.number().int().min(0), z.number().int().min(0)]).optional(),
});
export type FormTiming = z.infer<typeof formTimingSchema>;

const memoryLevelSchema = z.strictObject({
  level: z.string().min(1),
  sizeBytes: z.union([sourcedNumber, unknownNumber]),
  latencyCycles: z.union([sourcedNumber, unknownNumber]),
  bytesPerCycle: z.union([sourcedNumber, unknownNumber]),
});

export const profileSchema = z.strictObject({
  schema: z.literal('addersim/profile@1'),
  /** Kebab-case; a derived (what-if) profile appends `+<what changed>`: `intel-skylake+forms.mul.f32.latency=5`. */
  name: z.string().regex(/^[a-z0-9][a-z0-9-]*(\+[A-Za-z0-9._=,+-]+)?$/, 'profile names are kebab-case (a derived profile: base+what-changed)'),
  description: z.string(),
  identity: z.strictObject({
    vendor: z.string(),
    model: z.string(),
    microarchitecture: z.string(),
    isa: z.enum(['x86', 'aarch64', 'armv7m']),
    clockGHz: sourcedNumber,
    /** For profiles generated from LLVM: the -mcpu and LLVM version they came from. */
    llvm: z.strictObject({ mcpu: z.string(), version: z.string(), generatedBy: z.string() }).optional(),
  }),
  machine: z.strictObject({
    /** 'out-of-order' or 'in-order' issue. */
    issue: z.enum(['out-of-order', 'in-order']),
    issueSource: sourceSchema,
    dispatchWidth: sourcedNumber,
    retireWidth: sourcedNumber,
    reorderBuffer: z.union([sourcedNumber, unknownNumber]),
    schedulerSize: z.union([sourcedNumber, unknownNumber]),
    loadLatency: sourcedNumber,
    /** Optional split of the scheduler into queues (reservation stations), each feeding some ports, as
     *  the LLVM model has them (Zen: integer and FP schedulers; Silvermont: 1-entry FP stations). A µop
     *  waits in the queue of its ports; ports in no queue use the unified window (`schedulerSize`). */
    schedulerQueues: z.array(z.strictObject({ name: z.string().min(1), ports: z.array(portName).min(1), entries: sourcedNumber })).optional(),
    /** Register copies eliminated at rename (Zen 3: `mov r64`, `vmovaps`/`movdqa` xmm/ymm): the forms that are
     *  are those with `uops: []` (no execution port, latency 0, one dispatch slot each); `perCycle` is how many
     *  the renamer eliminates per cycle. The cycle model limits them by the dispatch width only, so a
     *  `perCycle` below the dispatch width is refused rather than ignored. */
    moveElimination: z.strictObject({ perCycle: sourcedNumber, note: z.string().optional() }).optional(),
    /** Pipe binding at dispatch (out-of-order only): the pipes listed are fed by separate scheduler queues
     *  (`queues`, each a list of pipes). A single-µop instruction whose ports all lie in these queues is
     *  put at dispatch into the eligible queue (one holding at least one of its ports) with the fewest
     *  µops waiting (dispatched, not issued), ties to the first listed; it then issues only to that
     *  queue's pipes among its own. Absent: a ready µop takes any free port of its own at issue. */
    pipeBinding: z
      .strictObject({
        policy: z.literal('fewest-waiting'),
        queues: z.array(z.array(portName).min(1)).min(1).max(8),
        source: sourceSchema,
        note: z.string().optional(),
      })
      .optional(),
    /** Write-back (result bus) conflicts on the listed pipes (out-of-order only): one result per pipe per cycle.
     *  An instruction whose result would land on its (first µop's) pipe in a cycle where the result of one
     *  issued earlier lands there gets its result one cycle later, and again while that cycle is taken; its
     *  readers and its retirement follow the late result. Only results of different latencies can meet (one
     *  issue per pipe per cycle), and the later-issued, shorter one is late. The pipe is chosen as without
     *  the property: the issue logic does not see the conflict. */
    writeBackConflicts: z
      .strictObject({
        ports: z.array(portName).min(1),
        source: sourceSchema,
        note: z.string().optional(),
      })
      .optional(),
  }),
  /** Port name → what it executes. */
  ports: z.record(portName, z.string()),
  /** Form (`mul.f64`, `fma.f32x8`) → timing. */
  forms: z.record(z.string(), formTimingSchema),
  /** Forms the CPU has no instruction for (`*.f64` on a single-precision FPU), each group with the reason and its
   *  source: a kernel or lowering that needs one fails naming the reason. Patterns are `op.type`, `*` = any run of
   *  [a-z0-9]; a form both timed in `forms` and listed absent is refused. */
  absent: z
    .array(
      z.strictObject({
        forms: z.array(z.string().regex(/^[a-z*]+\.[a-z0-9*]+$/, 'an absence pattern is op.type, with * for any run of letters and digits')).min(1),
        reason: z.string().min(10),
        source: sourceSchema,
      }),
    )
    .optional(),
  memory: z.array(memoryLevelSchema),
  energy: z.string().min(1),
  notes: z.array(z.string()).default([]),
});

export type Profile = z.infer<typeof profileSchema>;
export type ProfileFile = z.input<typeof profileSchema>;
