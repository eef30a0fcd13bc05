import { IntakeError } from './errors';

/** Runs fn and returns the IntakeError it throws; anything else (or no error) fails the test. */
export function intakeError(fn: () => unknown): IntakeError {
  try {
    fn();
  } catch (e) {
    if (e instanceof IntakeError) return e;
    throw e;
  }
  throw new Error('expected an IntakeError, but nothing was thrown');
}

/** Small seeded generator so random chunk splits are reproducible. */
export function seeded(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 4294967296;
  };
}
