/**
 * What every command file receives: the injected deps and one lazily connected client, plus the
 * zod-backed option parsing that turns bad input into INFRA_INVALID_INPUT before any client call.
 */
import { z } from 'zod';
import { parseInput } from '../domain/validate';

export { createContext, CliExit, type CliContext } from './session';

/** Validates parsed commander values with zod; the first problem becomes one clear line. */
export function parseOptions<S extends z.ZodTypeAny>(schema: S, value: unknown, what = 'options'): z.infer<S> {
  return parseInput(schema, value, what);
}

export { serverRefSchema } from '../domain/validate';

/** Workflow ids are business keys like `vps-create:hetzner:prod-1`. */
export const workflowIdSchema = z
  .string()
  .trim()
  .min(1, 'a workflow id is required')
  .max(256)
  .regex(/^[A-Za-z0-9:._@\/-]+$/, 'may contain letters, digits and : . _ @ / - only');

/** Commander gives option values as strings; this turns `"10"` into 10 and rejects `"ten"`. */
export const intString = (what: string, min: number, max: number) =>
  z
    .string()
    .regex(/^\d+$/, `${what} must be a whole number`)
    .transform(Number)
    .refine((n) => n >= min && n <= max, `${what} must be between ${min} and ${max}`);
