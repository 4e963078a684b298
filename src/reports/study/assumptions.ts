// The study's Assumptions section, in every format: per CPU its clock (with source), issue model, lowering
// and accumulators; the energy overhead with its range and share; which scheduler each figure uses.

import type { StudyResult } from '../../sim/results/study-result.ts';
import { cell, fmtFixed, fmtPct } from '../format.ts';
import type { Section } from '../report.ts';
import { headlineScheduler, span } from './common.ts';
import { layersModel, layersScheduler } from './layers.ts';

/**
 * What decides the numbers, stated once: per CPU its clock (with the profile's source), issue model,
 * lowering and accumulators; the energy table's per-instruction overhead with its range and its share
 * of the full-view energy; which scheduler each figure uses and why; the SOURCES.md entries each
 * profile cites.
 */
export function assumptionsSection(s: StudyResult): Section {
  const head = headlineScheduler(s);
  const lmodel = layersModel(s);
  const lsched = lmodel && s.cpus[0] ? layersScheduler(s, lmodel, s.cpus[0]) : undefined;
  const profile = (cpu: string) => s.inputs.profiles.find((p) => p.name === cpu);
  const clockOf = (cpu: string) => profile(cpu)?.clockGHz ?? s.latency.find((l) => l.cpu === cpu)?.clockGHz;
  const accOf = (cpu: string) => {
    const per = s.variants
      .map((v) => {
        const xs = [...new Set(s.latency.filter((l) => l.cpu === cpu && l.variant === v && l.accumulators !== undefined).map((l) => l.accumulators!))];
        return xs.length ? `${v} ${xs.join('/')}` : undefined;
      })
      .filter((x): x is string => x !== undefined);
    return per.length ? cell.text(per.join(', ')) : cell.none(`the ${s.lowering} lowering has no accumulator choice`);
  };
  const cpuRows = s.cpus.map((cpu) => {
    const p = profile(cpu);
    const ghz = clockOf(cpu);
    return [
      cell.text(cpu),
      ghz === undefined ? cell.none('clock unknown') : cell.num(ghz, 2),
      p?.clockSource ? cell.text(p.clockSource) : cell.none('not recorded'),
      p?.issue ? cell.text(p.issue) : cell.none('not recorded'),
      cell.text(s.lowering),
      accOf(cpu),
      p?.sources
        ? cell.text(`${p.sources.join(', ')}${p.assumptions ? `; ${p.assumptions} assumption${p.assumptions === 1 ? '' : 's'}` : ''}`)
        : cell.none('not recorded'),
    ];
  });
  const tables = s.inputs.energyTables.filter((t) => t.name === s.energyTable);
  const full = s.energy.filter((e) => e.view === 'full');
  const shares = full.filter((e) => e.energyPJ > 0).map((e) => (e.byKind.overhead ?? 0) / e.energyPJ);
  const energyRows = tables.map((t) => {
    const o = t.overhead;
    return [
      cell.text(t.name),
      o ? cell.num(o.energyPJ, 0) : cell.none('not recorded'),
      o ? cell.text(`${fmtFixed(o.min ?? o.energyPJ, 0)}–${fmtFixed(o.max ?? o.energyPJ, 0)}`) : cell.none('not recorded'),
      shares.length ? cell.text(span(shares, (x) => fmtPct(x, 0))) : cell.none('no full-view energy'),
      o ? cell.text(o.source) : cell.none('not recorded'),
    ];
  });
  const clocks = s.cpus
    .map((c) => {
      const g = clockOf(c);
      return `${c} ${g === undefined ? 'unknown' : `${fmtFixed(g, 2)} GHz`}`;
    })
    .join(', ');
  const accs = [...new Set(s.latency.filter((l) => l.accumulators !== undefined).map((l) => l.accumulators!))];
  const overhead = tables[0]?.overhead;
  return {
    id: 'assumptions',
    title: 'Assumptions',
    paragraphs: [
      `Clocks: ${clocks}. Every time in µs is cycles / clock, so it scales with these figures; the cycle counts do not depend on them.`,
      `Lowering: ${s.lowering} for the latency and full-view energy (first conv and last FC multiplicative); ${accs.length ? `independent accumulators per reduction loop derived per CPU and variant from the form that carries the accumulation (⌈latency ÷ reciprocal throughput⌉, capped by the vector registers; CPU table: ${(s.settings ?? []).flatMap((x) => Object.entries(x.accumulatorsFrom ?? {}).map(([v, t]) => `${x.cpu} ${v} ${t}`)).join('; ') || accs.join('/')})` : 'no accumulator choice in this lowering'}. The paper view and the paper's claims count in the paper lowering.`,
      `Schedulers: the per-CPU figures, the pivoted latency tables and the summary use \`${head}\`${head === 'cycle' ? ' (the cycle-level pipeline simulation: the most faithful model, and it ran on every model)' : head === 'bound' ? ' (the cycle scheduler did not run; bound is the analytic max of dispatch, port pressure and recurrences)' : ''}; the per-layer figures use \`${lsched ?? head}\`${lsched && lsched !== head ? ` (the ${head} scheduler has no per-layer numbers for ${lmodel})` : ''}${s.schedulers.length > 1 ? `; the scheduler comparison shows ${s.schedulers.join(', ')}` : ''}; the paper's claims use \`serial\` (Σ count × latency), the paper's own model.`,
      ...(overhead
        ? [
            `Energy: table ${s.energyTable}; the full view adds ${fmtFixed(overhead.energyPJ, 0)} pJ per instruction (range ${fmtFixed(overhead.min ?? overhead.energyPJ, 0)}–${fmtFixed(overhead.max ?? overhead.energyPJ, 0)} pJ, ${overhead.source.startsWith('assumption') ? 'an assumption' : overhead.source}), ${shares.length ? `${span(shares, (x) => fmtPct(x, 0))} of the full-view energy` : 'no full-view energy in this study'}; the full view's low/high include this range.`,
          ]
        : []),
      'Sources: each profile number names an id of cpu-profiles/SOURCES.md (or says "assumption"); the table lists the ids each profile cites.',
    ],
    tables: [
      {
        id: 'assumptions-cpus',
        title: 'CPUs: clock, issue model, lowering and sources',
        columns: [
          { key: 'cpu', title: 'CPU' },
          { key: 'clock_ghz', title: 'Clock', unit: 'GHz' },
          { key: 'clock_source', title: 'Clock source' },
          { key: 'issue', title: 'Issue' },
          { key: 'lowering', title: 'Lowering' },
          { key: 'accumulators', title: 'Accumulators' },
          { key: 'sources', title: 'SOURCES.md ids' },
        ],
        rows: cpuRows,
        notes: ['sources: cpu-profiles/SOURCES.md, one row per id'],
      },
      {
        id: 'assumptions-energy',
        title: 'Per-instruction overhead of the full view',
        columns: [
          { key: 'table', title: 'Table' },
          { key: 'overhead_pj', title: 'Overhead', unit: 'pJ/instr.' },
          { key: 'range_pj', title: 'Range', unit: 'pJ' },
          { key: 'share', title: 'Share of full view' },
          { key: 'source', title: 'Source' },
        ],
        rows: energyRows,
        notes: [],
      },
    ],
    charts: [],
  };
}
