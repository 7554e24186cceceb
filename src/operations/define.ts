/**
 * The shape of one user-facing operation (see ./catalogue.ts): its spec name, input schema, the
 * workflow it runs (named by type, so the compiler checks the name and derives the argument and
 * result types), how its workflow id is built, and whether a human must decide. Pure data and pure
 * functions: the client, CLI, MCP server, dashboard and audit trail all read it.
 */
import type { z } from 'zod';
import type { InfraActivities } from '../activities';
import type * as workflows from '../workflows';

type Workflows = typeof workflows;
/** Every workflow the worker registers, by exported name. */
export type WorkflowName = keyof Workflows;
/** The single argument of workflow `W`. */
export type WorkflowArg<W extends WorkflowName> = Parameters<Workflows[W]>[0];
/** What workflow `W` returns. */
export type WorkflowResult<W extends WorkflowName> = Awaited<ReturnType<Workflows[W]>>;

/**
 * Why an operation waits for a human before calling a provider: it costs money (`paid`), it
 * destroys (`destroys`), or only when its DNS plan is unsafe (`unsafe-plan`). `none`: never.
 */
export type DecisionKind = 'none' | 'paid' | 'destroys' | 'unsafe-plan';

/** Options the workflow argument may carry from the caller. */
export interface StartOptions {
  /** How long the workflow waits for a decision. */
  confirmationTimeout?: string;
}

export interface OperationDef<N extends string, S extends z.ZodTypeAny, W extends WorkflowName, R> {
  /** The spec's name (`vps.create`); MCP tools are `infra.<name>`. */
  readonly name: N;
  /** One line for people and agents (the spec's MCP tool line). */
  readonly summary: string;
  /** Validated once, at the client (INFRA_INVALID_INPUT before anything starts). */
  readonly input: S;
  /** The workflow it runs, by its exported name (checked by the compiler). */
  readonly workflow: W;
  /** The workflow argument built from the parsed input. */
  readonly start: (input: z.output<S>, opts: StartOptions) => WorkflowArg<W>;
  /**
   * The workflow id: a readable business key (`vps-create:<provider>:<name>`). Reads and repeatable
   * actions end in `suffix` (random) so two runs never collide; writes that must not run twice at
   * once use a fixed key (a second start attaches to the running one).
   */
  readonly id: (input: z.output<S>, suffix: string) => string;
  /** Whether it waits for a human first (CLI y/N and `--yes`, MCP confirmation, dashboard). */
  readonly decision: DecisionKind;
  /** `read` changes nothing; `write` changes something at a provider (or on a server). */
  readonly access: 'read' | 'write';
  /**
   * A read the worker also serves without a workflow, over its local read socket
   * (src/runtime/read-server.ts): it changes nothing and needs no durability, and it runs the same
   * activity functions with the same audit records. Only with `access: 'read'` and `decision: 'none'`.
   */
  readonly direct?: boolean;
  /** It replaces what was there (MCP `destructiveHint`) even without a decision, e.g. `dns.set`. */
  readonly overwrites?: boolean;
  /** The audit trail's type for this operation, and the activities recorded under it. */
  readonly audit: { readonly type: string; readonly activities: readonly (keyof InfraActivities)[] };
  /** The caller's result from the workflow's (e.g. `dns.set` returns the one record). */
  readonly result: (r: WorkflowResult<W>, input: z.output<S>) => R;
}

/** Any catalogue entry. */
export type AnyOperation = OperationDef<string, z.ZodTypeAny, WorkflowName, any>;
/** What a caller passes to `op` (before parsing). */
export type OperationInput<O extends AnyOperation> = z.input<O['input']>;
/** What a caller gets back from `op`. */
export type OperationResult<O extends AnyOperation> = O extends OperationDef<string, z.ZodTypeAny, WorkflowName, infer R> ? R : never;

type Definition<N extends string, S extends z.ZodTypeAny, W extends WorkflowName, R> =
  Omit<OperationDef<N, S, W, R>, 'result'> & { result?: (r: WorkflowResult<W>, input: z.output<S>) => R };

/** Defines one operation; `result` defaults to the workflow's own result. */
export function defineOperation<N extends string, S extends z.ZodTypeAny, W extends WorkflowName, R = WorkflowResult<W>>(
  def: Definition<N, S, W, R>,
): OperationDef<N, S, W, R> {
  return { ...def, result: def.result ?? ((r: WorkflowResult<W>) => r as unknown as R) };
}

/** A server reference or zone as a readable workflow-id part. */
export const idPart = (s: string): string => s.replace(/[^A-Za-z0-9.@_-]+/g, '-');
