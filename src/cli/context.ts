/**
 * What every command file receives: the injected deps and one lazily connected client, plus the
 * zod-backed option parsing that turns bad input into INFRA_INVALID_INPUT before any client call.
 */
import { z } from 'zod';
import type { InfraClient } from '../client/api';
import { parseInput } from '../domain/validate';
import type { CliDeps } from './deps';

export interface CliContext {
  deps: CliDeps;
  /** The client, connected on first use and reused for the rest of the run. */
  client(): Promise<InfraClient>;
  /** Closes the client if it was opened. */
  close(): Promise<void>;
}

export function createContext(deps: CliDeps): CliContext {
  let pending: Promise<InfraClient> | undefined;
  return {
    deps,
    client: () => (pending ??= deps.client()),
    close: async () => {
      if (!pending) return;
      const c = await pending.catch(() => undefined);
      pending = undefined;
      await c?.close();
    },
  };
}

/** Thrown by an action to end the run with a given exit code and no error text (e.g. `vps exec`). */
export class CliExit extends Error {
  constructor(readonly exitCode: number) {
    super(`exit ${exitCode}`);
    this.name = 'CliExit';
  }
}

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
