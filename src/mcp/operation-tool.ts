/**
 * One MCP tool per catalogue operation. The entry gives the tool its name (`infra.<op.name>`), its
 * description, its annotations (read-only, destructive) and whether it waits for a human; a tool
 * file adds only how the agent's arguments map onto the operation's input and what it returns.
 */
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import type { InfraClient } from '../client/api';
import { invalidInput } from '../domain/errors';
import type { AnyOperation, OperationInput, OperationResult } from '../operations/define';
import type { ConfirmableOperations, ConfirmableState } from './confirmable';
import { guarded, ok } from './result';
import { confirmableShape } from './schemas';

/** What a tool file says about one operation. */
export interface OperationToolSpec<O extends AnyOperation, A extends z.ZodRawShape> {
  op: O;
  /** The agent's arguments, described for it. */
  args: A;
  /** The result's shape (`outputSchema`). */
  output: z.ZodRawShape;
  toInput: (args: z.infer<z.ZodObject<A>>) => OperationInput<O>;
  toOutput: (result: OperationResult<O>, args: z.infer<z.ZodObject<A>>) => Record<string, unknown>;
}

/** The surfaces' context for tools. */
export interface ToolContext {
  client: InfraClient;
  ops: ConfirmableOperations;
}

/** True when the operation always waits for a human (it costs money or destroys). */
export const needsDecision = (op: AnyOperation): boolean => op.decision === 'paid' || op.decision === 'destroys';

const followShape = {
  confirmed: z.boolean().optional().describe('true to collect the outcome of an operation a human has decided on (it does not approve)'),
  confirmationId: z.string().max(128).optional().describe('The confirmation.id returned by the first call'),
  workflowId: z.string().max(256).optional().describe('The workflowId returned by the first call'),
};

/** The `next` hint for a confirmable state: who decides, and how. */
export function nextStep(state: ConfirmableState<unknown>): string {
  if (state.status === 'pending_confirmation') {
    return `A human must approve this: run \`fazt dev infra approve ${state.workflowId}\` or use the dashboard. ` +
      `Then call this tool again with confirmed: true and confirmationId: "${state.confirmation.id}" to get the result.`;
  }
  if (state.status === 'running') return `Approved and running (step ${state.step}); call again with the same confirmationId to follow it.`;
  return 'Done.';
}

function describe(op: AnyOperation): string {
  if (!needsDecision(op)) return `${op.summary}.`;
  const why = op.decision === 'paid' ? 'It costs money' : 'It destroys';
  return `${op.summary}. ${why}, so it waits for a human decision: the first call returns status "pending_confirmation" ` +
    'with a workflowId and confirmation; a person approves it with the CLI or dashboard. ' +
    'Call again with confirmed: true and the confirmationId to collect the outcome.';
}

export function registerOperationTool<O extends AnyOperation, A extends z.ZodRawShape>(
  server: McpServer, ctx: ToolContext, spec: OperationToolSpec<O, A>,
): void {
  const { op } = spec;
  const annotations = {
    readOnlyHint: op.access === 'read',
    destructiveHint: op.access === 'write' && (op.decision !== 'none' || !!op.overwrites),
    idempotentHint: op.decision !== 'paid',
    openWorldHint: true,
  };
  const name = `infra.${op.name}`;
  // The SDK types a tool callback from a literal shape; for a generic shape `A` it cannot, hence the `as never` below.
  if (!needsDecision(op)) {
    server.registerTool(name, { title: op.summary, description: describe(op), inputSchema: spec.args, outputSchema: spec.output, annotations },
      ((args: z.infer<z.ZodObject<A>>) => guarded(async () => ok(spec.toOutput(await ctx.client.run(op, spec.toInput(args)), args)))) as never);
    return;
  }
  // Paid or destructive: every argument is optional because a follow-up call names only the confirmation.
  const args = Object.fromEntries(Object.entries(spec.args).map(([k, v]) => [k, z.optional(v)]));
  const output = { ...confirmableShape, ...Object.fromEntries(Object.entries(spec.output).map(([k, v]) => [k, z.optional(v)])) };
  const result = (state: ConfirmableState<OperationResult<O>>, a: z.infer<z.ZodObject<A>>) => ok({
    status: state.status,
    workflowId: state.workflowId,
    confirmation: state.status === 'pending_confirmation' ? state.confirmation : null,
    next: nextStep(state),
    ...(state.status === 'completed' ? spec.toOutput(state.result, a) : {}),
  });
  server.registerTool(name, { title: op.summary, description: describe(op), inputSchema: { ...args, ...followShape }, outputSchema: output, annotations },
    ((all: z.infer<z.ZodObject<A>> & { confirmed?: boolean; confirmationId?: string; workflowId?: string }) => guarded(async () => {
      const { confirmed, confirmationId, workflowId, ...rest } = all;
      const a = rest as z.infer<z.ZodObject<A>>;
      if (confirmed) {
        if (!confirmationId) throw invalidInput('Invalid arguments: confirmed: true needs the confirmationId from the first call');
        return result(await ctx.ops.follow<OperationResult<O>>(confirmationId, workflowId), a);
      }
      return result(await ctx.ops.start((opts) => ctx.client.run(op, spec.toInput(a), opts)), a);
    })) as never);
}
