/**
 * Paid or destructive operations over MCP, with a human in the loop that the agent cannot skip.
 *
 * Design. A tool call like `infra.vps.create` STARTS the operation (a workflow that waits for a
 * decision before it calls any provider) and returns at once with the pending confirmation and its
 * workflow id. The decision is made by a person through a channel the model does not control:
 * `fazt dev infra approve <workflow-id>` or the dashboard's Approve button. Calling the tool again
 * with `confirmed: true` and the `confirmationId` from the first answer does NOT approve anything:
 * it only collects the outcome (still pending, running, done, or canceled) of that same operation,
 * so an agent that passes `confirmed: true` on its own gains nothing. The one way for the agent to
 * approve is the `infra.approve` tool, which is registered only when the server was started with
 * an explicit allow flag (`fazt mcp --allow-agent-approval`), i.e. when a person chose to delegate.
 *
 * A timeout or rejection ends the workflow with INFRA_CANCELED, never with the action done.
 */
import type { CallOptions, InfraClient } from '../client/api';
import { InfraError, fromFailure, isInfraErrorCode } from '../domain/errors';
import type { ConfirmationRequest } from '../domain/operations';

/** What a confirmable tool answers. */
export type ConfirmableState<T> =
  | { status: 'pending_confirmation'; workflowId: string; confirmation: ConfirmationRequest }
  | { status: 'running'; workflowId: string; step: string }
  | { status: 'completed'; workflowId: string | null; result: T };

interface Tracked {
  workflowId: string;
  confirmation: ConfirmationRequest;
  /** The call started in this process; settles when the workflow ends. */
  run: Promise<unknown>;
}

/** Starts and follows confirmable operations for one MCP server. */
export class ConfirmableOperations {
  private readonly byConfirmation = new Map<string, Tracked>();

  constructor(private readonly client: InfraClient, private readonly waitMs = 30_000) {}

  /**
   * Starts an operation and returns as soon as it asks for a decision (or finishes without one,
   * e.g. a create that was already done). Errors before the decision (bad input, not configured)
   * are thrown.
   */
  async start<T>(run: (opts: CallOptions) => Promise<T>): Promise<ConfirmableState<T>> {
    let asked: (req: ConfirmationRequest) => void = () => undefined;
    const askedP = new Promise<ConfirmationRequest>((resolve) => (asked = resolve));
    // Leave every decision to a human elsewhere: never decide here.
    const running = run({
      confirm: async (req) => {
        asked(req);
        return undefined;
      },
    });
    running.catch(() => undefined);
    const first = await Promise.race([
      running.then((result) => ({ kind: 'done' as const, result })),
      askedP.then((req) => ({ kind: 'asked' as const, req })),
    ]);
    if (first.kind === 'done') return { status: 'completed', workflowId: null, result: first.result };
    const workflowId = first.req.workflowId;
    this.byConfirmation.set(first.req.id, { workflowId, confirmation: first.req, run: running });
    return { status: 'pending_confirmation', workflowId, confirmation: first.req };
  }

  /**
   * The outcome of an operation started earlier, named by its confirmation id: still pending,
   * running (after approval), completed, or the error it ended with (INFRA_CANCELED on rejection).
   * Never approves.
   */
  async follow<T>(confirmationId: string, workflowId?: string): Promise<ConfirmableState<T>> {
    const tracked = this.byConfirmation.get(confirmationId);
    const pending = await this.client.pending();
    const stillPending = pending.find((p) => p.id === confirmationId);
    if (stillPending) {
      return { status: 'pending_confirmation', workflowId: stillPending.workflowId, confirmation: stripPending(stillPending) };
    }
    const id = tracked?.workflowId ?? workflowId;
    if (!id) {
      throw new InfraError('INFRA_NOT_FOUND', `No operation with confirmation ${confirmationId} is known here; pass its workflowId too`);
    }
    const deadline = Date.now() + this.waitMs;
    if (tracked) {
      const done = await withinMs(
        tracked.run.then((result) => ({ ok: true as const, result }), (err) => ({ ok: false as const, err })),
        this.waitMs,
      );
      if (done?.ok) return { status: 'completed', workflowId: id, result: done.result as T };
      if (done && !done.ok) throw fromFailure(done.err);
    }
    for (;;) {
      const p = await this.client.progress(id);
      const status = p.status.toUpperCase();
      if (status === 'COMPLETED') return { status: 'completed', workflowId: id, result: p.result as T };
      if (status !== 'RUNNING') throw errorFrom(p.error, `Operation ${id} ended ${status.toLowerCase()}`);
      if (p.pendingConfirmation) return { status: 'pending_confirmation', workflowId: id, confirmation: p.pendingConfirmation };
      if (Date.now() >= deadline) return { status: 'running', workflowId: id, step: p.step };
      await sleep(500);
    }
  }

}

/** A pending decision without the listing-only fields. */
function stripPending(p: ConfirmationRequest & { workflowType?: string }): ConfirmationRequest {
  return { id: p.id, action: p.action, workflowId: p.workflowId, reason: p.reason, data: p.data, requestedAt: p.requestedAt, expiresAt: p.expiresAt };
}

/** Rebuilds the error a finished workflow reported (an InfraError JSON or anything else). */
function errorFrom(error: unknown, fallback: string): InfraError {
  if (error && typeof error === 'object' && isInfraErrorCode((error as { code?: unknown }).code)) {
    const e = error as { code: InfraError['code']; message?: string; hint?: string; provider?: string };
    return new InfraError(e.code, e.message ?? fallback, { hint: e.hint, provider: e.provider });
  }
  return error ? fromFailure(error) : new InfraError('INFRA_PROVIDER_ERROR', fallback);
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** The promise's value, or null when it takes longer than `ms` (the timer is always cleared). */
async function withinMs<T>(p: Promise<T>, ms: number): Promise<T | null> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([p, new Promise<null>((resolve) => (timer = setTimeout(() => resolve(null), ms)))]);
  } finally {
    clearTimeout(timer);
  }
}
