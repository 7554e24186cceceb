/**
 * Day-two reports as data (drift, health, renewals, orphans) and the pure comparisons behind them.
 * Workflow-safe: no I/O. "Known" is what fazt recorded after its own successful writes
 * (src/inventory/store.ts); "live" is what the provider lists now.
 */
import type { DnsRecord, RecordType, Server } from './types';

export type DriftIssue = 'deleted' | 'resized' | 'ip-changed' | 'record-removed' | 'content-changed' | 'ttl-changed';

export interface DriftItem {
  kind: 'server' | 'record';
  provider: string;
  /** Server id (`hetzner:42`) or record set `zone/name/TYPE`. */
  id: string;
  issue: DriftIssue;
  /** What fazt knows and what the provider has, short and readable. */
  known: string;
  live: string;
  /** For records: the zone (so --fix can re-apply the known set). */
  zone?: string;
  /** What `drift --fix` re-applies through the normal operations: the known set, or the server to order again. */
  fix?: { records: DnsRecord[] } | { server: { provider: string; name: string; type: string; region: string } };
}

/** One provider's part of a check: `unknown` when it could not be read (down, rate limited). */
export interface ProviderCheck {
  provider: string;
  kind: 'vps' | 'dns';
  status: 'ok' | 'unknown';
  reason?: string;
  /** How many resources of fazt's were compared. */
  checked: number;
}

export interface DriftReport {
  checkedAt: string;
  providers: ProviderCheck[];
  drift: DriftItem[];
}

export interface KnownServerLike {
  id: string;
  name: string;
  type: string;
  region: string;
  ip: string | null;
}

/** Compares fazt's servers at one provider with the provider's list. */
export function serverDrift(provider: string, known: KnownServerLike[], live: Server[]): DriftItem[] {
  const byId = new Map(live.map((s) => [s.id, s]));
  const out: DriftItem[] = [];
  for (const k of known) {
    const l = byId.get(k.id);
    const base = { kind: 'server' as const, provider, id: k.id };
    if (!l) out.push({ ...base, issue: 'deleted', known: `${k.name} (${k.type})`, live: 'absent', fix: { server: { provider, name: k.name, type: k.type, region: k.region } } });
    else {
      if (l.type !== k.type) out.push({ ...base, issue: 'resized', known: k.type, live: l.type });
      if (k.ip && l.ip && l.ip !== k.ip) out.push({ ...base, issue: 'ip-changed', known: k.ip, live: l.ip });
    }
  }
  return out;
}

export interface KnownSetLike {
  zone: string;
  name: string;
  type: RecordType;
  records: DnsRecord[];
}

const value = (r: DnsRecord) => (r.type === 'MX' ? `${r.priority ?? 0} ${r.content}` : r.content);
const values = (rs: DnsRecord[]) => rs.map(value).sort();

/** Compares the record sets fazt wrote in one zone with the zone's records as listed. */
export function recordDrift(provider: string, known: KnownSetLike[], live: DnsRecord[]): DriftItem[] {
  const out: DriftItem[] = [];
  for (const k of known) {
    const mine = live.filter((r) => r.name.toLowerCase() === k.name.toLowerCase() && r.type === k.type);
    const base = { kind: 'record' as const, provider, id: `${k.zone}/${k.name}/${k.type}`, zone: k.zone, fix: { records: k.records } };
    const kv = values(k.records);
    if (mine.length === 0) {
      out.push({ ...base, issue: 'record-removed', known: kv.join(', '), live: 'absent' });
      continue;
    }
    const lv = values(mine);
    if (kv.join('\n') !== lv.join('\n')) {
      out.push({ ...base, issue: 'content-changed', known: kv.join(', '), live: lv.join(', ') });
      continue;
    }
    const kt = [...new Set(k.records.map((r) => r.ttl))].sort().join(',');
    const lt = [...new Set(mine.map((r) => r.ttl))].sort().join(',');
    if (kt !== lt) out.push({ ...base, issue: 'ttl-changed', known: `ttl ${kt}`, live: `ttl ${lt}` });
  }
  return out;
}

export type HealthState = 'healthy' | 'degraded' | 'unreachable';

export interface ServerHealthEntry {
  id: string;
  name: string;
  health: HealthState;
  /** When it was checked (ISO-8601). */
  at: string;
  detail: string;
}

export interface HealthReport {
  checkedAt: string;
  servers: ServerHealthEntry[];
}

/** Share of disk or memory in use above which a reachable server counts as degraded. */
export const DEGRADED_USAGE = 0.9;

export interface OwnedDomain {
  domain: string;
  provider: string;
  expiresAt: string;
  autoRenew: boolean;
}

export interface RenewalReport {
  checkedAt: string;
  /** Why nothing could be checked (e.g. no domain provider configured). */
  reason?: string;
  domains: number;
  expiring: Array<OwnedDomain & { daysLeft: number }>;
}

/** Domains expiring within `days` of `now` with auto-renew off, soonest first. */
export function expiringDomains(domains: OwnedDomain[], now: number, days = 30): RenewalReport['expiring'] {
  return domains
    .filter((d) => !d.autoRenew)
    .map((d) => ({ ...d, daysLeft: Math.floor((Date.parse(d.expiresAt) - now) / 86_400_000) }))
    .filter((d) => d.daysLeft <= days)
    .sort((a, b) => a.daysLeft - b.daysLeft);
}

export interface Orphan {
  /** `billed-unowned`: carries fazt's label but no known operation owns it (or its flow failed);
   * `missing`: fazt knows it, the provider no longer has it. */
  kind: 'billed-unowned' | 'missing';
  id: string;
  provider: string;
  name: string;
  operationId: string | null;
  /** Why it is listed (operation unknown, workflow failed, ...). */
  reason: string;
  monthlyCost: number | null;
  currency: string;
}
