/**
 * Vultr's error bodies. Vultr has no machine-readable error codes: every 4xx is
 * `{"error": "<message>", "status": <code>}` (VU-SPEC "Response Codes"; observed
 * `{"error":"Invalid plan chosen.","status":400}`, provider-api-notes §3.1).
 */
import type { SimResponse } from '../core/types';

/** The one error shape of the Vultr API. */
export function vultrError(status: number, error: string): SimResponse {
  return { status, body: { error, status } };
}

/**
 * Quota wording as Vultr sends it when the account's instance limit is reached
 * (seen verbatim in getlantern/lantern_aws#186).
 */
export const QUOTA_MESSAGE =
  'Server add failed: You have reached the maximum number of active virtual machines for this account. ' +
  'For security reasons, please contact our support team to have the limit raised';

/**
 * Insufficient-funds wording. Vultr documents no exact text; this is our chosen realistic wording
 * (same "Server add failed:" prefix as the quota error). The adapter matches on "funds"/"balance".
 */
export const FUNDS_MESSAGE =
  'Server add failed: Your account balance is insufficient to deploy this instance. Please add funds to your account.';
