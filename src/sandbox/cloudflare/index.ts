/**
 * The Cloudflare API v4 simulator under `/client/v4`: accounts, zones, DNS records (with the
 * batch endpoint), Cloudflare's envelope on every response, its `Ratelimit`/`Ratelimit-Policy`
 * headers, its 429 (code 971) and auth (10000) errors, and a `dnsSource` with record history.
 * The Registrar API (`/accounts/:account/registrar[-sandbox]/...`, registrar.ts) and its legacy
 * `registrar/domains` paths (registrar-domains.ts).
 */
import type { ProviderSim, RateWindow, SimContext } from '../core/types';
import { accountRoutes } from './accounts';
import { batchRoutes } from './batch';
import { createDnsSource } from './dns-source';
import { CF, fail } from './envelope';
import { recordRoutes } from './records';
import { registrarRoutes } from './registrar';
import { registrarDomainRoutes } from './registrar-domains';
import { emptyState, isState, type CfState } from './state';
import { zoneRoutes } from './zones';

/** 1200 requests per 5 minutes per token (provider-api-notes §4.2). */
export const CLOUDFLARE_RATE_LIMIT = { limit: 1200, windowSec: 300 } as const;

export function createCloudflareSim(ctx: SimContext): ProviderSim {
  let state: CfState = emptyState(ctx.now());
  const get = () => state;

  return {
    name: 'cloudflare',
    basePath: '/client/v4',
    rateLimit: CLOUDFLARE_RATE_LIMIT,
    routes: () => [
      ...accountRoutes(get),
      ...zoneRoutes(get, ctx.now),
      ...batchRoutes(get, ctx.now),
      ...recordRoutes(get, ctx.now),
      ...registrarDomainRoutes(get, ctx.now),
      ...registrarRoutes(get, ctx),
    ],
    rateLimitHeaders: (w: RateWindow) => ({
      Ratelimit: `"default";r=${w.remaining};t=${Math.max(0, Math.ceil((w.resetAt - ctx.now()) / 1000))}`,
      'Ratelimit-Policy': `"default";q=${w.limit};w=${Math.max(1, Math.round(w.windowSec))}`,
    }),
    rateLimited: (w: RateWindow) => ({ ...fail(429, CF.rateLimited), headers: { 'Retry-After': String(w.retryAfterSec) } }),
    unauthorized: () => fail(403, CF.authError),
    notFound: () => fail(404, CF.noRoute),
    badJson: () => fail(400, CF.badJson),
    serverError: (status: number) => fail(status, CF.internal),
    dump: () => structuredClone(state),
    load: (saved: unknown) => {
      if (isState(saved)) state = structuredClone(saved);
    },
    reset: () => {
      state = emptyState(ctx.now(), state.account);
    },
    dnsSource: createDnsSource(get),
  };
}
