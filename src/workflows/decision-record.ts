/**
 * Keeps a workflow's decisions where people look: the audit trail (the `recordDecision` activity,
 * written by the worker's audit interceptor like any activity) and the workflow's memo (visible in
 * `describe` and listings, also after it ends). The `decisions` query and the update payload in
 * the history hold them too.
 */
import { upsertMemo } from '@temporalio/workflow';
import type { DecisionRecord } from '../domain/operations';
import { bookkeeping } from './proxies';

export async function keepDecision(all: DecisionRecord[]): Promise<void> {
  const last = all[all.length - 1];
  if (!last) return;
  upsertMemo({
    decisions: all.map((d) => ({ approved: d.approved, by: d.by, surface: d.surface, decidedAt: d.decidedAt, requestId: d.requestId, requestHash: d.requestHash, action: d.request.action })),
  });
  // A bookkeeping activity like the others (same retries and heartbeat timeout).
  await bookkeeping.recordDecision(last);
}
