/**
 * `/zones` of the Cloud DNS API: a zone is addressed by id or name; a new primary zone starts
 * with Hetzner's SOA and NS rrsets at the apex. Records live in rrsets (./rrsets.ts).
 */
import type { Route, SimRequest } from '../core/types';
import { renderAction, resourceAction, resourceActions, startAction } from './actions';
import { syncHistory } from './dns-source';
import { HetznerError, invalidField, uniqueness } from './errors';
import { labelFilter, paged, sorted } from './query';
import { checkRRSetInput, RRSET_FIELDS } from './rrsets';
import { iso, type RRSetRec, type SimStore, type ZoneRec } from './state';
import { checkBody } from './validate';

/** The nameservers Hetzner assigns to every zone (docs example). */
export const HETZNER_NAMESERVERS = ['hydrogen.ns.hetzner.com.', 'oxygen.ns.hetzner.com.', 'helium.ns.hetzner.de.'];
const ZONE_NAME = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z][a-z0-9-]{0,61}[a-z0-9]$/;

export function findZone(store: SimStore, idOrName: string): ZoneRec {
  const z = store.state.zones.find((x) => String(x.id) === idOrName || x.name === idOrName.toLowerCase());
  if (!z) throw new HetznerError('not_found', `zone with ID or name '${idOrName}' not found`);
  return z;
}

export function renderZone(z: ZoneRec) {
  return {
    id: z.id,
    name: z.name,
    mode: 'primary',
    ttl: z.ttl,
    labels: z.labels,
    protection: z.protection,
    record_count: z.rrsets.reduce((n, r) => n + r.records.length, 0),
    status: 'ok',
    registrar: 'other',
    created: iso(z.created),
    primary_nameservers: [],
    authoritative_nameservers: { assigned: HETZNER_NAMESERVERS, delegated: [], delegation_last_check: null, delegation_status: 'unknown' },
  };
}

function createZone(store: SimStore, req: SimRequest) {
  const b = checkBody<Record<string, any>>(req.body, {
    name: { kind: 'string', required: true }, mode: { kind: 'string', required: true }, ttl: { kind: 'int' }, labels: { kind: 'labels' },
    primary_nameservers: { kind: 'array' }, rrsets: { kind: 'array' }, zonefile: { kind: 'string' },
  });
  if (b.mode !== 'primary' && b.mode !== 'secondary') throw invalidField('mode', 'Must be one of: primary, secondary.');
  if (b.mode === 'secondary') throw invalidField('mode', 'secondary zones are not supported by the sandbox');
  if (b.zonefile !== undefined) throw invalidField('zonefile', 'zone file import is not supported by the sandbox');
  const name = String(b.name).toLowerCase();
  if (!ZONE_NAME.test(name)) throw invalidField('name', `'${b.name}' is not a valid zone name`);
  if (b.ttl !== undefined && b.ttl < 60) throw invalidField('ttl', 'Must be greater than or equal to 60.');
  if (store.state.zones.some((z) => z.name === name)) throw uniqueness('name', 'zone name is already used');
  const extra: RRSetRec[] = (b.rrsets ?? []).map((r: unknown) => checkRRSetInput(checkBody(r, RRSET_FIELDS)));
  const given = (name: string, type: string) => extra.some((r) => r.name === name && r.type === type);
  if (new Set(extra.map((r) => `${r.name}/${r.type}`)).size !== extra.length) throw invalidField('rrsets', 'rrsets must not repeat a name/type pair');
  const now = store.now();
  const zone: ZoneRec = {
    id: store.newId(), name, ttl: b.ttl ?? 3600, labels: b.labels ?? {}, created: now, protection: { delete: false },
    rrsets: [
      { name: '@', type: 'SOA', ttl: null, labels: {}, protection: { change: false },
        records: [{ value: `${HETZNER_NAMESERVERS[0]} dns.hetzner.com. ${new Date(now).toISOString().slice(0, 10).replace(/-/g, '')}01 86400 10800 3600000 3600` }] },
      // Apex NS defaults to Hetzner's nameservers unless the request brings its own set.
      ...(given('@', 'NS') ? [] : [{ name: '@', type: 'NS', ttl: null, labels: {}, protection: { change: false }, records: HETZNER_NAMESERVERS.map((value) => ({ value })) }]),
      ...extra,
    ],
  };
  store.state.zones.push(zone);
  syncHistory(store, zone.name);
  const action = startAction(store, 'create_zone', [{ id: zone.id, type: 'zone' }], 'zone');
  return { status: 201, body: { zone: renderZone(zone), action: renderAction(store, action) } };
}

