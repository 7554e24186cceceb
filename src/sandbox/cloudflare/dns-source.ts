/**
 * What the sandbox's DNS servers serve from this simulator: zone names and every record version
 * with createdAt/deletedAt. Proxied records resolve to their own content here; the real
 * Cloudflare answers with its anycast addresses instead, which a sandbox on loopback cannot use.
 * The apex NS pair assigned to each zone is served as well, as Cloudflare does.
 */
import type { DnsRecordView, DnsSource } from '../core/types';
import type { CfRecord, CfState, CfZone } from './state';
import { txtText } from './txt';

/** TTL "1" means automatic, which Cloudflare documents as 300 seconds. */
export const AUTO_TTL_SECONDS = 300;

/** The presentation value of a record (the DnsRecordView `value` convention). */
export function presentation(r: Pick<CfRecord, 'type' | 'content' | 'priority' | 'data'>): string {
  switch (r.type) {
    case 'MX':
      return `${r.priority ?? 0} ${r.content}`;
    case 'TXT':
      return txtText(r.content);
    case 'CAA':
      return r.data ? `${r.data.flags} ${r.data.tag} "${r.data.value}"` : r.content;
    default:
      return r.content;
  }
}

/** Appends the version of `r` now served and returns its index. */
export function addVersion(state: CfState, r: CfRecord, now: number): number {
  state.history.push({
    fqdn: r.name,
    type: r.type,
    value: presentation(r),
    ttl: r.ttl === 1 ? AUTO_TTL_SECONDS : r.ttl,
    createdAt: now,
  });
  return state.history.length - 1;
}

/** Marks a served version as gone (deleted or replaced). */
export function retireVersion(state: CfState, index: number, now: number): void {
  const v = state.history[index];
  if (v && v.deletedAt === undefined) v.deletedAt = now;
}

/** Adds the zone's apex NS versions. */
export function addZoneVersions(state: CfState, zone: CfZone, now: number): void {
  for (const ns of zone.name_servers) {
    state.history.push({ fqdn: zone.name, type: 'NS', value: ns, ttl: 86400, createdAt: now });
  }
}

/** Retires the apex NS versions of a deleted zone. */
export function retireZoneVersions(state: CfState, zone: CfZone, now: number): void {
  for (const v of state.history) {
    if (v.fqdn === zone.name && v.type === 'NS' && zone.name_servers.includes(v.value) && v.deletedAt === undefined) v.deletedAt = now;
  }
}

export function createDnsSource(state: () => CfState): DnsSource {
  return {
    zones: () => state().zones.filter((z) => z.status === 'active').map((z) => z.name),
    records: () => state().history.slice(),
  };
}

export type { DnsRecordView };
