/**
 * Keeps a workflow's decisions where people look: the audit trail (the `recordDecision` activity,
 * written by the worker's audit interceptor like any activity) and the workflow's memo (visible in
 * `describe` and listings, also after it ends). The `decisions` query and the update payload in
 * the history hold them too.
 */
import { proxyActivities, upsertMemo } from '@temporalio/workflow';
import type { InfraActivities } from '../activities';
import type { DecisionRecord } from '../domain/operations';

const { recordDecision } = proxyActivities<InfraActivities>({
  startToCloseTimeout: '30s',
  retry: { initialInterval: '1s', backoffCoefficient: 2, maximumInterval: '30s', maximumAttempts: 10 },
});

export async function keepDecision(all: DecisionRecord[]): Promise<void> {
  const last = all[all.length - 1];
  if (!last) return;
  upsertMemo({
    decisions: all.map((d) => ({ approved: d.approved, by: d.by, surface: d.surface, decidedAt: d.decidedAt, requestId: d.requestId, requestHash: d.requestHash, action: d.request.action })),
  });
  await recordDecision(last);
}
