/**
 * The Vultr API v2 simulator (basePath `/v2`): instances, plans, regions, OS list, SSH keys,
 * account, DNS domains and records, with Vultr's cursor pagination and `{"error","status"}` bodies.
 * Rate limit: 30 requests/second per token, then a 429 without rate-limit headers (Vultr sends
 * none; VU-SPEC "Rate Limit").
 */
import type { ProviderSim, SimContext } from '../core/types';
import { catalogRoutes } from './catalog-routes';
import { domainRoutes, vultrDnsSource } from './domains';
import { vultrError } from './errors';
import { instanceRoutes, type Store } from './instances';
import { sshKeyRoutes } from './ssh-keys';
import { emptyState, type VultrState } from './state';

export function createVultrSim(ctx: SimContext): ProviderSim {
  const store: Store = { state: emptyState() };
  return {
    name: 'vultr',
    basePath: '/v2',
    rateLimit: { limit: 30, windowSec: 1 },
    routes: () => [...instanceRoutes(store, ctx), ...sshKeyRoutes(store, ctx), ...domainRoutes(store, ctx), ...catalogRoutes(store, ctx)],
    rateLimitHeaders: () => ({}),
    rateLimited: () => vultrError(429, 'Rate limit exceeded. Please slow down your requests.'),
    unauthorized: () => vultrError(401, 'Invalid API token.'),
    notFound: () => vultrError(404, 'Not found.'),
    badJson: () => vultrError(400, 'Invalid JSON body.'),
    serverError: (status) => vultrError(status, 'An internal error occurred. Please try again later.'),
    dump: () => structuredClone(store.state),
    load: (state) => {
      store.state = { ...emptyState(), ...(structuredClone(state) as Partial<VultrState>) };
    },
    reset: () => {
      store.state = emptyState();
    },
    dnsSource: vultrDnsSource(store),
  };
}
