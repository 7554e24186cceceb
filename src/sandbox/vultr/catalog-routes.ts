/** Read-only routes: `/account`, `/plans`, `/regions`, `/regions/{id}/availability`, `/os`. */
import type { Route, SimContext, SimResponse } from '../core/types';
import { OS_LIST, PLANS, REGIONS, findRegion } from './catalog';
import { vultrError } from './errors';
import { pendingCharges, vultrDate } from './instance-view';
import type { Store } from './instances';
import { paginate } from './pagination';

function pageOf(key: string, all: unknown[], query: URLSearchParams): SimResponse {
  const page = paginate(all, query);
  return page.ok ? { status: 200, body: { [key]: page.items, meta: page.meta } } : page.response;
}

/** Plan type filter: `all` or a family prefix such as `vc2`, `vhf`. */
const byType = (type: string | null) => PLANS.filter((p) => !type || type === 'all' || p.type === type);

export function catalogRoutes(store: Store, ctx: SimContext): Route[] {
  return [
    {
      method: 'GET', pattern: '/account', handler: () => {
        const a = store.state.account;
        return {
          status: 200,
          body: {
            account: {
              name: a.name, email: a.email,
              acls: ['manage_users', 'subscriptions_view', 'subscriptions', 'billing', 'support', 'provisioning', 'dns', 'abuse', 'upgrade', 'firewall', 'alerts'],
              balance: a.balance,
              pending_charges: pendingCharges(store.state, ctx.now()),
              last_payment_date: vultrDate(Date.UTC(2026, 0, 1)),
              last_payment_amount: a.balance < 0 ? a.balance : 0,
            },
          },
        };
      },
    },
    { method: 'GET', pattern: '/plans', handler: (req) => pageOf('plans', byType(req.query.get('type')), req.query) },
    { method: 'GET', pattern: '/regions', handler: (req) => pageOf('regions', REGIONS, req.query) },
    {
      method: 'GET', pattern: '/regions/:id/availability', handler: (req) => {
        if (!findRegion(req.params.id)) return vultrError(404, 'Invalid region.');
        const plans = byType(req.query.get('type')).filter((p) => p.locations.includes(req.params.id));
        return { status: 200, body: { available_plans: plans.map((p) => p.id) } };
      },
    },
    { method: 'GET', pattern: '/os', handler: (req) => pageOf('os', OS_LIST, req.query) },
  ];
}
