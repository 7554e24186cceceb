/** Workflow-side validation: an InfraError becomes a non-retryable typed failure, not a task failure. */
import type { z } from 'zod';
import { toFailure } from '../domain/errors';
import { parseInput } from '../domain/validate';

export function validated<S extends z.ZodTypeAny>(schema: S, value: unknown, what: string): z.infer<S> {
  try {
    return parseInput(schema, value, what);
  } catch (err) {
    throw toFailure(err);
  }
}

/** Runs pure domain code that may throw InfraError (planner, renderer), as typed failures. */
export function pure<T>(fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    throw toFailure(err);
  }
}
