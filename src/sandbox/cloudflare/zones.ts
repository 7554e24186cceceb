/** `/zones` routes (CF-SPEC zones-get/post, zones-0-get/patch/delete). Zones are active at once in the sandbox. */
import type { Route } from '../core/types';
import { addZoneVersions, retireVersion, retireZoneVersions } from './dns-source';
import { CF, guard, ok, paginate, reject } from './envelope';
import { nameServersFor, newId, type CfAccount, type CfState, type CfZone } from './state';

/** CF-SPEC `zones_name` pattern. */
const ZONE_NAME = /^([a-zA-Z0-9][-a-zA-Z0-9]*\.)+[-a-zA-Z0-9]{2,20}$/;
const FREE_PLAN = {
  id: '0feeeeeeeeeeeeeeeeeeeeeeeeeeeeee', name: 'Free Website', price: 0, currency: 'USD', frequency: '',
  is_subscribed: false, can_subscribe: false, legacy_id: 'free', legacy_discount: false, externally_managed: false,
};

export function zoneWire(z: CfZone, account: CfAccount): Record<string, unknown> {
  return {
    id: z.id,
    name: z.name,
    status: z.status,
    paused: z.paused,
    type: z.type,
    development_mode: 0,
    name_servers: [...z.name_servers],
    original_name_servers: null,
    original_registrar: null,
    original_dnshost: null,
    modified_on: z.modified_on,
    created_on: z.created_on,
    activated_on: z.activated_on,
    meta: { step: 2, custom_certificate_quota: 0, page_rule_quota: 3, phishing_detected: false },
    owner: { id: account.id, type: 'user', name: account.name },
    account: { id: account.id, name: account.name },
    permissions: ['#dns_records:edit', '#dns_records:read', '#zone:read'],
    plan: { ...FREE_PLAN },
  };
}

/** The zone or a 404 in Cloudflare's words. */
export function zoneOr404(state: CfState, id: string, path: string): CfZone {
  const z = state.zones.find((x) => x.id === id);
  if (!z) reject(404, CF.badObjectId(path));
  return z;
}

/** `name` filter with the spec's optional operator prefix (`contains:foo`, `ends_with:.com`). */
function nameMatcher(raw: string): (n: string) => boolean {
  const m = /^(equal|not_equal|starts_with|ends_with|contains):(.*)$/.exec(raw);
  const [op, v] = m ? [m[1], m[2].toLowerCase()] : ['equal', raw.toLowerCase()];
  return (n) => op === 'equal' ? n === v : op === 'not_equal' ? n !== v : op === 'starts_with' ? n.startsWith(v) : op === 'ends_with' ? n.endsWith(v) : n.includes(v);
}

export function zoneRoutes(state: () => CfState, now: () => number): Route[] {
  return [
    {
      method: 'GET', pattern: '/zones', handler: (req) => guard(() => {
        const s = state();
        const q = req.query;
        const preds: Array<(z: CfZone) => boolean> = [];
        const name = q.get('name');
        if (name) preds.push((z) => nameMatcher(name)(z.name));
        const status = q.get('status');
        if (status) preds.push((z) => z.status === status);
        const accountId = q.get('account.id');
        if (accountId) preds.push(() => s.account.id === accountId);
        const accountName = q.get('account.name');
        if (accountName) preds.push(() => nameMatcher(accountName)(s.account.name.toLowerCase()));
        const any = q.get('match') === 'any';
        let zones = s.zones.filter((z) => preds.length === 0 || (any ? preds.some((p) => p(z)) : preds.every((p) => p(z))));
        const dir = q.get('direction') === 'desc' ? -1 : 1;
        const key = q.get('order') === 'status' ? (z: CfZone) => z.status : (z: CfZone) => z.name;
        zones = zones.sort((a, b) => (key(a) < key(b) ? -dir : key(a) > key(b) ? dir : 0));
        const { page, info } = paginate(zones, q, { perPage: 20, min: 5, max: 50 });
        return ok(page.map((z) => zoneWire(z, s.account)), { resultInfo: info });
      }),
    },
    {
      method: 'POST', pattern: '/zones', handler: (req) => guard(() => {
        const s = state();
        const b = req.body as Record<string, any> | undefined;
        if (!b || typeof b !== 'object' || Array.isArray(b)) reject(400, CF.badBody('expected a JSON object'));
        if (typeof b.name !== 'string') reject(400, CF.badBody('name is required'));
        const name = b.name.trim().toLowerCase().replace(/\.$/, '');
        if (name.length > 253 || !ZONE_NAME.test(name)) reject(400, CF.notRegistrable(name));
        if (!b.account || typeof b.account !== 'object' || b.account.id !== s.account.id) reject(400, CF.accountRequired);
        const type = b.type ?? 'full';
        if (!['full', 'partial', 'secondary'].includes(type)) reject(400, CF.badBody('type must be full, partial or secondary'));
        if (s.zones.some((z) => z.name === name)) reject(400, CF.zoneExists(name));
        const t = now();
        const at = new Date(t).toISOString();
        const zone: CfZone = {
          id: newId(), name, status: 'active', type, paused: false, name_servers: nameServersFor(name),
          created_on: at, modified_on: at, activated_on: at,
        };
        s.zones.push(zone);
        addZoneVersions(s, zone, t);
        return ok(zoneWire(zone, s.account));
      }),
    },
    {
      method: 'GET', pattern: '/zones/:zone', handler: (req) => guard(() => ok(zoneWire(zoneOr404(state(), req.params.zone, req.path), state().account))),
    },
    {
      method: 'PATCH', pattern: '/zones/:zone', handler: (req) => guard(() => {
        const s = state();
        const zone = zoneOr404(s, req.params.zone, req.path);
        const b = req.body as Record<string, unknown> | undefined;
        if (!b || typeof b !== 'object' || Array.isArray(b)) reject(400, CF.badBody('expected a JSON object'));
        if ('paused' in b && typeof b.paused !== 'boolean') reject(400, CF.badBody('paused must be a boolean'));
        if (typeof b.paused === 'boolean') zone.paused = b.paused;
        zone.modified_on = new Date(now()).toISOString();
        return ok(zoneWire(zone, s.account));
      }),
    },
    {
      method: 'DELETE', pattern: '/zones/:zone', handler: (req) => guard(() => {
        const s = state();
        const zone = zoneOr404(s, req.params.zone, req.path);
        const t = now();
        for (const r of s.records.filter((x) => x.zone_id === zone.id)) retireVersion(s, r.version, t);
        s.records = s.records.filter((x) => x.zone_id !== zone.id);
        retireZoneVersions(s, zone, t);
        s.zones = s.zones.filter((z) => z.id !== zone.id);
        return ok({ id: zone.id });
      }),
    },
  ];
}
