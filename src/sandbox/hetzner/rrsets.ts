/**
 * RRsets of a zone, keyed by (name, type) with id `name/type`: create, read, label updates,
 * delete, and the record actions set/add/remove/update_records and change_ttl.
 */
import type { Route, SimRequest, SimResponse } from '../core/types';
import { renderAction, startAction } from './actions';
import { syncHistory } from './dns-source';
import { rrsetNameProblem, RRSET_TYPES, valueProblem } from './dns-values';
import { HetznerError, invalidField, invalidInput, uniqueness, type FieldError } from './errors';
import { labelFilter, paged, sorted } from './query';
import type { RecordRec, RRSetRec, SimStore, ZoneRec } from './state';
import { checkBody, type FieldSpec } from './validate';
import { findZone } from './zones';

export const RRSET_FIELDS: Record<string, FieldSpec> = {
  name: { kind: 'string', required: true }, type: { kind: 'string', required: true }, ttl: { kind: 'int', nullable: true },
  records: { kind: 'array', required: true }, labels: { kind: 'labels' },
};

/** Validates `records[]` items: `{value, comment?}` with a value valid for `type`. */
function checkRecords(type: string, records: unknown[], field = 'records'): RecordRec[] {
  const fields: FieldError[] = [];
  if (records.length < 1 || records.length > 50) fields.push({ name: field, messages: ['Length must be between 1 and 50.'] });
  const out: RecordRec[] = [];
  records.forEach((r, i) => {
    try {
      const rec = checkBody<{ value: string; comment?: string }>(r, { value: { kind: 'string', required: true }, comment: { kind: 'string' } });
      const p = valueProblem(type, rec.value);
      if (p) fields.push({ name: `${field}[${i}].value`, messages: [p] });
      else out.push(rec.comment === undefined ? { value: rec.value } : { value: rec.value, comment: rec.comment });
    } catch {
      fields.push({ name: `${field}[${i}]`, messages: ['Invalid record: expected {"value": string, "comment"?: string}.'] });
    }
  });
  if (type === 'CNAME' && records.length > 1) fields.push({ name: field, messages: ['a CNAME rrset holds exactly one record'] });
  if (fields.length > 0) throw invalidInput(fields);
  return out;
}

function checkTtl(ttl: number | null | undefined): void {
  if (ttl !== undefined && ttl !== null && (ttl < 60 || ttl > 2147483647)) throw invalidField('ttl', 'Must be greater than or equal to 60.');
}

/** A validated rrset from a create body (also used by zone create's `rrsets`). */
export function checkRRSetInput(b: Record<string, any>): RRSetRec {
  const p = rrsetNameProblem(b.name);
  if (p) throw invalidField('name', p);
  if (!RRSET_TYPES.includes(b.type)) throw invalidField('type', `Must be one of: ${RRSET_TYPES.join(', ')}.`);
  if (b.type === 'SOA') throw invalidField('type', 'SOA records are managed by Hetzner');
  checkTtl(b.ttl);
  return { name: b.name, type: b.type, ttl: b.ttl ?? null, records: checkRecords(b.type, b.records), labels: b.labels ?? {}, protection: { change: false } };
}

export function renderRRSet(z: ZoneRec, r: RRSetRec) {
  return {
    id: `${r.name}/${r.type}`, name: r.name, type: r.type, ttl: r.ttl, labels: r.labels, protection: r.protection, zone: z.id,
    records: r.records.map((x) => ({ value: x.value, comment: x.comment ?? '' })),
  };
}

function cnameClash(z: ZoneRec, r: RRSetRec): void {
  const others = z.rrsets.filter((x) => x.name === r.name && x !== r);
  if ((r.type === 'CNAME' && others.length > 0) || (r.type !== 'CNAME' && others.some((x) => x.type === 'CNAME'))) {
    throw invalidField('type', `a CNAME cannot coexist with other records at '${r.name}'`);
  }
}

function locate(store: SimStore, req: SimRequest): { z: ZoneRec; r: RRSetRec } {
  const z = findZone(store, req.params.zone);
  const r = z.rrsets.find((x) => x.name === req.params.name && x.type === req.params.type);
  if (!r) throw new HetznerError('not_found', `rrset with ID '${req.params.name}/${req.params.type}' not found`);
  return { z, r };
}

function changed(store: SimStore, z: ZoneRec, command: string, status = 201): SimResponse {
  syncHistory(store, z.name);
  const action = startAction(store, command, [{ id: z.id, type: 'zone' }], 'zone');
  return { status, body: { action: renderAction(store, action) } };
}

