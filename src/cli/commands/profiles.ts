// `addersim profiles`: list CPU profiles; `profiles show NAME` prints one; `profiles validate FILE` checks a file.
//   Name           ISA      Issue         Dispatch  Widest vector  Forms  Sourced
//   via-nano-2000  x86      out-of-order         3            128    134    84.4%

import type { Command } from 'commander';
import { AddersimError } from '../../isa/index.ts';
import { listProfileNames, loadProfile, targetCaps } from '../../sim/profile/loader.ts';
import type { Profile } from '../../sim/profile/schema.ts';
import { checkSources, loadSourceIds, sourceCoverage } from '../../sim/profile/sources.ts';
import { cell, fmtPct, type Cell } from '../../reports/format.ts';
import { renderTableText } from '../../reports/render-text.ts';
import { UsageError } from '../errors.ts';
import { toJson, type Io } from '../io.ts';

export interface ProfileSummary {
  name: string;
  isa: string;
  issue: string;
  dispatchWidth: number;
  widestVectorBits: number;
  forms: number;
  coverage: { numbers: number; sourced: number; unknown: number; share: number };
  llvmMcpu: string | null;
}

export function profileSummary(p: Profile): ProfileSummary {
  const c = sourceCoverage(p);
  return {
    name: p.name,
    isa: p.identity.isa,
    issue: p.machine.issue,
    dispatchWidth: p.machine.dispatchWidth.value,
    widestVectorBits: targetCaps(p).vectorBits,
    forms: Object.keys(p.forms).length,
    coverage: { ...c, share: c.numbers === 0 ? 0 : c.sourced / c.numbers },
    llvmMcpu: p.identity.llvm?.mcpu ?? null,
  };
}

const num = (n: { value: number | null }, unit = ''): Cell => (n.value === null ? cell.none('unknown') : cell.text(`${n.value}${unit}`));

function showText(p: Profile): string {
  const lines = [
    `${p.name}: ${p.description}`,
    `  ${p.identity.vendor} ${p.identity.model} (${p.identity.microarchitecture}), ${p.identity.isa}, ${p.identity.clockGHz.value} GHz`,
    ...(p.identity.llvm ? [`  generated from llvm-mca ${p.identity.llvm.version} -mcpu=${p.identity.llvm.mcpu} by ${p.identity.llvm.generatedBy}`] : []),
    `  ${p.machine.issue}, dispatch ${p.machine.dispatchWidth.value}, retire ${p.machine.retireWidth.value}, ROB ${p.machine.reorderBuffer.value ?? 'unknown'}, scheduler ${p.machine.schedulerSize.value ?? 'unknown'}, load latency ${p.machine.loadLatency.value}`,
    '',
  ];
  const tables = [
    renderTableText({
      id: 'ports',
      title: 'Ports',
      notes: [],
      columns: [
        { key: 'port', title: 'Port' },
        { key: 'what', title: 'Executes' },
      ],
      rows: Object.entries(p.ports).map(([k, v]) => [cell.text(k), cell.text(v)]),
    }),
    renderTableText({
      id: 'forms',
      title: 'Forms (latency, reciprocal throughput in cycles; µops as ports×busy cycles)',
      notes: [],
      columns: [
        { key: 'form', title: 'Form' },
        { key: 'lat', title: 'Lat' },
        { key: 'rthr', title: 'RThr' },
        { key: 'uops', title: 'µops' },
        { key: 'instr', title: 'Instruction' },
        { key: 'src', title: 'Source' },
      ],
      rows: Object.entries(p.forms).map(([f, t]) => [
        cell.text(f),
        cell.int(t.latency),
        cell.num(t.rthroughput),
        cell.text(t.uops.map((u) => `${u.ports.join('|')}${u.cycles > 1 ? `×${u.cycles}` : ''}`).join(' + ')),
        cell.text(t.instruction ?? ''),
        cell.text(t.source),
      ]),
    }),
    renderTableText({
      id: 'memory',
      title: 'Memory',
      notes: [],
      columns: [
        { key: 'level', title: 'Level' },
        { key: 'size', title: 'Size (bytes)' },
        { key: 'lat', title: 'Latency (cycles)' },
        { key: 'bw', title: 'Bytes/cycle' },
      ],
      rows: p.memory.map((m) => [cell.text(m.level), num(m.sizeBytes), num(m.latencyCycles), num(m.bytesPerCycle)]),
    }),
  ];
  return [...lines, ...tables.flatMap((t) => [t, '']), 'Notes:', ...p.notes.map((n) => `  - ${n}`)].join('\n');
}

export function register(program: Command, io: Io): void {
  program
    .command('profiles')
    .description('list CPU profiles; "profiles show NAME" prints one, "profiles validate FILE" checks a profile file')
    .argument('[action]', 'show | validate')
    .argument('[target]', 'profile name (show) or file (validate)')
    .option('--json', 'machine-readable output (addersim/profiles@1, or the profile itself for show)')
    .action((action: string | undefined, target: string | undefined, opts: { json?: boolean }) => {
      if (action === undefined) {
        const rows = listProfileNames().map((n) => profileSummary(loadProfile(n)));
        if (opts.json) {
          io.out(toJson({ schema: 'addersim/profiles@1', profiles: rows }));
          return;
        }
        io.out(
          `${renderTableText({
            id: 'profiles',
            title: 'CPU profiles (Sourced = share of numbers backed by a SOURCES.md source rather than an assumption)',
            columns: [
              { key: 'name', title: 'Name' },
              { key: 'isa', title: 'ISA' },
              { key: 'issue', title: 'Issue' },
              { key: 'dispatch', title: 'Dispatch' },
              { key: 'vec', title: 'Widest vector', unit: 'bits' },
              { key: 'forms', title: 'Forms' },
              { key: 'cov', title: 'Sourced' },
              { key: 'llvm', title: 'LLVM -mcpu' },
            ],
            rows: rows.map((r) => [
              cell.text(r.name),
              cell.text(r.isa),
              cell.text(r.issue),
              cell.int(r.dispatchWidth),
              cell.int(r.widestVectorBits),
              cell.int(r.forms),
              cell.pct(r.coverage.share),
              cell.text(r.llvmMcpu ?? '–'),
            ]),
            notes: [],
          })}\n`,
        );
        return;
      }
      if (target === undefined) throw new UsageError(`profiles ${action} needs a ${action === 'validate' ? 'FILE' : 'NAME'}`);
      if (action === 'show') {
        const p = loadNamed(target, `profiles show ${target}`);
        io.out(opts.json ? toJson(p) : `${showText(p)}\n`);
        return;
      }
      if (action === 'validate') {
        const p = loadProfile(target);
        checkSources(p, loadSourceIds(), target);
        const s = profileSummary(p);
        if (opts.json) io.out(toJson({ schema: 'addersim/profile-validation@1', file: target, valid: true, ...s }));
        else
          io.out(
            `${target}: valid profile "${p.name}" (${s.forms} forms, ${fmtPct(s.coverage.share)} of ${s.coverage.numbers} numbers sourced, ${s.coverage.unknown} unknown)`,
          );
        return;
      }
      throw new UsageError(`unknown profiles action "${action}" (expected show or validate)`);
    });
}

/** The profile `profiles show NAME` names: the loader's error path (`--cpu`) becomes what the user typed. */
function loadNamed(target: string, where: string): Profile {
  try {
    return loadProfile(target);
  } catch (e) {
    if (e instanceof AddersimError && e.path === '--cpu') throw new AddersimError(e.code, e.detail, where);
    throw e;
  }
}
