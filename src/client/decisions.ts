/**
 * Pending decisions across workflows, approve/reject, progress and recent operations. Lists are
 * those of this deployment: workflows on the client's task queue (a namespace may hold others).
 */
import os from 'node:os';
import { Client, WorkflowNotFoundError } from '@temporalio/client';
import type { DecideOptions, Decider, InfraClient } from './api';
import { requestHash } from '../domain/decisions';
import { InfraError, fromFailure } from '../domain/errors';
import type { ConfirmationRequest, DecisionRecord, OperationProgress, PendingDecision } from '../domain/operations';
import { SEARCH_ATTRIBUTES } from '../shared/constants';
import { decideUpdate, pendingConfirmationQuery, progressQuery } from '../workflows/messages';

/** The decider when a caller names none: this process's OS user, through the API. */
export function processDecider(): Decider {
  return { by: os.userInfo().username, surface: 'api' };
}

type DecisionApi = Pick<InfraClient, 'pending' | 'approve' | 'reject' | 'progress' | 'operations'>;

export function decisions(client: Client, taskQueue: string): DecisionApi {
  const ours = `TaskQueue = "${taskQueue}"`;
  const decide = async (workflowId: string, approved: boolean, o: DecideOptions = {}): Promise<DecisionRecord> => {
    const handle = client.workflow.getHandle(workflowId);
    let req: ConfirmationRequest | null;
    try {
      const status = (await handle.describe()).status.name;
      if (status !== 'RUNNING') throw new InfraError('INFRA_CONFLICT', `Operation ${workflowId} has already ended (${status.toLowerCase()}): nothing to decide, nothing was decided`);
      req = await handle.query(pendingConfirmationQuery);
    } catch (err) {
      if (err instanceof WorkflowNotFoundError) throw new InfraError('INFRA_NOT_FOUND', `No operation ${workflowId}`);
      throw err instanceof InfraError ? err : fromFailure(err);
    }
    const refused = (why: string) => new InfraError('INFRA_CONFLICT', `The decision was refused, nothing was decided: ${why}`);
    if (!req) throw refused(`operation ${workflowId} is not waiting for a decision`);
    if (o.requestId !== undefined && o.requestId !== req.id) throw refused(`wrong request id ${JSON.stringify(o.requestId)}: the pending request is ${req.id}`);
    // Our own hash of what we read, so a request whose content differs from its stated hash is caught here too.
    const now = requestHash(req);
    if (o.requestHash !== undefined && o.requestHash !== now) throw refused(`the request changed since it was shown (shown sha256 ${o.requestHash}, now ${now}); look at it again`);
    const decider = o.decider ?? processDecider();
    let answer: { accepted: boolean; decision?: DecisionRecord };
    try {
      answer = await handle.executeUpdate(decideUpdate, { args: [{ approved, requestId: req.id, requestHash: now, by: decider.by, surface: decider.surface, reason: o.reason }] });
    } catch (err) {
      // The SDK's message is "Workflow Update failed"; the validator's reason is its cause.
      const e = err as Error & { cause?: Error };
      throw refused(e.cause?.message ?? e.message);
    }
    if (!answer.accepted) throw refused('another decision came first');
    return answer.decision ?? { approved, by: decider.by, surface: decider.surface, decidedAt: new Date().toISOString(), requestId: req.id, requestHash: now, request: req, reason: o.reason };
  };

  return {
    async pending(): Promise<PendingDecision[]> {
      const query = `${SEARCH_ATTRIBUTES.awaiting} = "yes" AND ExecutionStatus = "Running" AND ${ours}`;
      const waiting: Array<{ workflowId: string; type: string }> = [];
      for await (const wf of client.workflow.list({ query })) waiting.push({ workflowId: wf.workflowId, type: wf.type });
      // One query per waiting workflow, all at once: a page of waiting operations costs one round trip, not one each.
      const reqs = await Promise.all(waiting.map((wf) => client.workflow.getHandle(wf.workflowId).query(pendingConfirmationQuery).catch(() => null)));
      return waiting.flatMap((wf, i) => {
        const req = reqs[i];
        return req ? [{ ...req, workflowId: wf.workflowId, workflowType: wf.type }] : [];
      });
    },
    approve: (id, o) => decide(id, true, o),
    reject: (id, o) => decide(id, false, o),
    async progress(workflowId) {
      const handle = client.workflow.getHandle(workflowId);
      let desc;
      try {
        desc = await handle.describe();
      } catch (err) {
        if (err instanceof WorkflowNotFoundError) throw new InfraError('INFRA_NOT_FOUND', `No operation ${workflowId}`);
        throw fromFailure(err);
      }
      const p: OperationProgress = await handle.query(progressQuery).catch(() => ({
        operation: desc.type, step: 'unknown', steps: [], waiting: null, pendingConfirmation: null, created: [],
      }));
      const status = desc.status.name;
      let result: unknown;
      let error: unknown;
      if (status === 'COMPLETED') result = await handle.result();
      else if (status !== 'RUNNING') error = await handle.result().then(() => undefined, (e) => fromFailure(e).toJSON());
      return { ...p, status, result, error };
    },
    async operations(o = {}) {
      const out: Awaited<ReturnType<DecisionApi['operations']>> = [];
      const limit = o.limit ?? 20;
      for await (const wf of client.workflow.list({ query: `WorkflowType != "infraCall" AND ${ours}` })) {
        const sa = wf.searchAttributes as Record<string, unknown[] | undefined>;
        out.push({
          workflowId: wf.workflowId, type: wf.type, status: wf.status.name, startedAt: wf.startTime.toISOString(),
          provider: sa?.[SEARCH_ATTRIBUTES.provider]?.[0] as string | undefined, operation: sa?.[SEARCH_ATTRIBUTES.operation]?.[0] as string | undefined,
        });
        if (out.length >= limit) break;
      }
      return out;
    },
  };
}
