/**
 * Validation of DO domain-record bodies (create, PUT, PATCH): DO's rules on names, data per type
 * (hostnames must end with a dot), TTL ≥ 30, MX/SRV priority, CAA flags/tag, CNAME exclusivity.
 */
import { isIP } from 'node:net';
import type { SimResponse } from '../core/types';
import { badRequest, isObject, unprocessable } from './http';
import type { RecordState } from './state';

export const RECORD_TYPES = ['A', 'AAAA', 'CAA', 'CNAME', 'MX', 'NS', 'SOA', 'SRV', 'TXT'] as const;
export const MIN_TTL = 30;
export const DEFAULT_TTL = 1800;

const HOST_TYPES = ['CNAME', 'MX', 'NS', 'SRV'];
const LABELS = /^(\*|[a-zA-Z0-9_]([a-zA-Z0-9_-]{0,61}[a-zA-Z0-9_])?)(\.[a-zA-Z0-9_]([a-zA-Z0-9_-]{0,61}[a-zA-Z0-9_])?)*$/;
const FQDN_DOT = /^([a-zA-Z0-9_]([a-zA-Z0-9_-]{0,61}[a-zA-Z0-9_])?\.)+$/;
const INT_FIELDS = ['priority', 'port', 'ttl', 'weight', 'flags'] as const;

export type RecordFields = Omit<RecordState, 'id' | 'domain'>;

/** Type checks shared by every write: wrong JSON types are a 400, as for other DO bodies. */
export function checkTypes(body: unknown): SimResponse | null {
  if (!isObject(body)) return badRequest('The request body must be a JSON object.');
  for (const f of ['type', 'name', 'data', 'tag'] as const) {
    if (body[f] !== undefined && body[f] !== null && typeof body[f] !== 'string') return badRequest(`${f} must be a string.`);
  }
  for (const f of INT_FIELDS) {
    if (body[f] !== undefined && body[f] !== null && !Number.isInteger(body[f])) return badRequest(`${f} must be an integer.`);
  }
  return null;
}

/** Merges `body` over `base` (PATCH/PUT) or defaults (POST) and validates the result. */
export function buildRecord(body: Record<string, any>, base: RecordFields | null): RecordFields | SimResponse {
  const pick = <K extends keyof RecordFields>(k: K, dflt: RecordFields[K]): RecordFields[K] =>
    body[k] !== undefined ? body[k] : base ? base[k] : dflt;
  const r: RecordFields = {
    type: String(pick('type', '')).toUpperCase(),
    name: pick('name', ''),
    data: body.data !== undefined ? body.data : base ? inputData(base) : '',
    priority: pick('priority', null),
    port: pick('port', null),
    ttl: pick('ttl', DEFAULT_TTL) ?? DEFAULT_TTL,
    weight: pick('weight', null),
    flags: pick('flags', null),
    tag: pick('tag', null),
  };
  if (!r.type) return unprocessable('Type is required.');
  if (!(RECORD_TYPES as readonly string[]).includes(r.type)) return unprocessable(`${r.type} is not a supported record type.`);
  if (r.type === 'SOA' && !base) return unprocessable('SOA records cannot be created.');
  if (!r.name) return unprocessable('Name is required.');
  if (r.name !== '@' && !LABELS.test(r.name)) return unprocessable('Name is invalid.');
  if (!r.data) return unprocessable('Data is required.');
  if (r.ttl < MIN_TTL) return unprocessable(`TTL must be at least ${MIN_TTL} seconds.`);
  if (r.type === 'A' && isIP(r.data) !== 4) return unprocessable('IP address did not match IPv4 format (e.g. 127.0.0.1).');
  if (r.type === 'AAAA' && isIP(r.data) !== 6) return unprocessable('IP address did not match IPv6 format (e.g. 2001:db8::1).');
  if (HOST_TYPES.includes(r.type)) {
    if (r.data !== '@' && !FQDN_DOT.test(r.data)) return unprocessable('Data needs to end with a dot (.)');
  }
  if (r.type === 'MX' || r.type === 'SRV') {
    if (r.priority === null || r.priority < 0 || r.priority > 65535) return unprocessable('Priority must be between 0 and 65535.');
  } else if (r.type !== 'SOA') {
    r.priority = null;
  }
  if (r.type === 'SRV' && (r.port === null || r.weight === null)) return unprocessable('Port and weight are required for SRV records.');
  if (r.type === 'CAA') {
    if (!r.tag || !['issue', 'issuewild', 'iodef'].includes(r.tag)) return unprocessable('Tag must be one of issue, issuewild, iodef.');
    if (r.flags === null) r.flags = 0;
    if (r.flags < 0 || r.flags > 255) return unprocessable('Flags must be between 0 and 255.');
  } else {
    r.flags = null;
    r.tag = null;
  }
  if (r.type === 'TXT' && r.data.length > 4096) return unprocessable('Data is too long.');
  return r;
}

/** DO refuses a CNAME next to any other record of the same name, and anything next to a CNAME. */
export function cnameConflict(existing: RecordState[], r: RecordFields, selfId: number | null): SimResponse | null {
  const same = existing.filter((x) => x.name === r.name && x.id !== selfId && x.type !== 'SOA');
  if (r.type === 'CNAME' ? same.length > 0 : same.some((x) => x.type === 'CNAME')) {
    return unprocessable('CNAME records cannot share a name with other records.');
  }
  return null;
}

/** A stored record's data as it would be written (hostnames with their dot again). */
function inputData(r: RecordFields): string {
  return HOST_TYPES.includes(r.type) && r.data !== '@' ? `${r.data}.` : r.data;
}

/** DO stores hostnames without the trailing dot it requires on input (`@` stays `@`). */
export function storedData(r: RecordFields): string {
  return HOST_TYPES.includes(r.type) && r.data !== '@' ? r.data.replace(/\.$/, '') : r.data;
}
