/**
 * The Hetzner Cloud API v1 simulator: servers, actions, catalogue, SSH keys and Cloud DNS
 * zones/rrsets, with Hetzner's error bodies, pagination and `RateLimit-*` headers.
 */
import type { Handler, ProviderSim, Route, SimContext, SimResponse } from '../core/types';
import { actionRoutes } from './actions';
import { catalogRoutes } from './catalog-routes';
import { hetznerDnsSource } from './dns-source';
import { errorResponse, HetznerError } from './errors';
import { rrsetRoutes } from './rrsets';
import { serverRoutes } from './servers';
import { sshKeyRoutes } from './ssh-keys';
import { emptyState, type HetznerState, type SimStore } from './state';
import { zoneRoutes } from './zones';

/** Turns a thrown {@link HetznerError} into Hetzner's error response. */
function guarded(h: Handler): Handler {
  return async (req) => {
    try {
      return await h(req);
    } catch (err) {
      if (err instanceof HetznerError) return err.toResponse();
      throw err;
    }
  };
}

export function createHetznerSim(ctx: SimContext): ProviderSim {
  const store: SimStore = {
    state: emptyState(),
    ctx,
    newId: () => store.state.nextId++,
    now: () => ctx.now(),
  };
  // Collection-level action paths come first so `/servers/actions` never reads as server "actions".
  const routes: Route[] = [...actionRoutes(store), ...catalogRoutes(), ...sshKeyRoutes(store), ...serverRoutes(store), ...zoneRoutes(store), ...rrsetRoutes(store)]
    .map((r) => ({ ...r, handler: guarded(r.handler) }));

  return {
    name: 'hetzner',
    basePath: '/v1',
    rateLimit: { limit: 3600, windowSec: 3600 },
    routes: () => routes,
    rateLimitHeaders: (w) => ({
      'RateLimit-Limit': String(w.limit),
      'RateLimit-Remaining': String(w.remaining),
      'RateLimit-Reset': String(Math.ceil(w.resetAt / 1000)),
    }),
    rateLimited: (w): SimResponse => errorResponse('rate_limit_exceeded', `limit of ${w.limit} requests per hour reached`),
    unauthorized: () => errorResponse('unauthorized', 'unable to authenticate'),
    notFound: () => errorResponse('not_found', 'Not Found'),
    badJson: () => errorResponse('json_error', 'Invalid JSON. Please check the body of your request.'),
    serverError: (status) => ({
      status,
      body: { error: { code: status === 503 ? 'unavailable' : status === 504 ? 'timeout' : 'server_error', message: 'Internal Server Error', details: {} } },
    }),
    dump: () => store.state,
    load: (state) => {
      store.state = { ...emptyState(), ...(state as Partial<HetznerState>) };
    },
    reset: () => {
      store.state = emptyState();
    },
    dnsSource: hetznerDnsSource(store),
  };
}
