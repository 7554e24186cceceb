/**
 * Turns dots-wrapper failures (AxiosErrors) into InfraErrors. DO errors carry a snake_case `id`
 * (`unprocessable_entity`, `not_found`, ...) and a message; one id covers many causes, so 422s are
 * told apart by wording and reported with a derived `providerCode` (`droplet_limit`, ...). The
 * AxiosError itself is never rethrown or attached: its config holds the Authorization header.
 */
import { InfraError, type InfraErrorCode } from '../../domain/errors';
import { codeForStatus } from '../http';
import { networkCode, tokenCheck, transportError, transportKind } from '../reachability';
import { retryAfterMs as waitFromHeaders, type HeaderBag } from '../retry-after';
import { errorBodySchema } from './wire';

export const PROVIDER = 'digitalocean';

/** `retryable` marks the transient cases; a conflict without it is permanent (a name taken). */
const RULES: Array<{ test: RegExp; code: InfraErrorCode; providerCode: string; retryable?: boolean }> = [
  { test: /exceed your droplet limit|droplet limit/i, code: 'INFRA_QUOTA_EXCEEDED', providerCode: 'droplet_limit' },
  { test: /insufficient funds|payment|billing|add a valid/i, code: 'INFRA_INSUFFICIENT_FUNDS', providerCode: 'billing' },
  { test: /pending event|currently locked|is locked|being processed/i, code: 'INFRA_CONFLICT', providerCode: 'pending_event', retryable: true },
  { test: /already in use|already exists|already been taken/i, code: 'INFRA_CONFLICT', providerCode: 'already_exists' },
];

/** Milliseconds to wait after a 429: Retry-After (seconds or HTTP-date), else until `ratelimit-reset` (epoch s), else 1 s. */
export function retryAfterMs(headers: unknown, now = Date.now()): number {
  return waitFromHeaders(headers as HeaderBag, now, { reset: 'epoch-seconds' }) ?? 1000;
}

/** Maps a status and DO error body to a code, message and provider code. */
export function classifyDoError(status: number, body: unknown): { code: InfraErrorCode; message: string; providerCode: string; retryable?: boolean } {
  const parsed = errorBodySchema.safeParse(body);
  const message = parsed.success ? parsed.data.message : `HTTP ${status}`;
  const id = parsed.success ? parsed.data.id : `http_${status}`;
  if (status === 402) return { code: 'INFRA_INSUFFICIENT_FUNDS', message, providerCode: id };
  if (status === 422 || status === 400 || status === 409) {
    const rule = RULES.find((r) => r.test.test(message));
    if (rule) return { code: rule.code, message, providerCode: rule.providerCode, retryable: rule.retryable };
  }
  const base = codeForStatus(status);
  return { code: base.code, message, providerCode: id, retryable: base.retryable };
}

/** The InfraError for anything dots-wrapper threw while doing `what`. */
export function toInfraError(err: unknown, what: string, now = Date.now(), endpoint?: string): InfraError {
  if (err instanceof InfraError) return err;
  const e = err as { response?: { status: number; data: unknown; headers: unknown }; code?: string; message?: string };
  if (e?.response) {
    const { status, data, headers } = e.response;
    const c = classifyDoError(status, data);
    const wait = status === 429 ? retryAfterMs(headers, now) : undefined;
    const check = c.code === 'INFRA_UNAUTHORIZED' && endpoint ? `; ${tokenCheck(PROVIDER, endpoint, status)}` : '';
    return new InfraError(status === 429 ? 'INFRA_RATE_LIMITED' : c.code, `${PROVIDER}: ${what}: ${c.message}${check}`, {
      provider: PROVIDER, providerCode: c.providerCode, retryAfterMs: wait, retryable: c.retryable,
    });
  }
  const timedOut = e?.code === 'ECONNABORTED' || e?.code === 'ETIMEDOUT' || /timeout/i.test(e?.message ?? '');
  // No HTTP answer: an unresolvable name or refused connection fails fast (bounded), resets retry.
  if (!timedOut && endpoint && transportKind(networkCode(err)) !== 'transient') {
    // Only the method of axios's request config is read (the config also holds the Authorization header).
    const method = String((err as { config?: { method?: unknown } })?.config?.method ?? 'get').toUpperCase();
    return transportError(PROVIDER, endpoint, `${method} ${what}`, err, now);
  }
  return new InfraError(timedOut ? 'INFRA_TIMEOUT' : 'INFRA_PROVIDER_ERROR',
    `${PROVIDER}: ${what} ${timedOut ? 'timed out' : `failed: ${e?.code ?? 'network error'}`}`,
    { provider: PROVIDER, retryable: true });
}
