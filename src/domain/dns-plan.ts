/**
 * Pure DNS planning (octoDNS Plan / DNSControl preview): desired vs existing → ordered changes.
 * A plan is data only (no functions), so it crosses Temporal, prints for `--dry-run`, and is what
 * a human confirms. Changes are per (name, type) set, the unit providers set and delete.
 */
import { fnv1a } from './ids';
import { InfraError } from './errors';
import type { DnsRecord, RecordType } from './types';

export type ChangeKind = 'delete' | 'create' | 'update';

export interface Change {
  kind: ChangeKind;
  name: string;
  type: RecordType;
  before: DnsRecord[];
  after: DnsRecord[];
  description: string;
}

export interface DnsPlan {
  zone: string;
  changes: Change[];
  /** Records in the zone before the plan (for the safety gate). */
  existingCount: number;
  /** Why the plan needs a human, or null when it is safe. */
  unsafeReason: string | null;
  /** Stable hash of the changes: what a confirmation names. */
  hash: string;
}

/** Types where several values at one name are independent entries (keyed by content on upsert). */
const MULTI_VALUE: ReadonlySet<RecordType> = new Set(['MX', 'TXT', 'CAA', 'NS']);
const ORDER: Record<ChangeKind, number> = { delete: 0, create: 1, update: 2 };
export const UNSAFE_FRACTION = 0.3;
export const UNSAFE_MIN_RECORDS = 10;

const key = (r: { name: string; type: string }) => `${r.name}\u0000${r.type}`;

function normContent(r: DnsRecord): string {
  return ['CNAME', 'MX', 'NS'].includes(r.type) ? r.content.toLowerCase().replace(/\.$/, '') : r.content;
}

/** Same record for planning purposes (provider extras like ids ignored). */
export function sameRecord(a: DnsRecord, b: DnsRecord): boolean {
  return a.type === b.type && a.name === b.name && normContent(a) === normContent(b) && a.ttl === b.ttl
    && (a.priority ?? null) === (b.priority ?? null) && (a.proxied === undefined || b.proxied === undefined || a.proxied === b.proxied);
}

function sameSet(a: DnsRecord[], b: DnsRecord[]): boolean {
  return a.length === b.length && a.every((x) => b.some((y) => sameRecord(x, y)));
}

function group(records: DnsRecord[]): Map<string, DnsRecord[]> {
  const m = new Map<string, DnsRecord[]>();
  for (const r of records) m.set(key(r), [...(m.get(key(r)) ?? []), r]);
  return m;
}

/**
 * Plans `desired` against `existing`.
 * - `upsert` (set, setMany): A/AAAA/CNAME sets are replaced by the desired set; MX/TXT/CAA/NS values
 *   are merged by content (a desired value replaces the existing one with the same content).
 * - `sync` (setMany with prune): additionally deletes every other set, except apex NS and SOA.
 * - `remove`: `desired` lists what to delete; content given → only that value, else the whole set.
 */
export function planDnsChanges(zone: string, existing: DnsRecord[], desired: DnsRecord[], mode: 'upsert' | 'sync' | 'remove' = 'upsert'): DnsPlan {
  const before = group(existing);
  const targets = new Map<string, DnsRecord[]>();

  if (mode === 'remove') {
    for (const d of desired) {
      const cur = targets.get(key(d)) ?? before.get(key(d)) ?? [];
      targets.set(key(d), d.content ? cur.filter((r) => normContent(r) !== normContent(d)) : []);
    }
  } else {
    for (const [k, want] of group(desired)) {
      const cur = before.get(k) ?? [];
      if (MULTI_VALUE.has(want[0].type)) {
        const kept = cur.filter((r) => !want.some((w) => normContent(w) === normContent(r)));
        targets.set(k, [...kept, ...want]);
      } else {
        targets.set(k, want);
      }
    }
    if (mode === 'sync') {
      for (const [k, cur] of before) {
        if (targets.has(k) || cur[0].type === ('SOA' as RecordType) || (cur[0].type === 'NS' && cur[0].name === '@')) continue;
        targets.set(k, []);
      }
    }
  }

  const changes: Change[] = [];
  for (const [k, after] of targets) {
    const cur = before.get(k) ?? [];
    if (sameSet(cur, after)) continue;
    const [name, type] = k.split('\u0000') as [string, RecordType];
    const kind: ChangeKind = cur.length === 0 ? 'create' : after.length === 0 ? 'delete' : 'update';
    changes.push({ kind, name, type, before: cur, after, description: describe(kind, name, type, cur, after) });
  }
  changes.sort((a, b) => ORDER[a.kind] - ORDER[b.kind] || a.name.localeCompare(b.name) || a.type.localeCompare(b.type));
  checkExclusivity(zone, existing, changes);

  const plan: DnsPlan = { zone, changes, existingCount: existing.length, unsafeReason: null, hash: '' };
  plan.unsafeReason = unsafeReason(plan);
  plan.hash = fnv1a(JSON.stringify(changes.map((c) => [c.kind, c.name, c.type, c.after.map((r) => [r.content, r.ttl, r.priority ?? null, r.proxied ?? null])])));
  return plan;
}

