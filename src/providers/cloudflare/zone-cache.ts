/**
 * The zone's records as this worker last read or wrote them, for a short while. A batch needs
 * record ids for its puts and deletes; the plan was made from a read a moment ago, so a batch
 * right after it may address ids from that read instead of reading the whole zone again (the
 * saving is one read per batch of up to 200 changes). After each batch the entry is brought up to
 * date from the batch's answer, so the next batch of the same plan needs no read either.
 *
 * Safety: an entry is used only when it is young ({@link ZONE_CACHE_TTL_MS}) and its sets are
 * exactly the `before` sets the plan carries; a retried activity never uses it (it re-plans from
 * a fresh read); and a batch Cloudflare refuses because the zone changed meanwhile (a record
 * gone, 81044; an identical one there already, 81057) drops the entry and is re-planned from a
 * fresh read. Another worker process simply has no entry and reads.
 */
import type { WireRecord } from './wire';

/** Long enough for a plan and its batches; a plan confirmed by a person later reads again. */
export const ZONE_CACHE_TTL_MS = 60_000;
const MAX_ZONES = 20;

const entries = new Map<string, { at: number; records: WireRecord[] }>();

/** The key of one zone of one account (the account's limiter key holds no token). */
export function zoneKey(account: string, zoneId: string): string {
  return `${account}|${zoneId}`;
}

export function remember(key: string, records: WireRecord[], now = Date.now()): void {
  entries.delete(key);
  entries.set(key, { at: now, records });
  while (entries.size > MAX_ZONES) entries.delete(entries.keys().next().value as string);
}

/** The records, if read or written within the TTL. */
export function recall(key: string, now = Date.now()): WireRecord[] | null {
  const e = entries.get(key);
  if (!e || now - e.at > ZONE_CACHE_TTL_MS) return null;
  return e.records;
}

export function forget(key: string): void {
  entries.delete(key);
}

/** The records after a batch: deleted ids gone, put and posted records as Cloudflare returned them. */
export function applied(records: WireRecord[], deleted: string[], written: WireRecord[]): WireRecord[] {
  const gone = new Set([...deleted, ...written.map((w) => w.id)]);
  return [...records.filter((r) => !gone.has(r.id)), ...written];
}
