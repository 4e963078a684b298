// The kernel-file format `addersim/kernel@1` (zod schema = the single source of truth) and its parser.
// A body holds instructions `{op,type,dst,src}` and, optionally, loops `{loop,trip,body}`.

import { z } from 'zod';
import { AddersimError } from './errors.ts';
import { limit, limitError } from './limits.ts';
import { parseType } from './forms.ts';
import { OP_ARITY, OPS } from './ops.ts';
import { instr, loop, type Kernel, type Stmt } from './kernel.ts';
import { ARG, checkArgs, jsonPath, valueAt } from './api-args.ts';
import { didYouMean } from './did-you-mean.ts';

/** Names end up in printed loop nests and emitted assembly: one line each, so no control characters. */
const oneLine = (what: string) =>
  z
    .string()
    .min(1)
    .regex(/^[^\u0000-\u001f\u007f]*$/, `${what} holds a control character (a newline?)`);

const register = z.string().regex(/^[A-Za-z_][A-Za-z0-9_.]*$/, 'register names are identifiers');

export const instrFileSchema = z.strictObject({
  op: z.enum(OPS),
  type: z.string(),
  dst: register.optional(),
  src: z.array(register).optional(),
  note: z
    .string()
    .regex(/^[^\u0000-\u001f\u007f]*$/, 'a note holds a control character (a newline?)')
    .optional(),
});

export type StmtFile = z.infer<typeof instrFileSchema> | { loop: string; trip: number; body: StmtFile[] };

export const stmtFileSchema: z.ZodType<StmtFile> = z.lazy(() =>
  z.union([
    instrFileSchema,
    z.strictObject({ loop: oneLine('a loop name'), trip: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER), body: z.array(stmtFileSchema).min(1) }),
  ]),
);

export const kernelFileSchema = z.strictObject({
  schema: z.literal('addersim/kernel@1'),
  name: oneLine('the kernel name'),
  description: z.string().optional(),
  body: z.array(stmtFileSchema).min(1),
});
export type KernelFile = z.infer<typeof kernelFileSchema>;

/** For a union none of whose shapes matched (a statement is an instruction or a loop), the problem of the
 *  shape that came closest (fewest problems), at its full path; any other issue as it is. */
function closestIssue(issue: z.core.$ZodIssue): z.core.$ZodIssue {
  if (issue.code !== 'invalid_union' || !issue.errors.length) return issue;
  const best = issue.errors.reduce((a, b) => (b.length < a.length ? b : a));
  const inner = best[0];
  return inner ? closestIssue({ ...inner, path: [...issue.path, ...inner.path] }) : issue;
}

/**
 * The first problem zod found, as an input error naming the file and JSON path. `data` (the parsed input)
 * lets a value outside a closed list (an op, a layer kind) be named with the closest valid ones.
 */
export function zodError(err: z.ZodError, file: string, data?: unknown): AddersimError {
  const issue = closestIssue(err.issues[0]!);
  const at = `${file}: ${jsonPath(issue.path)}`;
  const value = valueAt(data, issue.path);
  // a discriminated union names its options (a layer kind); an enum or literal its values (an op)
  const known: readonly unknown[] =
    issue.code === 'invalid_union' && 'options' in issue ? (issue.options as unknown[]) : issue.code === 'invalid_value' ? issue.values : [];
  const names = known.filter((x): x is string => typeof x === 'string');
  if (typeof value === 'string' && names.length > 1) {
    const field = String(issue.path.at(-1) ?? 'value');
    return new AddersimError('BAD_INPUT', `unknown ${field} "${value}"${didYouMean(value, names)} (known: ${names.join(', ')})`, at);
  }
  return new AddersimError('BAD_INPUT', issue.message, at);
}

/**
 * The kernelInstructions and loopDepth budgets, checked on the raw data without recursion (a body nested
 * thousands deep would overflow the stack of a recursive parser) before anything else looks at it.
 */
function checkBudget(data: unknown, file: string): void {
  const body = (data as { body?: unknown } | null)?.body;
  if (!Array.isArray(body)) return; // the schema says what is wrong
  const maxDepth = limit('loopDepth');
  const maxInstr = limit('kernelInstructions');
  let instructions = 0;
  const stack: { body: unknown[]; depth: number; path: string }[] = [{ body, depth: 0, path: 'body' }];
  while (stack.length) {
    const b = stack.pop()!;
    b.body.forEach((s, i) => {
      const inner = (s as { body?: unknown } | null)?.body;
      if (typeof s === 'object' && s !== null && Object.hasOwn(s, 'loop') && Array.isArray(inner)) {
        if (b.depth + 1 > maxDepth) throw limitError('loopDepth', b.depth + 1, `${file}: ${b.path}[${i}]`);
        stack.push({ body: inner, depth: b.depth + 1, path: b.depth < 3 ? `${b.path}[${i}].body` : b.path.endsWith('…') ? b.path : `${b.path}…` });
      } else if (++instructions > maxInstr) throw limitError('kernelInstructions', instructions, `${file}: ${b.path}[${i}]`);
    });
  }
}

/**
 * Parses and validates a kernel file (addersim/kernel@1: a named body of instructions and loops);
 * errors name the file and the JSON path of the bad field.
 * @example
 * const k = parseKernelFile({ schema: 'addersim/kernel@1', name: 'mul-add', body: [
 *   { op: 'load', type: 'f64', dst: 'x' },
 *   { op: 'mul', type: 'f64', dst: 't', src: ['x', 'w'] },
 *   { op: 'add', type: 'f64', dst: 'acc', src: ['acc', 't'] } ] });
 * scheduleKernel(k, loadProfile('intel-skylake'), 'cycle').cycles;
 */
export function parseKernelFile(data: unknown, file = '<kernel>'): Kernel {
  checkArgs('parseKernelFile', [['file', ARG.text, file]]);
  checkBudget(data, file);
  const r = kernelFileSchema.safeParse(data);
  if (!r.success) throw zodError(r.error, file, data);
  const toStmts = (body: readonly StmtFile[], path: string): Stmt[] =>
    body.map((s, i) => {
      const p = `${path}[${i}]`;
      if ('loop' in s) return loop(s.loop, s.trip, toStmts(s.body, `${p}.body`));
      const src = s.src ?? [];
      const arity = OP_ARITY[s.op];
      if (src.length > arity) {
        throw new AddersimError('BAD_INPUT', `${s.op} reads at most ${arity} registers, got ${src.length}`, `${file}: ${p}.src`);
      }
      if (s.op !== 'store' && s.dst === undefined) {
        throw new AddersimError('BAD_INPUT', `${s.op} needs a destination register "dst"`, `${file}: ${p}`);
      }
      return instr(s.op, parseType(s.type, `${file}: ${p}.type`), s.dst, src, s.note);
    });
  return { name: r.data.name, body: toStmts(r.data.body, 'body') };
}
