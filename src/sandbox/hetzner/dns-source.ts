/**
 * What the sandbox DNS servers serve from this simulator: every zone's records as versions with
 * createdAt/deletedAt, so a lagging resolver can answer with what was true a moment ago.
 */
import type { DnsRecordView, DnsSource } from '../core/types';
import { fqdnOf, presentation } from './dns-values';
import type { SimStore, ZoneRec } from './state';

/** History entries carry their zone so one zone's change never touches another's records. */
type Version = DnsRecordView & { zone?: string };

const keyOf = (v: { fqdn: string; type: string; value: string; ttl: number }) => `${v.fqdn}|${v.type}|${v.value}|${v.ttl}`;

function currentViews(zone: ZoneRec): Array<Omit<DnsRecordView, 'createdAt'>> {
  return zone.rrsets.flatMap((rr) => rr.records.map((r) => ({
    fqdn: fqdnOf(rr.name, zone.name), type: rr.type, value: presentation(rr.type, r.value, zone.name), ttl: rr.ttl ?? zone.ttl,
  })));
}

/**
 * Brings the history of `zoneName` in line with its current rrsets (or with nothing when the zone
 * is gone): vanished versions get `deletedAt`, new ones are appended with `createdAt` now.
 */
export function syncHistory(store: SimStore, zoneName: string): void {
  const now = store.now();
  const history = store.state.dnsHistory as Version[];
  const zone = store.state.zones.find((z) => z.name === zoneName);
  const want = new Map((zone ? currentViews(zone) : []).map((v) => [keyOf(v), v]));
  for (const h of history) {
    if (h.zone !== zoneName || h.deletedAt !== undefined) continue;
    if (want.has(keyOf(h))) want.delete(keyOf(h));
    else h.deletedAt = now;
  }
  for (const v of want.values()) history.push({ ...v, createdAt: now, zone: zoneName });
  // Versions deleted long ago no longer matter to any resolver delay.
  if (history.length > 20_000) store.state.dnsHistory = history.filter((h) => h.deletedAt === undefined || now - h.deletedAt < 3_600_000);
}

export function hetznerDnsSource(store: SimStore): DnsSource {
  return {
    zones: () => store.state.zones.map((z) => z.name),
    records: () => (store.state.dnsHistory as Version[]).map(({ zone: _zone, ...v }) => v),
  };
}
