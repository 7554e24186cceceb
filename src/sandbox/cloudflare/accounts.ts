/**
 * The one account of the sandbox (`GET /accounts`, `GET /accounts/{id}`) and token verification
 * (`GET /user/tokens/verify`). Adapters need the account id to create zones.
 */
import type { Route } from '../core/types';
import { CF, guard, ok, paginate, reject } from './envelope';
import type { CfAccount, CfState } from './state';

function accountWire(a: CfAccount): Record<string, unknown> {
  return {
    id: a.id,
    name: a.name,
    type: 'standard',
    settings: { enforce_twofactor: false, api_access_enabled: null, access_approval_expiry: null, abuse_contact_email: null },
    legacy_flags: { enterprise_zone_quota: { maximum: 0, current: 0, available: 0 } },
    created_on: a.created_on,
  };
}

export function accountRoutes(state: () => CfState): Route[] {
  return [
    {
      method: 'GET', pattern: '/accounts', handler: (req) => guard(() => {
        const { page, info } = paginate([state().account], req.query, { perPage: 20, min: 5, max: 50 });
        return ok(page.map(accountWire), { resultInfo: info });
      }),
    },
    {
      method: 'GET', pattern: '/accounts/:account', handler: (req) => guard(() => {
        if (req.params.account !== state().account.id) reject(404, CF.badObjectId(req.path));
        return ok(accountWire(state().account));
      }),
    },
    {
      method: 'GET', pattern: '/user/tokens/verify', handler: () => ok({ id: state().account.id.split('').reverse().join(''), status: 'active' }, {
        messages: [{ code: 10000, message: 'This API Token is valid and active' }],
      }),
    },
  ];
}
