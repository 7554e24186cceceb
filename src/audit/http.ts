/**
 * One intent and one outcome record per provider HTTP request, so the trail shows every request
 * made (an intent without an outcome is a request cut off by a crash) with what came back: status,
 * the provider's request id, the rate-limit headers, how long it took. The provider clients call
 * {@link beginHttp} at their one HTTP path (src/providers/http.ts, the Cloudflare SDK's fetch,
 * dots-wrapper's axios instance); the activity interceptor and the fast read path open the scope
 * ({@link withHttpAudit}) that says where to write and for which activity. Outside a scope
 * nothing is written. Never a body, never a header that carries a credential.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import { findProvider } from '../domain/providers';
import type { AuditLog, HttpAuditRecord } from './log';
import { REDACTED, SECRET_KEY } from './sanitize';

export interface HttpAuditScope {
  log: AuditLog;
  activity: string;
  workflowId: string;
  runId: string;
  attempt: number;
}

/** Headers as fetch (`Headers`) or axios (a plain object) give them. */
export type HeaderSource = Headers | Record<string, unknown> | null | undefined;

export interface HttpCall {
  /** The provider answered (any status). */
  done(res: { status: number; headers: HeaderSource }): void;
  /** No answer: connection refused, DNS failure, timeout, abort. */
  failed(err: unknown): void;
}

const scope = new AsyncLocalStorage<HttpAuditScope>();
const RATE_HEADER = /ratelimit|rate-limit|retry-after/i;
const NOOP: HttpCall = { done: () => undefined, failed: () => undefined };

/** Runs `fn` with provider HTTP recorded into `s.log` for this activity. */
export function withHttpAudit<T>(s: HttpAuditScope, fn: () => Promise<T>): Promise<T> {
  return scope.run(s, fn);
}

/** Writes the intent now and returns how to write the outcome. Never throws. */
export function beginHttp(provider: string, method: string, url: string | URL): HttpCall {
  const s = scope.getStore();
  if (!s) return NOOP;
  const started = Date.now();
  const base = {
    type: 'http' as const, callId: randomUUID(), provider, method: method.toUpperCase(), path: safePath(url),
    activity: s.activity, workflowId: s.workflowId, runId: s.runId, attempt: s.attempt,
  };
  const write = (r: HttpAuditRecord) => {
    try {
      s.log.append(r);
    } catch {
      // The trail never fails the request it describes.
    }
  };
  write({ kind: 'http.intent', timestamp: new Date(started).toISOString(), ...base });
  let ended = false;
  const end = (rest: Partial<HttpAuditRecord>) => {
    if (ended) return;
    ended = true;
    const now = Date.now();
    write({ kind: 'http.outcome', timestamp: new Date(now).toISOString(), ...base, ...rest, durationMs: now - started });
  };
  return {
    done: (res) => end({
      status: res.status,
      providerRequestId: header(res.headers, findProvider(provider)?.requestIdHeader ?? 'x-request-id') ?? null,
      rateLimit: rateHeaders(res.headers),
    }),
    failed: (err) => end({ status: null, error: reasonOf(err) }),
  };
}

/** Path and query of a URL; query values under secret-looking names are redacted. */
export function safePath(url: string | URL): string {
  let u: URL;
  try {
    u = new URL(String(url));
  } catch {
    return String(url).split('?')[0];
  }
  for (const key of [...new Set(u.searchParams.keys())]) {
    if (SECRET_KEY.test(key) || /^(sig|signature|key|auth|code)$/i.test(key)) u.searchParams.set(key, REDACTED);
  }
  return `${u.pathname}${u.search}`;
}

/** A plain name → value object of fetch Headers, axios' AxiosHeaders or a plain object. */
function bagOf(h: HeaderSource): Record<string, unknown> {
  if (!h) return {};
  if (h instanceof Headers) return Object.fromEntries(h.entries());
  const toJSON = (h as { toJSON?: () => Record<string, unknown> }).toJSON;
  return typeof toJSON === 'function' ? toJSON.call(h) : h;
}

function header(h: HeaderSource, name: string): string | undefined {
  const bag = bagOf(h);
  const key = Object.keys(bag).find((k) => k.toLowerCase() === name.toLowerCase());
  const v = key === undefined ? undefined : bag[key];
  return v === undefined || v === null ? undefined : String(v);
}

function rateHeaders(h: HeaderSource): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(bagOf(h))) if (RATE_HEADER.test(k) && v !== undefined && v !== null) out[k.toLowerCase()] = String(v);
  return out;
}

/** A short reason without the request's content: an errno code, `timeout` or the error's name. */
function reasonOf(err: unknown): string {
  const e = err as { name?: string; code?: string; cause?: { code?: string }; message?: string } | null;
  if (e?.name === 'TimeoutError' || e?.code === 'ECONNABORTED' || e?.code === 'ETIMEDOUT' || /timed? ?out/i.test(e?.message ?? '')) return 'timeout';
  if (e?.name === 'AbortError') return 'aborted';
  return e?.cause?.code ?? e?.code ?? e?.name ?? 'network error';
}
