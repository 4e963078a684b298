// Test helper: runs `f` and returns the AddersimError it throws (any other throw, or none, fails the test).
import { AddersimError } from '../../src/isa/index.ts';

export function caught(f: () => unknown): AddersimError {
  try {
    f();
  } catch (e) {
    if (e instanceof AddersimError) return e;
    throw e;
  }
  throw new Error('expected an AddersimError, none was thrown');
}
