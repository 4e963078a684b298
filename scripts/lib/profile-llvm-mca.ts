// Turns llvm-mca 14 output into profile timing: parses `-instruction-tables` and `-all-stats` text,
// decomposes each instruction's resource cycles into µops with port sets, and combines composites.
// Pure (no processes, no files): scripts/import-llvm-mca.ts runs the tool and writes the profile.

import { AddersimError } from '../../src/isa/index.ts';
import type { FormVariant } from '../../src/sim/profile/forms.ts';

export interface McaRow {
  uops: number;
  latency: number;
  rthroughput: number;
  mayLoad: boolean;
  mayStore: boolean;
  asm: string;
  /** Resource cycles per resource column (same order as `resources`). */
  pressure: number[];
}

export interface McaTables {
  command: string;
  /** Resource column names; a resource with several units gets `.0`, `.1` suffixes (`Zn3FPP45.0`). */
  resources: string[];
  rows: McaRow[];
}

export interface McaStats {
  command: string;
  dispatchWidth: number;
  /** 0 for an in-order model (MicroOpBufferSize = 0). */
  robEntries: number;
  schedulers: { name: string; entries: number }[];
}

const normAsm = (s: string) => s.trim().replace(/\s+/g, ' ');

export function parseInstructionTables(text: string, file = '<instruction-tables>'): McaTables {
  const lines = text.split('\n');
  const command = (lines[0] ?? '').replace(/^\$ /, '');
  const resources: string[] = [];
  const rows: McaRow[] = [];
  let i = 0;
  const find = (re: RegExp) => {
    while (i < lines.length && !re.test(lines[i]!)) i++;
    if (i >= lines.length) throw new AddersimError('BAD_INPUT', `llvm-mca output lacks a line matching ${re}`, file);
  };
  find(/^\[1\]\s+\[2\]\s+\[3\].*Instructions:/);
  for (i++; i < lines.length && lines[i]!.trim() !== ''; i++) {
    const l = lines[i]!;
    const m = /^\s*(\d+)\s+(\d+)\s+(\d+\.\d+)/.exec(l);
    if (!m) throw new AddersimError('BAD_INPUT', `cannot parse instruction info line "${l}"`, file);
    rows.push({
      uops: Number(m[1]),
      latency: Number(m[2]),
      rthroughput: Number(m[3]),
      mayLoad: l.slice(21, 28).includes('*'),
      mayStore: l.slice(28, 35).includes('*'),
      asm: normAsm(l.slice(42)),
      pressure: [],
    });
  }
  find(/^Resources:/);
  for (i++; i < lines.length && lines[i]!.trim() !== ''; i++) {
    const m = /^\[(\d+)(?:\.(\d+))?\]\s+-\s+(\S+)/.exec(lines[i]!);
    if (!m) throw new AddersimError('BAD_INPUT', `cannot parse resource line "${lines[i]}"`, file);
    resources.push(m[2] === undefined ? m[3]! : `${m[3]}.${m[2]}`);
  }
  find(/^Resource pressure by instruction:/);
  i += 2;
  for (const row of rows) {
    const toks = (lines[i++] ?? '').trim().split(/\s+/);
    row.pressure = toks.slice(0, resources.length).map((t) => (t === '-' ? 0 : Number(t)));
    const asm = normAsm(toks.slice(resources.length).join(' '));
    if (asm !== row.asm || row.pressure.some((x) => !Number.isFinite(x))) {
      throw new AddersimError('BAD_INPUT', `resource pressure row "${asm}" does not match instruction "${row.asm}"`, file);
    }
  }
  return { command, resources, rows };
}

export function parseStats(text: string, file = '<stats>'): McaStats {
  const num = (re: RegExp, what: string) => {
    const m = re.exec(text);
    if (!m) throw new AddersimError('BAD_INPUT', `llvm-mca -all-stats output lacks "${what}"`, file);
    return Number(m[1]);
  };
  const schedulers: { name: string; entries: number }[] = [];
  const q = /Scheduler's queue usage:[\s\S]*?\[1\]\s+\[2\]\s+\[3\]\s+\[4\]\n([\s\S]*?)\n\s*\n/.exec(text);
  if (q) {
    for (const l of q[1]!.split('\n')) {
      const m = /^(\S+)\s+\d+\s+\d+\s+(\d+)/.exec(l.trim());
      if (m) schedulers.push({ name: m[1]!, entries: Number(m[2]) });
    }
  }
  const rob = /Total ROB Entries:\s+(\d+)/.exec(text);
  return {
    command: (text.split('\n')[0] ?? '').replace(/^\$ /, ''),
    dispatchWidth: num(/Dispatch Width:\s+(\d+)/, 'Dispatch Width'),
    robEntries: rob ? Number(rob[1]) : 0,
    schedulers,
  };
}

export interface Uop {
  ports: string[];
  cycles: number;
}

