/**
 * Pure planning of one (name, type) set against what Cloudflare has: records already equal are
 * left alone (so an identical record is never POSTed again and 81057 cannot arise from our own
 * plan), records with the wanted value but other settings are PUT in place, remaining wanted
 * values reuse leftover record ids (PUT) before anything is POSTed, and leftovers are deleted.
 *
 * Comments: records this adapter creates carry {@link MANAGED_COMMENT}. A record we update in
 * place keeps the comment it has, so a user's own note is never clobbered; one with no comment
 * gets the marker, since from then on its value is ours.
 */
import type { DnsRecord } from '../../domain/types';
import type { WireBatch } from './api';
import { MANAGED_COMMENT, sameRecord, sameValue, toDomain, toWire } from './convert';
import type { WireRecord } from './wire';

/** Wanted records with duplicate values removed (a second copy would only fail with 81057). */
export function uniqueValues(records: DnsRecord[]): DnsRecord[] {
  const out: DnsRecord[] = [];
  for (const r of records) if (!out.some((o) => sameValue(o, r))) out.push(r);
  return out;
}

/** The operations that turn `current` (one set's wire records) into `wanted`. */
export function planSet(zone: string, current: WireRecord[], wanted: DnsRecord[]): WireBatch {
  const ops: WireBatch = { deletes: [], puts: [], posts: [] };
  const left = current.flatMap((w) => {
    const d = toDomain(w, zone);
    return d ? [{ w, d }] : [];
  });
  const unplaced: DnsRecord[] = [];
  for (const want of uniqueValues(wanted)) {
    const i = left.findIndex((c) => sameValue(c.d, want));
    if (i < 0) {
      unplaced.push(want);
      continue;
    }
    const [c] = left.splice(i, 1);
    if (!sameRecord(c.d, want)) ops.puts.push({ id: c.w.id, ...toWire(want, zone, keptComment(c.w)) });
  }
  for (const want of unplaced) {
    const c = left.shift();
    if (c) ops.puts.push({ id: c.w.id, ...toWire(want, zone, keptComment(c.w)) });
    else ops.posts.push(toWire(want, zone, MANAGED_COMMENT));
  }
  for (const c of left) ops.deletes.push({ id: c.w.id });
  return ops;
}

/** Whether `current` already equals `wanted` as a set of records. */
export function satisfied(zone: string, current: WireRecord[], wanted: DnsRecord[]): boolean {
  const ops = planSet(zone, current, wanted);
  return ops.deletes.length + ops.puts.length + ops.posts.length === 0;
}

export function opCount(ops: WireBatch): number {
  return ops.deletes.length + ops.puts.length + ops.posts.length;
}

export function mergeOps(all: WireBatch[]): WireBatch {
  return { deletes: all.flatMap((o) => o.deletes), puts: all.flatMap((o) => o.puts), posts: all.flatMap((o) => o.posts) };
}

/** Splits operations into batches of at most `size`, keeping Cloudflare's delete → put → post order across them. */
export function chunkOps(ops: WireBatch, size: number): WireBatch[] {
  const flat = [
    ...ops.deletes.map((o) => ['deletes', o] as const),
    ...ops.puts.map((o) => ['puts', o] as const),
    ...ops.posts.map((o) => ['posts', o] as const),
  ];
  const out: WireBatch[] = [];
  for (let i = 0; i < flat.length; i += size) {
    const b: WireBatch = { deletes: [], puts: [], posts: [] };
    for (const [k, o] of flat.slice(i, i + size)) (b[k] as unknown[]).push(o);
    out.push(b);
  }
  return out;
}

function keptComment(w: WireRecord): string {
  return typeof w.comment === 'string' && w.comment !== '' ? w.comment : MANAGED_COMMENT;
}
