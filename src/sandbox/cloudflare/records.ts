/** `/zones/{zone_id}/dns_records` routes (CF-SPEC dns-records-for-a-zone-*; names are FQDNs on the wire). */
import type { Route, SimRequest } from '../core/types';
import { CF, guard, ok, paginate, reject } from './envelope';
import { filterRecords } from './record-filter';
import { normalizeRecord } from './record-rules';
import { insertRecord, recordWire, removeRecord, replaceRecord, zoneRecords } from './record-store';
import type { CfRecord, CfState, CfZone } from './state';
import { zoneOr404 } from './zones';

/** Cloudflare allows up to 5,000,000 per page; the sandbox caps pages at 50,000 records. */
export const MAX_PER_PAGE = 50_000;

export function recordOr404(state: CfState, zone: CfZone, id: string): CfRecord {
  const r = state.records.find((x) => x.id === id && x.zone_id === zone.id);
  if (!r) reject(404, CF.recordMissing);
  return r;
}

export function recordRoutes(state: () => CfState, now: () => number): Route[] {
  const zoneOf = (req: SimRequest) => zoneOr404(state(), req.params.zone, req.path);
  const write = (req: SimRequest, merge: boolean) => guard(() => {
    const s = state();
    const zone = zoneOf(req);
    const rec = recordOr404(s, zone, req.params.id);
    const { rec: input, messages } = normalizeRecord(zone, req.body, merge ? rec : undefined);
    return ok(recordWire(replaceRecord(s, zone, rec, input, now())), { messages });
  });
  return [
    {
      method: 'GET', pattern: '/zones/:zone/dns_records', handler: (req) => guard(() => {
        const zone = zoneOf(req);
        const all = filterRecords(zoneRecords(state(), zone.id), req.query);
        const { page, info } = paginate(all, req.query, { perPage: 100, min: 1, max: MAX_PER_PAGE });
        return ok(page.map(recordWire), { resultInfo: info });
      }),
    },
    {
      method: 'POST', pattern: '/zones/:zone/dns_records', handler: (req) => guard(() => {
        const s = state();
        const zone = zoneOf(req);
        const { rec, messages } = normalizeRecord(zone, req.body);
        return ok(recordWire(insertRecord(s, zone, rec, now())), { messages });
      }),
    },
    {
      method: 'GET', pattern: '/zones/:zone/dns_records/:id', handler: (req) => guard(() => {
        const zone = zoneOf(req);
        return ok(recordWire(recordOr404(state(), zone, req.params.id)));
      }),
    },
    { method: 'PUT', pattern: '/zones/:zone/dns_records/:id', handler: (req) => write(req, false) },
    { method: 'PATCH', pattern: '/zones/:zone/dns_records/:id', handler: (req) => write(req, true) },
    {
      method: 'DELETE', pattern: '/zones/:zone/dns_records/:id', handler: (req) => guard(() => {
        const s = state();
        const zone = zoneOf(req);
        const rec = recordOr404(s, zone, req.params.id);
        removeRecord(s, rec, now());
        return ok({ id: rec.id });
      }),
    },
  ];
}
