/**
 * Record mutations shared by the single-record routes and the batch endpoint: each one checks the
 * same-name rules, stamps times from the simulator clock, and keeps the served history in step.
 */
import { addVersion, presentation, retireVersion } from './dns-source';
import { checkConflicts, proxiable, type RecordInput } from './record-rules';
import { newId, type CfRecord, type CfState, type CfZone } from './state';

export function zoneRecords(state: CfState, zoneId: string): CfRecord[] {
  return state.records.filter((r) => r.zone_id === zoneId);
}

/** Creates a record; throws 81057/8105x on a clash. */
export function insertRecord(state: CfState, zone: CfZone, input: RecordInput, now: number): CfRecord {
  checkConflicts(zone, input, zoneRecords(state, zone.id));
  const at = new Date(now).toISOString();
  const rec: CfRecord = {
    ...stripUndefined(input), id: newId(), zone_id: zone.id, created_on: at, modified_on: at, version: -1,
    ...(input.comment !== undefined ? { comment_modified_on: at } : {}),
    ...(input.tags.length > 0 ? { tags_modified_on: at } : {}),
  };
  rec.version = addVersion(state, rec, now);
  state.records.push(rec);
  return rec;
}

/** Overwrites a record in place (PUT, or PATCH after merging); throws on a clash. */
export function replaceRecord(state: CfState, zone: CfZone, rec: CfRecord, input: RecordInput, now: number): CfRecord {
  checkConflicts(zone, input, zoneRecords(state, zone.id).filter((r) => r.id !== rec.id));
  const at = new Date(now).toISOString();
  const servedBefore = served(rec);
  if ((input.comment ?? null) !== (rec.comment ?? null)) rec.comment_modified_on = at;
  if (input.tags.join('\n') !== rec.tags.join('\n')) rec.tags_modified_on = at;
  delete rec.priority;
  delete rec.data;
  delete rec.comment;
  Object.assign(rec, stripUndefined(input), { modified_on: at });
  if (rec.comment === undefined) delete rec.comment_modified_on;
  if (rec.tags.length === 0) delete rec.tags_modified_on;
  if (served(rec) !== servedBefore) {
    retireVersion(state, rec.version, now);
    rec.version = addVersion(state, rec, now);
  }
  return rec;
}

/** Deletes a record. */
export function removeRecord(state: CfState, rec: CfRecord, now: number): void {
  retireVersion(state, rec.version, now);
  const i = state.records.indexOf(rec);
  if (i >= 0) state.records.splice(i, 1);
}

/** The record as Cloudflare returns it. */
export function recordWire(rec: CfRecord): Record<string, unknown> {
  const out: Record<string, unknown> = {
    id: rec.id,
    name: rec.name,
    type: rec.type,
    content: rec.content,
    proxiable: proxiable(rec.type),
    proxied: rec.proxied,
    ttl: rec.ttl,
    settings: {},
    meta: {},
  };
  if (rec.priority !== undefined) out.priority = rec.priority;
  if (rec.data !== undefined) out.data = { ...rec.data };
  // The real API sends `comment: null`; the published schema types it as a plain string, so the
  // sandbox omits an absent comment (the SDK types it as optional either way).
  if (rec.comment !== undefined) out.comment = rec.comment;
  out.tags = [...rec.tags];
  out.created_on = rec.created_on;
  out.modified_on = rec.modified_on;
  if (rec.comment_modified_on) out.comment_modified_on = rec.comment_modified_on;
  if (rec.tags_modified_on) out.tags_modified_on = rec.tags_modified_on;
  return out;
}

function served(r: CfRecord): string {
  return `${r.name}|${r.type}|${r.ttl}|${presentation(r)}`;
}

function stripUndefined<T extends object>(o: T): T {
  const out = { ...o } as Record<string, unknown>;
  for (const k of Object.keys(out)) if (out[k] === undefined) delete out[k];
  return out as T;
}
