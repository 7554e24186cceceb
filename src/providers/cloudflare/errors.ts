/**
 * `Cloudflare.APIError` → {@link InfraError}: by Cloudflare's error code first (971 throttling,
 * 10000/9109 auth, 81044 missing, 81057/1061 duplicates, 8105x same-name conflicts), then by HTTP
 * status the way `APIError.generate` does. Messages carry Cloudflare's text, never the token.
 */
import { APIConnectionError, APIConnectionTimeoutError, APIError } from 'cloudflare';
import { InfraError, messageOf } from '../../domain/errors';
import { tokenCheck } from '../reachability';
import { retryAfterMs as waitFromHeaders } from '../retry-after';
import { parseRatelimit } from './wire';

export const PROVIDER = 'cloudflare';

/** Cloudflare error codes the adapter branches on. */
export const CF_CODES = {
  throttled: 971,
  zoneExists: 1061,
  authError: 10000,
  invalidToken: 9109,
  recordMissing: 81044,
  recordExists: 81057,
  identicalExists: 81058,
  cnameConflict: 81053,
  cnameExists: 81054,
  nsConflict: 81056,
  badObjectId: 7003,
  /** Registrar: the name is already registered in this account (sandbox code, unverified). */
  registrationExists: 10012,
  /** Registrar: the name cannot be registered (taken, premium, extension). Sandbox code, unverified. */
  notRegistrable: 10011,
} as const;

const CONFLICTS = new Set<number>([CF_CODES.registrationExists, CF_CODES.notRegistrable, CF_CODES.zoneExists, CF_CODES.recordExists, CF_CODES.identicalExists, CF_CODES.cnameConflict, CF_CODES.cnameExists, CF_CODES.nsConflict]);

/** The Cloudflare error codes of an error (empty when it is not an API error). */
export function cfCodes(err: unknown): number[] {
  return err instanceof APIError ? (err.errors ?? []).map((e: any) => Number(e?.code)) : [];
}

/** How long a 429 asks us to wait: Retry-After, else the `Ratelimit` reset, else one second. */
export function retryAfterMs(headers: Headers | undefined, now = Date.now()): number {
  if (!headers) return 1000;
  const ra = waitFromHeaders(headers, now);
  if (ra !== undefined) return ra;
  const rl = parseRatelimit(headers.get('ratelimit'), now);
  return rl.resetAt !== null ? Math.max(1000, rl.resetAt - now) : 1000;
}

/** Maps anything an SDK call threw; `op` names the call for the message. */
export function toInfraError(err: unknown, op: string, endpoint?: string): InfraError {
  if (err instanceof InfraError) return err;
  if (err instanceof APIConnectionTimeoutError) {
    return new InfraError('INFRA_TIMEOUT', `${PROVIDER}: ${op} timed out`, { provider: PROVIDER, retryable: true });
  }
  if (err instanceof APIConnectionError) {
    const cause = (err as any).cause;
    // Our fetch wrapper's verdict on an endpoint that gave no answer (src/providers/reachability.ts).
    if (cause instanceof InfraError) return cause;
    const why = cause?.cause?.code ?? cause?.code ?? (typeof cause?.message === 'string' && cause.message !== '{}' ? cause.message : 'connection error');
    return new InfraError('INFRA_PROVIDER_ERROR', `${PROVIDER}: ${op} failed: ${why}`,
      { provider: PROVIDER, retryable: true });
  }
  if (!(err instanceof APIError) || err.status === undefined) {
    return new InfraError('INFRA_PROVIDER_ERROR', `${PROVIDER}: ${op} failed: ${messageOf(err)}`, { provider: PROVIDER });
  }
  const errors = (err.errors ?? []) as Array<{ code?: number; message?: string; error_chain?: Array<{ code?: number; message?: string }> }>;
  const first = errors[0];
  const chain = first?.error_chain?.[0];
  const code = Number(first?.code ?? 0);
  const text = errors.length > 0
    ? errors.map((e) => `${e.message ?? 'error'} (${e.code})${e.error_chain?.length ? `: ${e.error_chain.map((c) => `${c.message} (${c.code})`).join(', ')}` : ''}`).join('; ')
    : `HTTP ${err.status}`;
  const details = { provider: PROVIDER, providerCode: String(chain?.code ?? code) };
  const message = `${PROVIDER}: ${op}: ${text}`;
  if (err.status === 429 || code === CF_CODES.throttled) {
    return new InfraError('INFRA_RATE_LIMITED', message, { ...details, providerCode: String(code || 429), retryAfterMs: retryAfterMs(err.headers) });
  }
  if (err.status === 401 || err.status === 403 || code === CF_CODES.authError || code === CF_CODES.invalidToken) {
    return new InfraError('INFRA_UNAUTHORIZED', endpoint ? `${message}; ${tokenCheck(PROVIDER, endpoint, err.status)}` : message, details);
  }
  if (err.status === 404 || code === CF_CODES.recordMissing) return new InfraError('INFRA_NOT_FOUND', message, details);
  // Same-name clashes and duplicates do not go away by retrying the same request.
  if (CONFLICTS.has(code) || err.status === 409) return new InfraError('INFRA_CONFLICT', message, { ...details, retryable: err.status === 409 });
  if (err.status >= 500) return new InfraError('INFRA_PROVIDER_ERROR', message, { ...details, retryable: true });
  if (err.status === 400 || err.status === 422) return new InfraError('INFRA_INVALID_INPUT', message, details);
  return new InfraError('INFRA_PROVIDER_ERROR', message, { ...details, retryable: false });
}
