/**
 * The one HTTP path of our own provider clients (Hetzner, Vultr): bearer auth, JSON, a timeout,
 * rate-limit headers fed to the limiter, status → InfraError mapping, and no retries (Temporal owns
 * retries). The token is sent as a header and never appears in an error message.
 */
import { beginHttp } from '../audit/http';
import { InfraError, type InfraErrorCode } from '../domain/errors';
import { accountLimiter, type BudgetReport, type RateLimiter } from './rate-limiter';
import { noteAnswered, tokenCheck, transportError } from './reachability';
import { retryAfterMs as waitFromHeaders } from './retry-after';

export interface HttpClientOptions {
  provider: string;
  baseUrl: string;
  token: string;
  timeoutMs?: number;
  /** Reads what the provider's rate-limit headers say about the budget (left out: it sends none). */
  readRateLimit?: (h: Headers, now: number) => BudgetReport;
  /** Turns an error body into a code, message and provider code. */
  classify: (status: number, body: unknown) => { code: InfraErrorCode; message: string; providerCode?: string; retryable?: boolean };
  fetchImpl?: typeof fetch;
}

export interface HttpResponse<T> {
  status: number;
  body: T;
  headers: Headers;
}

export class HttpClient {
  readonly limiter: RateLimiter;
  constructor(private readonly opts: HttpClientOptions) {
    this.limiter = accountLimiter(opts.provider, opts.baseUrl, opts.token);
  }

  async request<T = any>(method: string, path: string, options: { query?: Record<string, string | number | string[] | undefined>; body?: unknown } = {}): Promise<HttpResponse<T>> {
    const url = new URL(this.opts.baseUrl.replace(/\/+$/, '') + path);
    for (const [k, v] of Object.entries(options.query ?? {})) {
      if (v === undefined) continue;
      for (const item of Array.isArray(v) ? v : [v]) url.searchParams.append(k, String(item));
    }
    const grant = await this.limiter.acquire();
    const fetchImpl = this.opts.fetchImpl ?? fetch;
    let res: Response;
    const audit = beginHttp(this.opts.provider, method, url);
    try {
      res = await fetchImpl(url, {
        method,
        headers: {
          authorization: `Bearer ${this.opts.token}`,
          accept: 'application/json',
          ...(options.body !== undefined ? { 'content-type': 'application/json' } : {}),
        },
        body: options.body !== undefined ? JSON.stringify(options.body) : undefined,
        signal: AbortSignal.timeout(this.opts.timeoutMs ?? 30_000),
      });
    } catch (err: any) {
      audit.failed(err);
      const timedOut = err?.name === 'TimeoutError' || err?.name === 'AbortError';
      if (timedOut) throw new InfraError('INFRA_TIMEOUT', `${this.opts.provider}: ${method} ${path} timed out`, { provider: this.opts.provider, retryable: true });
      // Unresolvable names and refused connections fail fast (bounded); resets keep their retries.
      throw transportError(this.opts.provider, this.opts.baseUrl, `${method} ${path}`, err);
    }
    audit.done(res);
    const now = Date.now();
    noteAnswered(this.opts.baseUrl, now);
    const rl = this.opts.readRateLimit?.(res.headers, now);
    if (rl) await this.limiter.observe(grant, rl);
    const text = await res.text();
    let body: any = undefined;
    if (text) {
      try { body = JSON.parse(text); } catch { body = text; }
    }
    if (res.ok) return { status: res.status, body, headers: res.headers };

    const c = this.opts.classify(res.status, body);
    let retryAfterMs: number | undefined;
    if (res.status === 429) {
      retryAfterMs = waitFromHeaders(res.headers, now) ?? (rl?.nextMs ? Math.max(1000, rl.nextMs) : 1000);
      await this.limiter.block(retryAfterMs);
    }
    const check = c.code === 'INFRA_UNAUTHORIZED' ? `; ${tokenCheck(this.opts.provider, this.opts.baseUrl, res.status)}` : '';
    throw new InfraError(res.status === 429 ? 'INFRA_RATE_LIMITED' : c.code, `${this.opts.provider}: ${c.message}${check}`, {
      provider: this.opts.provider,
      providerCode: c.providerCode,
      retryAfterMs,
      retryable: c.retryable,
    });
  }
}

/** Default mapping from HTTP status to a code, for providers without machine-readable errors. */
export function codeForStatus(status: number): { code: InfraErrorCode; retryable?: boolean } {
  if (status === 400 || status === 422) return { code: 'INFRA_INVALID_INPUT' };
  if (status === 401 || status === 403) return { code: 'INFRA_UNAUTHORIZED' };
  if (status === 404) return { code: 'INFRA_NOT_FOUND' };
  // 423 Locked: an action still runs on the resource, worth retrying. A bare 409 is permanent.
  if (status === 423) return { code: 'INFRA_CONFLICT', retryable: true };
  if (status === 409) return { code: 'INFRA_CONFLICT', retryable: false };
  if (status === 429) return { code: 'INFRA_RATE_LIMITED' };
  if (status === 408 || status === 504) return { code: 'INFRA_TIMEOUT' };
  if (status >= 500) return { code: 'INFRA_PROVIDER_ERROR', retryable: true };
  return { code: 'INFRA_PROVIDER_ERROR', retryable: false };
}
