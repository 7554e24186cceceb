/**
 * Transport failures where waiting cannot help, told apart from the ones where it does. Every
 * provider client (our HttpClient, the Cloudflare SDK's fetch, dots-wrapper's axios) hands its
 * network error here and gets an InfraError back:
 * - a name that does not resolve (ENOTFOUND) or a TLS certificate that does not match: the endpoint
 *   is wrong; one retry (a resolver hiccup) then INFRA_UNREACHABLE, not retryable;
 * - connection refused / no route / EAI_AGAIN: can be a provider or proxy restarting, so retried
 *   for a short, bounded time (3 s: about three attempts at Temporal's 1 s, 2 s backoff), then
 *   INFRA_UNREACHABLE, not retryable; the user hears within 10 s instead of after 20 attempts;
 * - an endpoint that answered in the last 10 minutes, and any write (POST, PUT, PATCH, DELETE:
 *   the flow issuing it has read from the provider before, and a flow abandoned half-way costs
 *   more than a minute's wait), get 60 s before that verdict: a provider's restart is survived;
 * - resets, hang-ups and timeouts stay INFRA_PROVIDER_ERROR / INFRA_TIMEOUT with their retries.
 * State is per endpoint and per worker process (reads and activities share it), like the limiter.
 */
import { InfraError } from '../domain/errors';
import { findProvider } from '../domain/providers';

/** How long an endpoint may fail this way before it is declared unreachable. */
export const UNREACHABLE_BUDGET_MS = { dns: 1000, refused: 3000, recentlyUp: 60_000 } as const;
/** An endpoint that answered within this long counts as recently up. */
const RECENT_MS = 10 * 60_000;
/** A failure this long after the previous one starts a new episode. */
const EPISODE_GAP_MS = 60_000;

const DNS = new Set(['ENOTFOUND', 'EAI_NONAME', 'EAI_NODATA', 'EAI_FAIL']);
const REFUSED = new Set(['ECONNREFUSED', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN', 'EADDRNOTAVAIL']);
const TLS = /^(CERT_|ERR_TLS_CERT|DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT_IN_CHAIN|UNABLE_TO_VERIFY_LEAF_SIGNATURE|UNABLE_TO_GET_ISSUER_CERT)/;

interface EndpointState {
  lastOk: number | null;
  firstFailure: number | null;
  lastFailure: number | null;
}
const endpoints = new Map<string, EndpointState>();

function state(endpoint: string): EndpointState {
  let s = endpoints.get(endpoint);
  if (!s) endpoints.set(endpoint, (s = { lastOk: null, firstFailure: null, lastFailure: null }));
  return s;
}

/** Any answer from the endpoint (even an HTTP error) proves it reachable. */
export function noteAnswered(endpoint: string, now = Date.now()): void {
  const s = state(endpoint);
  s.lastOk = now;
  s.firstFailure = null;
  s.lastFailure = null;
}

/**
 * The errno-style code in an error's cause chain (fetch, undici, axios, SDK wrappers): the first
 * one that tells unreachable from transient, else the first code seen.
 */
export function networkCode(err: unknown): string | undefined {
  const codes: string[] = [];
  const walk = (e: any, depth: number) => {
    if (!e || depth > 6) return;
    if (typeof e.code === 'string' && /^[A-Z][A-Z0-9_]+$/.test(e.code)) codes.push(e.code);
    if (Array.isArray(e.errors)) for (const inner of e.errors.slice(0, 3)) walk(inner, depth + 1);
    walk(e.cause, depth + 1);
  };
  walk(err, 0);
  const m = /\b(E[A-Z]{3,}|CERT_[A-Z_]+)\b/.exec(String((err as any)?.message ?? ''));
  if (m) codes.push(m[1]);
  return codes.find((c) => transportKind(c) !== 'transient') ?? codes[0];
}

export type TransportKind = 'dns' | 'refused' | 'tls' | 'transient';

export function transportKind(code: string | undefined): TransportKind {
  if (!code) return 'transient';
  if (DNS.has(code)) return 'dns';
  if (REFUSED.has(code)) return 'refused';
  if (TLS.test(code)) return 'tls';
  return 'transient';
}

const WHY: Record<Exclude<TransportKind, 'transient'>, (host: string) => string> = {
  dns: (host) => `the name ${host} does not resolve`,
  refused: (host) => `nothing accepts connections at ${host}`,
  tls: (host) => `the TLS certificate of ${host} is not valid for it`,
};

/** What to check, per kind; names the config key that holds the endpoint. */
function whatToCheck(provider: string, kind: Exclude<TransportKind, 'transient'>): string {
  const d = findProvider(provider);
  const key = `infra.${d?.kinds[0] ?? 'vps'}.${provider}`;
  const fix = `check the endpoint (fazt dev config shows it; set it with: fazt dev config ${key} --token <token> --endpoint <url>${d ? `, default ${d.defaultEndpoint}` : ''})`;
  if (kind === 'dns') return `${fix} and this machine's DNS`;
  if (kind === 'tls') return `${fix}; a proxy in between may present its own certificate`;
  return `${fix}, that the provider (or your proxy) is up, and your network or firewall`;
}

/**
 * The InfraError for a request to `endpoint` that got no HTTP answer. `what` names the call
 * ("GET /servers", method first); the message names the provider, the endpoint and what to check.
 */
export function transportError(provider: string, endpoint: string, what: string, err: unknown, now = Date.now()): InfraError {
  const code = networkCode(err);
  const kind = transportKind(code);
  if (kind === 'transient') {
    return new InfraError('INFRA_PROVIDER_ERROR', `${provider}: ${what} failed: ${code ?? (err as Error)?.message ?? 'network error'}`, { provider, retryable: true });
  }
  const s = state(endpoint);
  if (s.firstFailure === null || (s.lastFailure !== null && now - s.lastFailure > EPISODE_GAP_MS)) s.firstFailure = now;
  s.lastFailure = now;
  const recentlyUp = (s.lastOk !== null && now - s.lastOk < RECENT_MS) || /^(POST|PUT|PATCH|DELETE) /i.test(what);
  const budget = recentlyUp ? UNREACHABLE_BUDGET_MS.recentlyUp : kind === 'refused' ? UNREACHABLE_BUDGET_MS.refused : kind === 'dns' ? UNREACHABLE_BUDGET_MS.dns : 0;
  const failingFor = now - s.firstFailure;
  const retryable = failingFor < budget;
  let host = endpoint;
  try {
    host = new URL(endpoint).host;
  } catch {
    // Not a URL: name it as given.
  }
  const check = whatToCheck(provider, kind);
  const key = `infra.${findProvider(provider)?.kinds[0] ?? 'vps'}.${provider}`;
  return new InfraError('INFRA_UNREACHABLE', `${provider}: cannot reach the API at ${endpoint} (${code}: ${WHY[kind](host)}) during ${what}${retryable ? '' : ` for ${(failingFor / 1000).toFixed(1)} s`}; ${check}`, {
    provider, providerCode: code, retryable, hint: `fazt dev config ${key} --token <token> --endpoint <url>`,
  });
}

/** Test seam: forget what was learned about endpoints. */
export function resetReachability(): void {
  endpoints.clear();
}

/** What to check when `provider` at `endpoint` refuses the token (401/403): appended to its message. */
export function tokenCheck(provider: string, endpoint: string, status?: number): string {
  const d = findProvider(provider);
  const key = `infra.${d?.kinds[0] ?? 'vps'}.${provider}`;
  return `the token was refused${status ? ` (HTTP ${status})` : ''} at ${endpoint}; check the token and its permissions: fazt dev config ${key} --token <token>`;
}
