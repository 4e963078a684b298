// JSON rendering: the report object itself (`addersim/report@1`), validated against the schema
// before it is written, with stable 2-space indentation and a trailing newline. Cells keep raw values:
//   { "schema": "addersim/report@1", "title": "…", "manifest": {…},
//     "sections": [{ "id": "latency", "tables": [{ "rows": [[{ "t": "int", "v": 2610000 }, …]] }] }] }

import { AddersimError } from '../isa/index.ts';
import { checkReport, reportSchema, type Report } from './report.ts';

export function renderJson(r: Report): string {
  const parsed = reportSchema.safeParse(r);
  if (!parsed.success) {
    const i = parsed.error.issues[0]!;
    throw new AddersimError('BAD_INPUT', `report does not match addersim/report@1: ${i.message}`, `report: ${i.path.join('.')}`);
  }
  const problems = checkReport(r);
  if (problems.length) throw new AddersimError('BAD_INPUT', problems.join('; '), 'report');
  return `${JSON.stringify(r, null, 2)}\n`;
}
