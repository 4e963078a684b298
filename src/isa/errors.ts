// Typed errors of addersim. Library code throws these (never prints or exits); the CLI maps them
// to one line and an exit code. `path` names the offending place: file, JSON path, node, form.

export type ErrorCode =
  | 'BAD_INPUT'        // malformed file or value
  | 'UNKNOWN_FORM'     // a form a profile lacks
  | 'UNKNOWN_MODEL'
  | 'UNKNOWN_OP'       // unknown layer or ONNX op without a rule
  | 'SHAPE_MISMATCH'
  | 'OVERFLOW'         // a count that would pass 2^53
  | 'LIMIT'            // refused up front: would take unreasonable time or memory
  | 'UNUSED_PARAMETER' // a what-if path that no evaluated program reads (the result would be flat)
  | 'USAGE';

export class AddersimError extends Error {
  override readonly name = 'AddersimError';
  constructor(
    readonly code: ErrorCode,
    message: string,
    /** Where: e.g. `cpu-profiles/x.json: forms["mul.f32"].latency` or `node conv1`. */
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
