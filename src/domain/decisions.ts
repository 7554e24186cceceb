/**
 * What a decision names and who may make it, pure (workflow-safe): the hash of a confirmation
 * request's content, and the check of a decision against the pending request.
 */
import { contentHash } from './canonical';
import type { ConfirmationRequest, Decision, DecisionSurface } from './operations';

export const DECISION_SURFACES: readonly DecisionSurface[] = ['cli', 'dashboard', 'mcp', 'api'];

/** SHA-256 (hex) of the canonical JSON of the request's content: everything shown but the hash. */
export function requestHash(req: ConfirmationRequest): string {
  const { id, action, workflowId, reason, data, requestedAt, expiresAt } = req;
  return contentHash({ id, action, workflowId, reason, data, requestedAt, expiresAt });
}

/** Why `d` may not decide `pending` (null when it may). The same words on every surface. */
export function decisionProblem(pending: ConfirmationRequest | null, d: Decision): string | null {
  if (!pending) return 'nothing is waiting for a decision';
  if (d.requestId !== pending.id) return `wrong request id ${JSON.stringify(d.requestId)}: the pending request is ${pending.id}`;
  if (!d.by || !d.surface || !DECISION_SURFACES.includes(d.surface)) return 'a decision must say who decides and through which surface';
  const want = pending.hash ?? requestHash(pending);
  if (!d.requestHash) return `a decision must name the hash of the request it was shown (sha256 ${want})`;
  if (d.requestHash !== want) return `the request changed since it was shown (shown sha256 ${d.requestHash}, now ${want}); look at it again`;
  return null;
}
