/**
 * `recordDecision`: no provider call. It exists so a workflow's accepted decision enters the audit
 * trail through the same interceptor (sanitized, hash-chained) as every activity, written by the
 * worker once the workflow has accepted it, never by the surface that sent it.
 */
import type { DecisionRecord } from '../domain/operations';

export function decisionActivities() {
  return {
    async recordDecision(record: DecisionRecord): Promise<{ recorded: true; requestId: string }> {
      return { recorded: true, requestId: record.requestId };
    },
  };
}