/** CNAME may not share a name with anything else, in the zone as it will be after the plan. */
function checkExclusivity(zone: string, existing: DnsRecord[], changes: Change[]): void {
  const final = group(existing);
  for (const c of changes) final.set(key(c), c.after);
  const typesByName = new Map<string, Set<string>>();
  for (const recs of final.values()) {
    for (const r of recs) typesByName.set(r.name, (typesByName.get(r.name) ?? new Set()).add(r.type));
  }
  for (const [name, types] of typesByName) {
    if (types.has('CNAME') && types.size > 1) {
      const others = [...types].filter((t) => t !== 'CNAME').join(', ');
      throw new InfraError('INFRA_INVALID_INPUT', `A CNAME at "${name}" in ${zone} cannot coexist with other records (${others}) at the same name`);
    }
  }
}

/** The safety gate: large rewrites of a zone, or apex NS changes, need a human. */
export function unsafeReason(plan: Pick<DnsPlan, 'changes' | 'existingCount'>): string | null {
  if (plan.changes.some((c) => c.type === 'NS' && c.name === '@')) return 'the plan changes the apex NS records';
  const touched = plan.changes.filter((c) => c.kind !== 'create').reduce((n, c) => n + c.before.length, 0);
  if (plan.existingCount >= UNSAFE_MIN_RECORDS && touched / plan.existingCount > UNSAFE_FRACTION) {
    return `the plan changes or deletes ${touched} of ${plan.existingCount} records (more than ${UNSAFE_FRACTION * 100}%)`;
  }
  return null;
}

function fmt(r: DnsRecord): string {
  const extras = [r.priority !== undefined ? `prio ${r.priority}` : '', `ttl ${r.ttl}`, r.proxied ? 'proxied' : ''].filter(Boolean).join(', ');
  return `${r.content} (${extras})`;
}

function describe(kind: ChangeKind, name: string, type: string, before: DnsRecord[], after: DnsRecord[]): string {
  const label = `${type} ${name}`;
  if (kind === 'create') return `+ ${label} → ${after.map(fmt).join('; ')}`;
  if (kind === 'delete') return `- ${label} (was ${before.map(fmt).join('; ')})`;
  return `~ ${label}: ${before.map(fmt).join('; ')} → ${after.map(fmt).join('; ')}`;
}

/** The plan as lines for people (CLI `--dry-run`, MCP, the confirmation). */
export function describePlan(plan: DnsPlan): string {
  if (plan.changes.length === 0) return `${plan.zone}: no changes`;
  const counts = (['create', 'update', 'delete'] as const).map((k) => `${plan.changes.filter((c) => c.kind === k).length} ${k}`).join(', ');
  return [`${plan.zone}: ${counts}`, ...plan.changes.map((c) => `  ${c.description}`)].join('\n');
}

/** Record operations a change costs in a batch call (each removed and each added value). */
export function changeWeight(c: Change): number {
  const removed = c.before.filter((b) => !c.after.some((a) => sameRecord(a, b))).length;
  const added = c.after.filter((a) => !c.before.some((b) => sameRecord(a, b))).length;
  return Math.max(1, removed + added);
}

/** Splits changes into batches of at most `max` record operations, keeping order. `max` 0 → one change per batch. */
export function splitIntoBatches(changes: Change[], max: number): Change[][] {
  if (max <= 0) return changes.map((c) => [c]);
  const out: Change[][] = [];
  let cur: Change[] = [];
  let weight = 0;
  for (const c of changes) {
    const w = changeWeight(c);
    if (cur.length > 0 && weight + w > max) {
      out.push(cur);
      cur = [];
      weight = 0;
    }
    cur.push(c);
    weight += w;
  }
  if (cur.length) out.push(cur);
  return out;
}