/** How the generator reads a CPU's llvm-mca resources. */
export interface ResourceMap {
  /** llvm-mca resource column → profile port (pipelined issue ports). */
  ports: Readonly<Record<string, string>>;
  /** Sub-units that sit behind pipes (dividers, multipliers, Jaguar's JVALU): when their cycles exceed
   *  the cycles of the µops on their pipes, the last such µop is held longer (a non-pipelined divider
   *  keeps its port busy). */
  subunits?: readonly { cols: readonly string[]; pipes: readonly string[] }[];
  /** The model holds ALL ports of a group at once when their (whole) cycles exceed its µop count (Atom: a
   *  divide blocks both ports for 34 cycles): such a group becomes one single-port µop per port, busy that
   *  long. Fractional cycles (1.5 on each) keep the default: one multi-cycle µop on either port. */
  simultaneous?: boolean;
  /** Port clusters (ALUs, AGUs, FP pipes…): µop port sets never span two clusters. Default: one cluster. */
  clusters?: readonly (readonly string[])[];
  /** Columns that duplicate a pipe's occupancy (sub-units, queues); ignored. */
  ignore?: readonly string[];
}

const near = (a: number, b: number) => Math.abs(a - b) < 0.03;

/**
 * Decomposes one instruction's resource cycles into µops with port sets. llvm-mca spreads a µop that
 * may use any of k ports as 1/k cycle on each, so ports with equal pressure form one group whose
 * total is its µop count: `SKLPort0:0.5 SKLPort1:0.5` = one µop on p0|p1; `SKLPort0:1 SKLPort1:1`
 * = two µops on p0|p1; a store = AGU µop (p2|p3|p7) + store-data µop (p4). Groups with a
 * non-integer total are peeled (largest set first). µops beyond llvm-mca's count are merged into
 * multi-cycle µops (a 128-bit op holding a 64-bit pipe 2 cycles).
 */
export function decomposeUops(row: McaRow, resources: readonly string[], map: ResourceMap, where: string): { uops: Uop[]; notes: string[] } {
  const notes: string[] = [];
  const press = new Map<string, number>();
  const sub = new Map<string, number>();
  row.pressure.forEach((c, k) => {
    if (c === 0) return;
    const col = resources[k]!;
    const port = map.ports[col];
    if (port !== undefined) press.set(port, (press.get(port) ?? 0) + c);
    else if (map.subunits?.some((g) => g.cols.includes(col))) sub.set(col, c);
    else if (!map.ignore?.includes(col)) throw new AddersimError('BAD_INPUT', `resource ${col} (${c} cycles) is neither a port, a sub-unit nor ignored`, where);
  });
  // 1. group ports of one cluster by equal pressure
  const cluster = (p: string) =>
    Math.max(
      0,
      (map.clusters ?? []).findIndex((c) => c.includes(p)),
    );
  const groups = new Map<string, string[]>();
  for (const [p, c] of press) {
    const key = `${cluster(p)}:${c.toFixed(2)}`;
    groups.set(key, [...(groups.get(key) ?? []), p]);
  }
  let uops: Uop[] = [];
  const rest = new Map<string, number>();
  for (const [key, ports] of [...groups].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const v = Number(key.split(':')[1]);
    const total = v * ports.length;
    const m = Math.round(total);
    if (map.simultaneous && ports.length > 1 && total > Math.max(1, row.uops) + 0.03 && v >= 1 && near(v, Math.round(v))) {
      for (const p of [...ports].sort()) uops.push({ ports: [p], cycles: Math.round(v) });
      notes.push(`llvm-mca holds ${[...ports].sort().join(' and ')} ${Math.round(v)} cycles each: one µop per port`);
    } else if (m >= 1 && near(total, m)) for (let j = 0; j < m; j++) uops.push({ ports: [...ports].sort(), cycles: 1 });
    else for (const p of ports) rest.set(p, v);
  }
  // 2. peel what grouping could not explain: per cluster, the set of all remaining ports at the smallest pressure
  while (rest.size > 0) {
    const first = cluster([...rest.keys()].sort()[0]!);
    const set = [...rest.keys()].filter((p) => cluster(p) === first).sort();
    const r = Math.min(...rest.values());
    const k = r * set.length;
    const m = Math.round(k);
    if (m < 1 || !near(k, m)) {
      throw new AddersimError('BAD_INPUT', `cannot decompose resource cycles ${[...press].map(([p, c]) => `${p}:${c}`).join(' ')} into µops`, where);
    }
    for (let j = 0; j < m; j++) uops.push({ ports: set, cycles: 1 });
    for (const p of set) {
      const left = rest.get(p)! - r;
      if (left < 0.03) rest.delete(p);
      else rest.set(p, left);
    }
  }
  // 3. more µops than llvm-mca counts: merge µops on the same port set into multi-cycle µops
  while (uops.length > Math.max(1, row.uops)) {
    const key = (u: Uop) => u.ports.join('|');
    const a = uops.findIndex((u, j) => uops.some((v, k) => k > j && key(v) === key(u)));
    if (a < 0) break;
    const b = uops.findIndex((v, k) => k > a && key(v) === key(uops[a]!));
    uops[a] = { ports: uops[a]!.ports, cycles: uops[a]!.cycles + uops[b]!.cycles };
    uops = uops.filter((_, k) => k !== b);
  }
  // 4. sub-units busier than their pipes' µops hold the last such µop longer
  for (const g of map.subunits ?? []) {
    const T = g.cols.reduce((s, c) => s + (sub.get(c) ?? 0), 0);
    if (T === 0) continue;
    const on = uops.map((u, j) => [u, j] as const).filter(([u]) => u.ports.some((p) => g.pipes.includes(p)));
    const C = on.reduce((s, [u]) => s + u.cycles, 0);
    if (on.length === 0) throw new AddersimError('BAD_INPUT', `sub-unit ${g.cols.join('+')} busy ${T} but no µop on ${g.pipes.join('|')}`, where);
    if (T > C + 0.03) {
      const [u, j] = on[on.length - 1]!;
      uops[j] = { ports: u.ports, cycles: u.cycles + Math.round(T - C) };
      notes.push(`${g.cols.join('+')} busy ${T} cycles: the µop holds ${u.ports.join('|')} ${uops[j]!.cycles} cycles`);
    }
  }
  if (uops.length === 0) {
    // e.g. a register move eliminated at rename: it still takes a dispatch slot
    const all = [...new Set(Object.values(map.ports))].sort();
    const widest = [...(map.clusters ?? [all])].sort((a, b) => b.length - a.length)[0] ?? all;
    uops.push({ ports: [...widest].sort(), cycles: 1 });
    notes.push(`llvm-mca gives no port cycles (e.g. eliminated at rename); modelled as one µop on any of ${widest.join('|')}`);
  }
  if (uops.length < row.uops) notes.push(`llvm-mca counts ${row.uops} µops; ${uops.length} carry port cycles`);
  return { uops, notes };
}

