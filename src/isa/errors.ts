// Typed errors of addersim. Library code throws these (never prints or exits); the CLI maps them
// to one line and an exit code. `path` names the offending place: file, JSON path, node, form.

export type ErrorCode =
  | 'BAD_INPUT' // malformed file or value
  | 'UNKNOWN_FORM' // a form a profile lacks
  | 'UNKNOWN_MODEL'
  | 'UNKNOWN_OP' // unknown layer or ONNX op without a rule
  | 'SHAPE_MISMATCH'
  | 'OVERFLOW' // a count that would pass 2^53
  | 'LIMIT' // refused up front: would take unreasonable time or memory
  | 'UNUSED_PARAMETER' // a what-if path that no evaluated program reads (the result would be flat)
  | 'HOST' // the host cannot do it: no C compiler, a CPU `addersim measure` cannot drive
  | 'USAGE';

export class AddersimError extends Error {
  override readonly name = 'AddersimError';
  /** The message without its place (`message` is `path: detail` when there is a path). */
  readonly detail: string;
  constructor(
    readonly code: ErrorCode,
    message: string,
    /** Where: e.g. `cpu-profiles/x.json: forms["mul.f32"].latency` or `node conv1`. */
    readonly path?: string,
  ) {
    super(path ? `${path}: ${message}` : message);
    this.detail = message;
  }
}

/** A broken invariant of addersim itself (an importer or model bug), not of the input: the CLI reports
 *  it as an internal error (exit 3), with the place it was found. */
export class InternalError extends Error {
  override readonly name = 'InternalError';
  constructor(
    message: string,
    readonly path?: string,
  ) {
    super(path ? `${path}: ${message}` : message);
  }
}

export function badInput(message: string, path?: string): AddersimError {
  return new AddersimError('BAD_INPUT', message, path);
}

/** An AddersimError without a path (e.g. OVERFLOW from checked arithmetic) gets `path`; others pass through. */
export function withPath(e: unknown, path: string): unknown {
  return e instanceof AddersimError && e.path === undefined ? new AddersimError(e.code, e.message, path) : e;
}