/** The zone in BIND format, as `GET /zones/{id}/zonefile` returns it. */
function zonefile(z: ZoneRec): string {
  const lines = [`$ORIGIN ${z.name}.`, `$TTL ${z.ttl}`, ''];
  for (const rr of z.rrsets) {
    for (const r of rr.records) lines.push([rr.name, ...(rr.ttl === null ? [] : [String(rr.ttl)]), 'IN', rr.type, r.value].join('\t'));
  }
  return `${lines.join('\n')}\n`;
}

/** Zone-level actions: change_ttl (the default for rrsets without their own) and change_protection. */
function zoneAction(store: SimStore, req: SimRequest) {
  const z = findZone(store, req.params.zone);
  switch (req.params.action) {
    case 'change_ttl': {
      const b = checkBody<{ ttl: number }>(req.body, { ttl: { kind: 'int', required: true } });
      if (b.ttl < 60 || b.ttl > 2147483647) throw invalidField('ttl', 'Must be greater than or equal to 60.');
      z.ttl = b.ttl;
      syncHistory(store, z.name);
      break;
    }
    case 'change_protection': {
      const b = checkBody<{ delete?: boolean }>(req.body, { delete: { kind: 'bool' } });
      if (b.delete !== undefined) z.protection.delete = b.delete;
      break;
    }
    case 'import_zonefile':
    case 'change_primary_nameservers':
      throw invalidField('_schema', `${req.params.action} is not supported by the sandbox`);
    default:
      throw new HetznerError('not_found', 'Not Found');
  }
  const action = startAction(store, req.params.action === 'change_ttl' ? 'change_zone_ttl' : 'change_protection', [{ id: z.id, type: 'zone' }], 'zone');
  return { status: 201, body: { action: renderAction(store, action) } };
}

export function zoneRoutes(store: SimStore): Route[] {
  return [
    {
      method: 'GET', pattern: '/zones', handler: (req) => {
        const name = req.query.get('name');
        const mode = req.query.get('mode');
        const sel = labelFilter(req);
        const list = store.state.zones.filter((z) => (name === null || z.name === name.toLowerCase()) && (mode === null || mode === 'primary') && (!sel || sel(z.labels)));
        return paged(req, 'zones', sorted(req, list, ['id', 'name', 'created']), renderZone);
      },
    },
    { method: 'POST', pattern: '/zones', handler: (req) => createZone(store, req) },
    { method: 'GET', pattern: '/zones/:zone', handler: (req) => ({ status: 200, body: { zone: renderZone(findZone(store, req.params.zone)) } }) },
    {
      method: 'PUT', pattern: '/zones/:zone', handler: (req) => {
        const z = findZone(store, req.params.zone);
        const b = checkBody<{ labels?: Record<string, string> }>(req.body, { labels: { kind: 'labels' } });
        if (b.labels !== undefined) z.labels = b.labels;
        return { status: 200, body: { zone: renderZone(z) } };
      },
    },
    {
      method: 'DELETE', pattern: '/zones/:zone', handler: (req) => {
        const z = findZone(store, req.params.zone);
        if (z.protection.delete) throw new HetznerError('protected', 'zone deletion is protected');
        store.state.zones = store.state.zones.filter((x) => x.id !== z.id);
        syncHistory(store, z.name);
        const action = startAction(store, 'delete_zone', [{ id: z.id, type: 'zone' }], 'zone');
        return { status: 201, body: { action: renderAction(store, action) } };
      },
    },
    { method: 'GET', pattern: '/zones/:zone/zonefile', handler: (req) => ({ status: 200, body: { zonefile: zonefile(findZone(store, req.params.zone)) } }) },
    { method: 'POST', pattern: '/zones/:zone/actions/:action', handler: (req) => zoneAction(store, req) },
    { method: 'GET', pattern: '/zones/:zone/actions', handler: (req) => resourceActions(store, req, 'zone', findZone(store, req.params.zone).id) },
    { method: 'GET', pattern: '/zones/:zone/actions/:action_id', handler: (req) => resourceAction(store, req.params.action_id, 'zone', findZone(store, req.params.zone).id) },
  ];
}
