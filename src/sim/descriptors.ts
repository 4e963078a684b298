// Static per-(form, profile) instruction descriptors (llvm-mca's `InstrDesc`): latency and µops with
// port sets and busy cycles, built once per profile and frozen. Dynamic state lives in src/sim/cycle/.

import { AddersimError, formName, missingFormMessage, type Form } from '../isa/index.ts';
import type { Profile } from './profile/schema.ts';

export interface UopDesc {
  /** Indices into `MachineDesc.ports` this µop may issue to (any one of them). */
  readonly ports: readonly number[];
  /** Bit mask of `ports` (port i = bit i). */
  readonly portMask: number;
  /** Cycles the chosen port stays busy (1 = fully pipelined). */
  readonly busyCycles: number;
}

export interface InstrDesc {
  readonly form: string;
  readonly latencyCycles: number;
  /** Latency seen by a reader that uses this result as its accumulator (its own destination): operand
   *  forwarding (profile `accumulatorLatency`, LLVM ReadAdvance); equals `latencyCycles` when absent. */
  readonly accumulatorLatencyCycles: number;
  /** Cycles this form reads a forwarded result early through any source, from a producer that also
   *  has a read advance (profile `readAdvance`, LLVM ReadAdvance on all operands); 0 = none. */
  readonly readAdvanceCycles: number;
  readonly uops: readonly UopDesc[];
  /** µops counted by dispatch, reorder buffer and retire (profile `dispatchUops`, else the port µops). */
  readonly numUops: number;
  /** In-order cores: may write back after a later instruction (profile `retireOutOfOrder`). */
  readonly retireOutOfOrder: boolean;
  /** A chain composite's parts, each its own descriptor (dispatched one by one by the cycle model). */
  readonly chainParts?: readonly InstrDesc[];
  /** A parallel composite's parts (each reads the form's sources and writes its own share of the
   *  destination; dispatched one by one by the cycle model where the destination can be split). */
  readonly parallelParts?: readonly InstrDesc[];
}

/**
 * Cycles from `producer`'s issue until `consumer` may use its result: the producer's latency, its
 * accumulator latency when read as the consumer's accumulator, and less the consumer's read advance
 * when both are on the forwarding network (both have a read advance). Never below 0. The one rule
 * the cycle model and the bound share, so the bound stays a lower bound.
 */
export function readLatency(producer: InstrDesc, consumer: InstrDesc, asAccumulator: boolean): number {
  let lat = asAccumulator ? producer.accumulatorLatencyCycles : producer.latencyCycles;
  if (consumer.readAdvanceCycles > 0 && producer.readAdvanceCycles > 0) lat = Math.min(lat, Math.max(0, producer.latencyCycles - consumer.readAdvanceCycles));
  return lat;
}

/** Machine-level facts the schedulers read, with explicit assumptions where the profile has none. */
export interface MachineDesc {
  readonly profile: string;
  readonly issue: 'out-of-order' | 'in-order';
  readonly ports: readonly string[];
  readonly dispatchWidth: number;
  readonly retireWidth: number;
  readonly reorderBuffer: number;
  readonly schedulerSize: number;
  /** Pipe binding at dispatch (machine.pipeBinding): per queue the bit mask of its ports; empty: none. */
  readonly bindQueues: readonly number[];
  /** Write-back conflicts (machine.writeBackConflicts): the pipes' bit mask (0: none). */
  readonly writeBackPorts: number;
  /** Assumptions the scheduler had to make (e.g. an unknown reorder-buffer size). */
  readonly notes: readonly string[];
}

/** Reorder-buffer size used when a profile says the size is unknown (documented in results' notes). */
export const ASSUMED_REORDER_BUFFER = 64;

const machineCache = new WeakMap<Profile, MachineDesc>();
const descCache = new WeakMap<Profile, Map<string, InstrDesc>>();

function positiveInt(x: number, what: string, profile: string): number {
  if (!Number.isInteger(x) || x < 1)
    throw new AddersimError('BAD_INPUT', `${what} must be a positive integer for scheduling, got ${x}`, `profile ${profile}: machine.${what}`);
  return x;
}

