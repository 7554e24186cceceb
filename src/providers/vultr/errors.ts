/**
 * Vultr errors carry no machine-readable code (`{"error": "<message>", "status": <code>}`,
 * provider-api-notes §3.1), so they are classified by HTTP status and message wording. The
 * `providerCode` we report is derived here (e.g. `instance_limit`, `insufficient_funds`).
 */
import type { InfraErrorCode } from '../../domain/errors';
import { codeForStatus } from '../http';
import { errorBodySchema } from './wire';

export interface Classified {
  code: InfraErrorCode;
  message: string;
  providerCode?: string;
  retryable?: boolean;
}

const QUOTA = /maximum number|reached the maximum|limit (has been )?reached|monthly fee limit|instance limit|quota/i;
const FUNDS = /insufficient funds|add funds|account balance|not enough credit|billing|payment/i;
const LOCKED = /locked|please try again|in progress|being (installed|provisioned)/i;
const DUPLICATE = /already exists|duplicate/i;

/** Maps a Vultr error response to our error code, message and derived provider code. */
export function classifyVultrError(status: number, body: unknown): Classified {
  const parsed = errorBodySchema.safeParse(body);
  const message = parsed.success ? parsed.data.error : `HTTP ${status}${typeof body === 'string' && body ? `: ${body.slice(0, 200)}` : ''}`;
  if (status === 429) return { code: 'INFRA_RATE_LIMITED', message, providerCode: 'rate_limited' };
  if (status >= 400 && status < 500 && status !== 401 && status !== 404) {
    if (QUOTA.test(message)) return { code: 'INFRA_QUOTA_EXCEEDED', message, providerCode: 'instance_limit' };
    if (FUNDS.test(message)) return { code: 'INFRA_INSUFFICIENT_FUNDS', message, providerCode: 'insufficient_funds' };
    // Locked or busy: the action in progress ends, then the same request succeeds.
    if (LOCKED.test(message)) return { code: 'INFRA_CONFLICT', message, providerCode: 'locked', retryable: true };
    if (DUPLICATE.test(message)) return { code: 'INFRA_CONFLICT', message, providerCode: 'duplicate', retryable: false };
  }
  const base = codeForStatus(status);
  return { code: base.code, message, providerCode: `http_${status}`, retryable: base.retryable };
}
