// Sweeps cut into shards for cluster schedulers (Slurm job arrays, Kubernetes Indexed Jobs, GNU parallel):
// shard K/N evaluates the K-th of N contiguous runs of point indices, and writes a *part*: one line of
// metadata (the sweep's input hash, K/N, its index range, the format) followed by the exact row lines the
// unsharded sweep writes for those indices. `mergeParts` checks that the parts belong to the same sweep
// and cover it once, and returns the unsharded file byte for byte (header + rows in order + footer).
//   {"schema":"addersim/sweep-part@1","inputHash":"sha256:9f2c…","shard":[2,3],"from":334,"to":667,"count":1000,"format":"csv","columns":[…]}
//   334,resnet50,via-nano-2000,cnn,inner,bound,scalar,14,15,8222667592

import { AddersimError } from '../isa/index.ts';
import { fileHeader, footerLine, type FileRange, type SweepFormat } from './sweep-output.ts';
import type { SweepPlan } from './sweep.ts';

export const SWEEP_PART_SCHEMA_ID = 'addersim/sweep-part@1';

/** The largest N of --shard K/N (a cluster of a million jobs is more than any grid needs). */
export const MAX_SHARDS = 1_000_000;

export interface Shard {
  /** 1-based, as job-array indices usually are (Kubernetes' JOB_COMPLETION_INDEX is 0-based: add 1). */
  readonly k: number;
  readonly n: number;
}

/** `K/N` with 1 ≤ K ≤ N. */
export function parseShard(text: string, where = '--shard'): Shard {
  const m = /^(\d+)\/(\d+)$/.exec(text.trim());
  const k = m ? Number(m[1]) : NaN;
  const n = m ? Number(m[2]) : NaN;
  if (!m || !Number.isSafeInteger(k) || !Number.isSafeInteger(n) || k < 1 || n < 1 || k > n)
    throw new AddersimError('USAGE', `expected K/N with 1 ≤ K ≤ N (e.g. 2/8), got "${text}"`, where);
  if (n > MAX_SHARDS) throw new AddersimError('LIMIT', `at most ${MAX_SHARDS} shards, got ${n}`, where);
  return { k, n };
}

/** The indices [from, to) of shard K/N of `count` points: contiguous, sizes differ by at most one. */
export function shardRange(count: number, shard: Shard): { from: number; to: number } {
  const at = (k: number): number => Math.floor((k * count) / shard.n); // count ≤ 10^6, n ≤ 10^6: exact
  return { from: at(shard.k - 1), to: at(shard.k) };
}

interface PartMeta {
  readonly schema: typeof SWEEP_PART_SCHEMA_ID;
  readonly inputHash: string;
  readonly shard: readonly [number, number];
  readonly from: number;
  readonly to: number;
  readonly count: number;
  readonly format: SweepFormat;
  /** The unsharded file's header and footer (so that merging needs no plan). */
  readonly header: string;
  readonly footer: string;
}

/** A part file's range: its metadata line, then the rows of its indices (no footer). */
export function partRange(plan: SweepPlan, shard: Shard, format: SweepFormat): FileRange {
  const { from, to } = shardRange(plan.count, shard);
  const meta: PartMeta = {
    schema: SWEEP_PART_SCHEMA_ID,
    inputHash: plan.inputsHash,
    shard: [shard.k, shard.n],
    from,
    to,
    count: plan.count,
    format,
    header: fileHeader(plan, format),
    footer: footerLine(format),
  };
  return { header: `${JSON.stringify(meta)}\n`, from, to, footer: false };
}