/** Reciprocal throughput implied by µops when each may take any of its ports: max over port sets S of (cycles of µops confined to S) / |S|. */
export function uopsRthroughput(uops: readonly Uop[]): number {
  const ports = [...new Set(uops.flatMap((u) => u.ports))].sort();
  if (ports.length > 16) throw new Error('too many ports for exact throughput');
  let best = 0;
  for (let mask = 1; mask < 1 << ports.length; mask++) {
    const inS = (p: string) => (mask >> ports.indexOf(p)) & 1;
    let cyc = 0;
    for (const u of uops) if (u.ports.every(inS)) cyc += u.cycles;
    const size = ports.filter((p) => inS(p)).length;
    best = Math.max(best, cyc / size);
  }
  return best;
}

export interface TimedPart {
  instruction: string;
  latency: number;
  uops: Uop[];
  dispatchUops?: number;
}

export interface TimedVariant {
  latency: number;
  rthroughput: number;
  uops: Uop[];
  notes: string[];
  rows: McaRow[];
  /** Per-instruction parts of a composite (undefined for one instruction). */
  parts?: TimedPart[];
}

/** Timing of one form variant from its instructions' rows: a composite chains or runs in parallel. */
export function timeVariant(
  v: FormVariant,
  rowsByAsm: ReadonlyMap<string, McaRow>,
  resources: readonly string[],
  map: ResourceMap,
  where: string,
): TimedVariant {
  const rows = v.asm.map((a) => {
    const r = rowsByAsm.get(normAsm(a));
    if (!r) throw new AddersimError('BAD_INPUT', `llvm-mca output has no row for "${a}"`, where);
    return r;
  });
  const notes: string[] = [];
  const uops: Uop[] = [];
  const parts: TimedPart[] = [];
  rows.forEach((r, i) => {
    const d = decomposeUops(r, resources, map, `${where} (${r.asm})`);
    uops.push(...d.uops);
    notes.push(...d.notes);
    parts.push({ instruction: v.asm[i]!, latency: r.latency, uops: d.uops, ...(r.uops !== d.uops.length && r.uops > 0 ? { dispatchUops: r.uops } : {}) });
  });
  const latency = v.combine === 'parallel' ? Math.max(...rows.map((r) => r.latency)) : rows.reduce((s, r) => s + r.latency, 0);
  let rthroughput: number;
  if (rows.length === 1) {
    rthroughput = rows[0]!.rthroughput;
    const implied = uopsRthroughput(uops);
    if (!near(implied, rthroughput)) notes.push(`llvm-mca RThroughput ${rthroughput}; the µops imply ${round2(implied)}`);
  } else {
    rthroughput = round2(uopsRthroughput(uops));
    notes.push(`composite (${v.combine}): ${rows.map((r) => `${r.asm} ${r.latency}/${r.rthroughput}`).join(' + ')}; rthroughput from the combined µops`);
  }
  return { latency, rthroughput, uops, notes, rows, ...(rows.length > 1 ? { parts } : {}) };
}

export const round2 = (x: number) => Math.round(x * 100) / 100;