export function machineDesc(p: Profile): MachineDesc {
  const hit = machineCache.get(p);
  if (hit) return hit;
  const ports = Object.keys(p.ports);
  if (ports.length > 30) throw new AddersimError('LIMIT', `${ports.length} ports: at most 30 are supported`, `profile ${p.name}: ports`);
  const notes: string[] = [];
  const m = p.machine;
  let rob: number;
  if (m.reorderBuffer.value === null) {
    rob = ASSUMED_REORDER_BUFFER;
    if (m.issue === 'out-of-order') notes.push(`reorder buffer size unknown in profile ${p.name}: assumed ${rob} µops`);
  } else rob = positiveInt(m.reorderBuffer.value, 'reorderBuffer', p.name);
  const sched = m.schedulerSize.value === null ? rob : positiveInt(m.schedulerSize.value, 'schedulerSize', p.name);
  if (m.schedulerSize.value === null && m.issue === 'out-of-order')
    notes.push(`scheduler size unknown in profile ${p.name}: limited by the reorder buffer only`);
  const d: MachineDesc = Object.freeze({
    profile: p.name,
    issue: m.issue,
    ports: Object.freeze(ports),
    dispatchWidth: positiveInt(m.dispatchWidth.value, 'dispatchWidth', p.name),
    retireWidth: positiveInt(m.retireWidth.value, 'retireWidth', p.name),
    reorderBuffer: rob,
    schedulerSize: Math.min(sched, rob),
    bindQueues: Object.freeze(
      m.issue === 'out-of-order' ? (m.pipeBinding?.queues ?? []).map((q) => q.reduce((mask, name) => mask | (1 << ports.indexOf(name)), 0)) : [],
    ),
    writeBackPorts:
      m.issue === 'out-of-order' && m.writeBackConflicts ? m.writeBackConflicts.ports.reduce((mask, name) => mask | (1 << ports.indexOf(name)), 0) : 0,
    notes: Object.freeze(notes),
  });
  machineCache.set(p, d);
  return d;
}

/** The frozen descriptor of `form` on profile `p`; a form the profile lacks is an error naming both. */
export function instrDesc(p: Profile, form: string | Form, path?: string): InstrDesc {
  const name = typeof form === 'string' ? form : formName(form);
  let cache = descCache.get(p);
  if (!cache) descCache.set(p, (cache = new Map()));
  const hit = cache.get(name);
  if (hit) return hit;
  const t = Object.hasOwn(p.forms, name) ? p.forms[name] : undefined;
  if (!t) throw new AddersimError('UNKNOWN_FORM', missingFormMessage(name, p.name, p.absent), path);
  const portIndex = new Map(machineDesc(p).ports.map((n, i) => [n, i]));
  const uopsOf = (us: readonly { ports: readonly string[]; cycles: number }[]) =>
    Object.freeze(
      us.map((u) => {
        const ports = [...new Set(u.ports.map((n) => portIndex.get(n)!))].sort((a, b) => a - b);
        return Object.freeze({ ports: Object.freeze(ports), portMask: ports.reduce((m, i) => m | (1 << i), 0), busyCycles: u.cycles });
      }),
    );
  const compositeParts = t.composite
    ? Object.freeze(
        t.composite.parts.map(
          (part, k): InstrDesc =>
            Object.freeze({
              form: `${name}#${k}`,
              latencyCycles: part.latency,
              accumulatorLatencyCycles: part.latency,
              readAdvanceCycles: 0,
              uops: uopsOf(part.uops),
              numUops: part.dispatchUops ?? part.uops.length,
              retireOutOfOrder: t.retireOutOfOrder ?? false,
            }),
        ),
      )
    : undefined;
  const d: InstrDesc = Object.freeze({
    form: name,
    latencyCycles: t.latency,
    accumulatorLatencyCycles: Math.min(t.accumulatorLatency ?? t.latency, t.latency),
    readAdvanceCycles: t.readAdvance ?? 0,
    uops: uopsOf(t.uops),
    numUops: t.dispatchUops ?? t.uops.length,
    retireOutOfOrder: t.retireOutOfOrder ?? false,
    ...(compositeParts ? (t.composite!.combine === 'chain' ? { chainParts: compositeParts } : { parallelParts: compositeParts }) : {}),
  });
  cache.set(name, d);
  return d;
}
