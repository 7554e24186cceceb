/**
 * The DigitalOcean API v2 simulator: droplets (+actions), sizes, regions, images, account and SSH
 * keys, domains and records, in DO's wire format with its errors, pagination and rate-limit headers.
 */
import { randomUUID } from 'node:crypto';
import type { ProviderSim, RateWindow, Route, SimContext, SimResponse } from '../core/types';
import { IMAGES, imageWire, REGIONS, regionWire, SIZES, sizeWire } from './catalog';
import { domainDnsSource, domainRoutes } from './domains';
import { dropletRoutes } from './droplets';
import { badRequest, doError, notFound, paginate } from './http';
import { keyRoutes } from './keys';
import { emptyState, type DoState, type Store } from './state';

/** DO's documented budget: 5,000 requests per hour per token. */
const HOURLY_LIMIT = 5000;

function catalogRoutes(): Route[] {
  return [
    { method: 'GET', pattern: '/sizes', handler: (req) => paginate(req, 'sizes', SIZES.map(sizeWire)) },
    { method: 'GET', pattern: '/regions', handler: (req) => paginate(req, 'regions', REGIONS.map(regionWire)) },
    {
      method: 'GET', pattern: '/images', handler: (req) => {
        const type = req.query.get('type');
        const slug = req.query.get('slug');
        // Only public images exist here: `private=true` and `tag_name` (user images) match nothing.
        const none = req.query.get('private') === 'true' || req.query.has('tag_name');
        const list = none ? [] : IMAGES.filter((i) => (!type || i.kind === type) && (!slug || i.slug === slug));
        return paginate(req, 'images', list.map(imageWire));
      },
    },
  ];
}

/** Adds `X-Request-Id` to every response that does not carry one yet, as DO does. */
function withRequestIds(routes: Route[]): Route[] {
  return routes.map((r) => ({
    ...r,
    handler: async (req) => {
      const out: SimResponse = await r.handler(req);
      if (out.headers?.['x-request-id']) return out;
      return { ...out, headers: { ...(out.headers ?? {}), 'x-request-id': randomUUID() } };
    },
  }));
}

export function createDigitalOceanSim(ctx: SimContext): ProviderSim {
  const store: Store = { s: emptyState() };
  const routes = withRequestIds([...dropletRoutes(store, ctx), ...keyRoutes(store, ctx), ...domainRoutes(store, ctx), ...catalogRoutes()]);
  return {
    name: 'digitalocean',
    basePath: '/v2',
    rateLimit: { limit: HOURLY_LIMIT, windowSec: 3600 },
    routes: () => routes,
    rateLimitHeaders: (w: RateWindow) => ({
      'ratelimit-limit': String(w.limit),
      'ratelimit-remaining': String(Math.max(0, w.remaining)),
      // Epoch seconds at which the budget is back, as DO sends it.
      'ratelimit-reset': String(Math.ceil(w.resetAt / 1000)),
    }),
    rateLimited: (w: RateWindow) => doError(429, 'API Rate limit exceeded.', { 'retry-after': String(w.retryAfterSec) }),
    unauthorized: () => doError(401, 'Unable to authenticate you'),
    notFound,
    badJson: () => badRequest('unexpected end of JSON input'),
    serverError: (status: number) => doError(status, status === 503 ? 'Service Unavailable' : 'Server Error'),
    dump: (): DoState => structuredClone(store.s),
    load: (state: unknown) => {
      store.s = { ...emptyState(), ...(state as Partial<DoState>) };
    },
    reset: () => {
      store.s = emptyState();
    },
    dnsSource: domainDnsSource(store),
  };
}