function partMeta(text: string, name: string): PartMeta {
  const nl = text.indexOf('\n');
  let m: Partial<PartMeta> | undefined;
  try {
    m = JSON.parse(nl < 0 ? text : text.slice(0, nl)) as Partial<PartMeta>;
  } catch {
    m = undefined;
  }
  if (!m || typeof m !== 'object' || m.schema !== SWEEP_PART_SCHEMA_ID)
    throw new AddersimError(
      'BAD_INPUT',
      `not a sweep part (its first line is not ${SWEEP_PART_SCHEMA_ID} metadata): write parts with addersim sweep --shard K/N`,
      name,
    );
  const ints = [m.from, m.to, m.count, ...(Array.isArray(m.shard) ? m.shard : [])];
  if (
    typeof m.inputHash !== 'string' ||
    !Array.isArray(m.shard) ||
    m.shard.length !== 2 ||
    ints.length !== 5 ||
    !ints.every((x) => Number.isSafeInteger(x)) ||
    (m.format !== 'csv' && m.format !== 'json') ||
    typeof m.header !== 'string' ||
    typeof m.footer !== 'string'
  ) {
    throw new AddersimError('BAD_INPUT', "the part's metadata line is damaged", name);
  }
  return m as PartMeta;
}

/** One part file: its rows must be complete (one line per index of its range, the last one ended). */
export interface PartFile {
  readonly name: string;
  readonly text: string;
}

/**
 * The unsharded sweep output from its N parts (any order). Refuses parts of different sweeps (input
 * hash, shard count, format), a shard given twice or missing, and an incomplete part.
 */
export function mergeParts(parts: readonly PartFile[]): { text: string; format: SweepFormat; count: number } {
  if (!parts.length) throw new AddersimError('USAGE', 'no parts to merge', 'merge');
  const metas = parts.map((p) => partMeta(p.text, p.name));
  const first = metas[0]!;
  const byShard = new Map<number, number>();
  metas.forEach((m, i) => {
    const name = parts[i]!.name;
    if (m.inputHash !== first.inputHash)
      throw new AddersimError(
        'BAD_INPUT',
        `the part is of another sweep (input hash ${m.inputHash.slice(0, 19)}… ≠ ${first.inputHash.slice(0, 19)}… of ${parts[0]!.name})`,
        name,
      );
    if (m.shard[1] !== first.shard[1] || m.format !== first.format || m.count !== first.count || m.header !== first.header)
      throw new AddersimError(
        'BAD_INPUT',
        `the part is of another cut of the sweep (shard ${m.shard.join('/')}, ${m.format}) than ${parts[0]!.name} (shard ${first.shard.join('/')}, ${first.format})`,
        name,
      );
    const want = shardRange(m.count, { k: m.shard[0], n: m.shard[1] });
    if (m.shard[0] < 1 || m.shard[0] > m.shard[1] || m.from !== want.from || m.to !== want.to)
      throw new AddersimError('BAD_INPUT', "the part's metadata line is damaged (its range is not that of its shard)", name);
    const seen = byShard.get(m.shard[0]);
    if (seen !== undefined) throw new AddersimError('BAD_INPUT', `shard ${m.shard.join('/')} is given twice (also ${parts[seen]!.name})`, name);
    byShard.set(m.shard[0], i);
  });
  const n = first.shard[1];
  for (let k = 1; k <= n; k++) if (!byShard.has(k)) throw new AddersimError('BAD_INPUT', `shard ${k}/${n} is missing`, 'merge');
  let text = first.header;
  for (let k = 1; k <= n; k++) {
    const i = byShard.get(k)!;
    const { name, text: t } = parts[i]!;
    const m = metas[i]!;
    const rows = t.slice(t.indexOf('\n') + 1);
    let lines = 0;
    for (let at = rows.indexOf('\n'); at >= 0; at = rows.indexOf('\n', at + 1)) lines++;
    if (lines !== m.to - m.from || (rows.length > 0 && !rows.endsWith('\n')))
      throw new AddersimError(
        'BAD_INPUT',
        `the part is incomplete: ${Math.min(lines, m.to - m.from)} of ${m.to - m.from} rows (run its shard again, with --resume)`,
        name,
      );
    text += rows;
  }
  return { text: text + first.footer, format: first.format, count: first.count };
}
