// Reports as data: a manifest and sections of paragraphs, typed tables and chart specs. Every renderer
// (text, Markdown, CSV, JSON, LaTeX, HTML, chart images) reads this and nothing else. The JSON form is
// the versioned schema `addersim/report@1` (zod, exported from the package).

import { z } from 'zod';
import type { Cell } from './format.ts';

export const REPORT_SCHEMA_ID = 'addersim/report@1';

const cellSchema = z.union([
  z.strictObject({ t: z.literal('text'), v: z.string() }),
  z.strictObject({ t: z.enum(['int', 'si', 'ratio', 'energy', 'bytes']), v: z.number() }),
  z.strictObject({ t: z.literal('num'), v: z.number(), digits: z.number().int().min(0) }),
  z.strictObject({ t: z.literal('pct'), v: z.number(), signed: z.boolean().optional() }),
  z.strictObject({ t: z.literal('none'), why: z.string() }),
]);

/** `group`: consecutive columns with the same group share a spanning header in LaTeX (e.g. a CPU over
 *  its "adder" and "bnn" columns); the other formats print "group title". */
export const columnSchema = z.strictObject({ key: z.string(), title: z.string(), unit: z.string().optional(), group: z.string().optional() });
export type Column = z.infer<typeof columnSchema>;

/** A column's heading in one line: "via-nano-2000 adder/cnn (µs)". */
export function columnHeading(c: Column): string {
  const t = c.group ? `${c.group} ${c.title}` : c.title;
  return c.unit ? `${t} (${c.unit})` : t;
}

export const tableSchema = z.strictObject({
  id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/),
  title: z.string(),
  columns: z.array(columnSchema).min(1),
  rows: z.array(z.array(cellSchema)),
  notes: z.array(z.string()),
});
export interface Table {
  readonly id: string;
  readonly title: string;
  readonly columns: readonly Column[];
  readonly rows: readonly (readonly Cell[])[];
  readonly notes: readonly string[];
}

export const CHART_KINDS = ['grouped-bar', 'stacked-bar', 'horizontal-stacked-bar', 'line', 'heatmap', 'tornado'] as const;

export const chartSpecSchema = z.strictObject({
  id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/),
  title: z.string(),
  kind: z.enum(CHART_KINDS),
  labels: z.array(z.string()),
  datasets: z.array(
    z.strictObject({
      label: z.string(),
      values: z.array(z.number().nullable()),
      /** An interval per value (source ranges, a sweep's interval), drawn as a whisker. */
      intervals: z.array(z.tuple([z.number(), z.number()]).nullable()).optional(),
      /** Text drawn at the end of each bar, formatted by format.ts (e.g. "0.67×"). */
      annotations: z.array(z.string().nullable()).optional(),
    }),
  ),
  yLabel: z.string(),
  /** x-axis title (line and heatmap charts). */
  xLabel: z.string().optional(),
  logY: z.boolean(),
  /** A dashed line across the value axis, e.g. { value: 1, label: "CNN" } on a ratio chart. */
  refLine: z.strictObject({ value: z.number(), label: z.string() }).optional(),
  /** Unit shown in the HTML tooltips ("µs", "×"). */
  unit: z.string().optional(),
  /** Font theme (default serif, matching a LaTeX body). */
  font: z.enum(['serif', 'sans']).optional(),
  /** Size in points (1/72 inch) for paper output. */
  widthPt: z.number().int().positive(),
  heightPt: z.number().int().positive(),
  notes: z.array(z.string()),
});
export type ChartSpec = z.infer<typeof chartSpecSchema>;

export const sectionSchema = z.strictObject({
  id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/),
  title: z.string(),
  paragraphs: z.array(z.string()),
  tables: z.array(tableSchema),
  charts: z.array(chartSpecSchema),
});
export interface Section {
  readonly id: string;
  readonly title: string;
  readonly paragraphs: readonly string[];
  readonly tables: readonly Table[];
  readonly charts: readonly ChartSpec[];
}

const hashedInput = z.strictObject({ name: z.string(), file: z.string(), sha256: z.string().regex(/^[0-9a-f]{64}$/) });

export const manifestSchema = z.strictObject({
  addersimVersion: z.string(),
  models: z.array(z.strictObject({ name: z.string(), source: z.string(), sha256: z.string().optional() })),
  profiles: z.array(hashedInput),
  energyTables: z.array(hashedInput),
  conventions: z.array(z.string()),
  schedulers: z.array(z.string()),
  lowering: z.array(z.string()),
  energy: z.array(z.string()),
  extrapolated: z.array(z.string()),
  notes: z.array(z.string()),
});
export type Manifest = z.infer<typeof manifestSchema>;

export const reportSchema = z.strictObject({
  schema: z.literal(REPORT_SCHEMA_ID),
  title: z.string(),
  manifest: manifestSchema,
  sections: z.array(sectionSchema),
});
export interface Report {
  readonly schema: typeof REPORT_SCHEMA_ID;
  readonly title: string;
  readonly manifest: Manifest;
  readonly sections: readonly Section[];
}

/** Every chart of a report, in order. */
export function reportCharts(r: Report): ChartSpec[] {
  return r.sections.flatMap((s) => [...s.charts]);
}

/** Every table of a report, in order; ids are unique per report (checked by `checkReport`). */
export function reportTables(r: Report): Table[] {
  return r.sections.flatMap((s) => [...s.tables]);
}

/** Structural checks beyond the schema: unique ids, row widths. Returns problems (empty = fine). */
export function checkReport(r: Report): string[] {
  const problems: string[] = [];
  const ids = new Set<string>();
  for (const s of r.sections) {
    for (const x of [...s.tables, ...s.charts]) {
      if (ids.has(x.id)) problems.push(`duplicate id ${x.id}`);
      ids.add(x.id);
    }
    for (const t of s.tables) {
      t.rows.forEach((row, i) => {
        if (row.length !== t.columns.length) problems.push(`table ${t.id} row ${i}: ${row.length} cells for ${t.columns.length} columns`);
      });
    }
    for (const c of s.charts) {
      c.datasets.forEach((d) => {
        if (d.values.length !== c.labels.length) problems.push(`chart ${c.id} dataset ${d.label}: ${d.values.length} values for ${c.labels.length} labels`);
        if (d.intervals && d.intervals.length !== c.labels.length)
          problems.push(`chart ${c.id} dataset ${d.label}: ${d.intervals.length} intervals for ${c.labels.length} labels`);
        if (d.annotations && d.annotations.length !== c.labels.length)
          problems.push(`chart ${c.id} dataset ${d.label}: ${d.annotations.length} annotations for ${c.labels.length} labels`);
      });
    }
  }
  return problems;
}
