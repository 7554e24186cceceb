/**
 * The Cloudflare simulator's state: one account, its zones, their DNS records, and every record
 * version ever served (so the sandbox's lagging resolvers can answer with older data).
 * Plain JSON, so `dump()`/`load()` round-trip it through the sandbox data file.
 */
import { randomBytes } from 'node:crypto';
import type { DnsRecordView } from '../core/types';

export interface CfAccount {
  id: string;
  name: string;
  created_on: string;
}

export interface CfZone {
  id: string;
  name: string;
  status: 'initializing' | 'pending' | 'active' | 'moved';
  type: 'full' | 'partial' | 'secondary';
  paused: boolean;
  name_servers: string[];
  created_on: string;
  modified_on: string;
  activated_on: string | null;
}

/** A stored record, already in the wire shape Cloudflare returns (minus derived fields). */
export interface CfRecord {
  id: string;
  zone_id: string;
  /** FQDN, lowercase, no trailing dot. */
  name: string;
  type: string;
  content: string;
  ttl: number;
  proxied: boolean;
  priority?: number;
  data?: { flags: number; tag: string; value: string };
  comment?: string;
  tags: string[];
  created_on: string;
  modified_on: string;
  comment_modified_on?: string;
  tags_modified_on?: string;
  /** Index into {@link CfState.history} of the version now served. */
  version: number;
}

export interface CfState {
  account: CfAccount;
  zones: CfZone[];
  records: CfRecord[];
  history: DnsRecordView[];
}

/** Cloudflare ids: 32 lowercase hex characters. */
export function newId(): string {
  return randomBytes(16).toString('hex');
}

export function emptyState(now: number, account?: CfAccount): CfState {
  return {
    account: account ?? { id: newId(), name: 'Sandbox Account', created_on: new Date(now).toISOString() },
    zones: [],
    records: [],
    history: [],
  };
}

/** Checks the shape of a loaded state file loosely: enough to refuse garbage, not a schema. */
export function isState(v: unknown): v is CfState {
  const s = v as CfState;
  return !!s && typeof s === 'object' && !!s.account && Array.isArray(s.zones) && Array.isArray(s.records) && Array.isArray(s.history);
}

/** Cloudflare's nameserver names; two are assigned per zone, stable for the zone name. */
const NS_NAMES = ['ada', 'bob', 'chad', 'dana', 'elle', 'fred', 'gina', 'hugo', 'ivy', 'jack', 'kate', 'lola', 'max', 'nina'];

export function nameServersFor(zone: string): string[] {
  let h = 0;
  for (const ch of zone) h = (h * 31 + ch.charCodeAt(0)) >>> 0;
  const a = h % NS_NAMES.length;
  const b = (a + 1 + ((h >>> 8) % (NS_NAMES.length - 1))) % NS_NAMES.length;
  return [`${NS_NAMES[a]}.ns.cloudflare.com`, `${NS_NAMES[b]}.ns.cloudflare.com`];
}