function recordAction(store: SimStore, req: SimRequest): SimResponse {
  const kind = req.params.action;
  if (kind === 'add_records') {
    // add_records creates the rrset when it does not exist yet.
    const z = findZone(store, req.params.zone);
    const b = checkBody<{ records: unknown[]; ttl?: number | null }>(req.body, { records: { kind: 'array', required: true }, ttl: { kind: 'int', nullable: true } });
    checkTtl(b.ttl);
    let r = z.rrsets.find((x) => x.name === req.params.name && x.type === req.params.type);
    if (!r) {
      r = checkRRSetInput({ name: req.params.name, type: req.params.type, ttl: b.ttl, records: b.records });
      cnameClash(z, r);
      z.rrsets.push(r);
    } else {
      if (r.type === 'SOA') throw new HetznerError('protected', 'SOA records are managed by Hetzner');
      const add = checkRecords(r.type, b.records).filter((n) => !r!.records.some((o) => o.value === n.value));
      if (r.type === 'CNAME' && r.records.length + add.length > 1) throw invalidField('records', 'a CNAME rrset holds exactly one record');
      r.records.push(...add);
      if (b.ttl !== undefined) r.ttl = b.ttl;
    }
    return changed(store, z, 'add_rrset_records');
  }
  const { z, r } = locate(store, req);
  if (r.type === 'SOA' || r.protection.change) throw new HetznerError('protected', 'rrset is protected against changes');
  switch (kind) {
    case 'set_records': {
      const b = checkBody<{ records: unknown[] }>(req.body, { records: { kind: 'array', required: true } });
      r.records = checkRecords(r.type, b.records);
      return changed(store, z, 'set_rrset_records');
    }
    case 'remove_records': {
      const b = checkBody<{ records: unknown[] }>(req.body, { records: { kind: 'array', required: true } });
      const drop = checkRecords(r.type, b.records).map((x) => x.value);
      r.records = r.records.filter((x) => !drop.includes(x.value));
      if (r.records.length === 0) z.rrsets = z.rrsets.filter((x) => x !== r);
      return changed(store, z, 'remove_rrset_records');
    }
    case 'update_records': {
      const b = checkBody<{ records: unknown[] }>(req.body, { records: { kind: 'array', required: true } });
      for (const u of checkRecords(r.type, b.records)) {
        const cur = r.records.find((x) => x.value === u.value);
        if (!cur) throw invalidField('records', `record '${u.value}' is not part of the rrset`);
        cur.comment = u.comment;
      }
      return changed(store, z, 'update_rrset_records', 200);
    }
    case 'change_ttl': {
      const b = checkBody<{ ttl: number | null }>(req.body, { ttl: { kind: 'int', required: true, nullable: true } });
      checkTtl(b.ttl);
      r.ttl = b.ttl;
      return changed(store, z, 'change_rrset_ttl');
    }
    case 'change_protection': {
      const b = checkBody<{ change: boolean }>(req.body, { change: { kind: 'bool', required: true } });
      r.protection.change = b.change;
      return changed(store, z, 'change_rrset_protection');
    }
    default:
      throw new HetznerError('not_found', 'Not Found');
  }
}

export function rrsetRoutes(store: SimStore): Route[] {
  const base = '/zones/:zone/rrsets';
  return [
    {
      method: 'GET', pattern: base, handler: (req) => {
        const z = findZone(store, req.params.zone);
        const name = req.query.get('name');
        const types = req.query.getAll('type');
        const sel = labelFilter(req);
        const list = z.rrsets.filter((r) => (name === null || r.name === name) && (types.length === 0 || types.includes(r.type)) && (!sel || sel(r.labels)))
          .map((r) => ({ ...r, id: `${r.name}/${r.type}` }));
        return paged(req, 'rrsets', sorted(req, list, ['id', 'name', 'type', 'ttl']), (r) => renderRRSet(z, r));
      },
    },
    {
      method: 'POST', pattern: base, handler: (req) => {
        const z = findZone(store, req.params.zone);
        const r = checkRRSetInput(checkBody(req.body, RRSET_FIELDS));
        if (z.rrsets.some((x) => x.name === r.name && x.type === r.type)) throw uniqueness('name', `rrset '${r.name}/${r.type}' already exists`);
        cnameClash(z, r);
        z.rrsets.push(r);
        const res = changed(store, z, 'create_rrset');
        return { status: 201, body: { rrset: renderRRSet(z, r), ...(res.body as object) } };
      },
    },
    { method: 'GET', pattern: `${base}/:name/:type`, handler: (req) => { const { z, r } = locate(store, req); return { status: 200, body: { rrset: renderRRSet(z, r) } }; } },
    {
      method: 'PUT', pattern: `${base}/:name/:type`, handler: (req) => {
        const { z, r } = locate(store, req);
        const b = checkBody<{ labels?: Record<string, string> }>(req.body, { labels: { kind: 'labels' } });
        if (b.labels !== undefined) r.labels = b.labels;
        return { status: 200, body: { rrset: renderRRSet(z, r) } };
      },
    },
    {
      method: 'DELETE', pattern: `${base}/:name/:type`, handler: (req) => {
        const { z, r } = locate(store, req);
        if (r.type === 'SOA' || r.protection.change) throw new HetznerError('protected', 'rrset is protected against changes');
        z.rrsets = z.rrsets.filter((x) => x !== r);
        return changed(store, z, 'delete_rrset');
      },
    },
    { method: 'POST', pattern: `${base}/:name/:type/actions/:action`, handler: (req) => recordAction(store, req) },
  ];
}
