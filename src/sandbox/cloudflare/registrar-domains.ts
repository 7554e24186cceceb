/**
 * The legacy Registrar paths of the 2024 spec (CF-SPEC `registrar-domains-list/get/update`):
 * `GET /accounts/:account/registrar/domains[/:name]` and `PUT .../domains/:name` over the same
 * registrations the new API sells, in the old `registrar-api_domains` shape.
 */
import type { Route } from '../core/types';
import { guard, ok, reject } from './envelope';
import { REG } from './registrar';
import { settle, type CfRegistration } from './registrar-store';
import type { CfState } from './state';

function domainWire(r: CfRegistration): Record<string, unknown> {
  return {
    id: r.id, available: false, can_register: false, created_at: r.created_at, current_registrar: 'Cloudflare',
    ...(r.expires_at ? { expires_at: r.expires_at } : {}), locked: r.locked, supported_tld: true,
    registry_statuses: r.locked ? 'clientTransferProhibited' : 'ok', updated_at: r.created_at,
  };
}

export function registrarDomainRoutes(state: () => CfState, now: () => number): Route[] {
  const active = (s: CfState) => settle(s, 'registrar', now()).filter((r) => r.status === 'active');
  const one = (s: CfState, account: string, name: string) => {
    if (account !== s.account.id) reject(404, REG.account);
    const r = active(s).find((x) => x.domain_name === name.toLowerCase());
    if (!r) reject(404, REG.unknownRegistration(name));
    return r;
  };
  return [
    { method: 'GET', pattern: '/accounts/:account/registrar/domains', handler: (req) => guard(() => {
      const s = state();
      if (req.params.account !== s.account.id) reject(404, REG.account);
      const list = active(s).map(domainWire);
      return ok(list, { resultInfo: { page: 1, per_page: list.length || 20, count: list.length, total_count: list.length, total_pages: 1 } });
    }) },
    { method: 'GET', pattern: '/accounts/:account/registrar/domains/:name', handler: (req) => guard(() => ok(domainWire(one(state(), req.params.account, req.params.name)))) },
    { method: 'PUT', pattern: '/accounts/:account/registrar/domains/:name', handler: (req) => guard(() => {
      const r = one(state(), req.params.account, req.params.name);
      const b = req.body ?? {};
      for (const k of ['auto_renew', 'locked', 'privacy'] as const) {
        if (b[k] !== undefined && typeof b[k] !== 'boolean') reject(400, REG.badQuery(`${k} must be a boolean`));
      }
      if (typeof b.auto_renew === 'boolean') r.auto_renew = b.auto_renew;
      if (typeof b.locked === 'boolean') r.locked = b.locked;
      if (typeof b.privacy === 'boolean') r.privacy_mode = b.privacy ? 'redaction' : 'off';
      return ok(domainWire(r));
    }) },
  ];
}
