/** DNS record steps shared by launchApp (and its compensation). */
import { planDnsChanges, type Change } from '../../domain/dns-plan';
import type { DnsRecord, Server } from '../../domain/types';
import { pure } from '../failures';
import { reads, writes } from '../proxies';

/** A (and AAAA) records pointing `name` at the server; proxied off so the app gets direct traffic. */
export function launchRecords(name: string, server: Server, ipv6: boolean, ttl: number, proxiedCapable: boolean): DnsRecord[] {
  const extra = proxiedCapable ? { proxied: false } : {};
  const out: DnsRecord[] = [{ type: 'A', name, content: server.ip!, ttl, ...extra }];
  if (ipv6 && server.ipv6) out.push({ type: 'AAAA', name, content: server.ipv6, ttl, ...extra });
  return out;
}

/**
 * Plans against the zone as it is (read now, or `existing` when just read) and applies: a re-run
 * finds the records and does nothing.
 */
export async function applyRecords(provider: string, zone: string, records: DnsRecord[], mode: 'upsert' | 'remove', existing?: DnsRecord[]): Promise<void> {
  const current = existing ?? (await reads(provider).dnsRecords({ zone }));
  const plan = pure(() => planDnsChanges(zone, current, records, mode));
  if (plan.changes.length) await writes(provider).dnsApply({ zone, changes: plan.changes });
}

const sameSet = (a: { name: string; type: string }, b: { name: string; type: string }) => a.name === b.name && a.type === b.type;

/** The records now in the (name, type) sets that `records` will replace: what a compensation puts back. */
export function previousSets(existing: DnsRecord[], records: DnsRecord[]): DnsRecord[] {
  return existing.filter((e) => records.some((r) => sameSet(e, r)));
}

/**
 * The changes that put the (name, type) sets of `records` back to `previous`: a set that had
 * records gets exactly those again (values this flow replaced included); a set that did not
 * exist is deleted. Nothing outside those sets is touched.
 */
export function planRestore(zone: string, existing: DnsRecord[], records: DnsRecord[], previous: DnsRecord[]): Change[] {
  const restore = planDnsChanges(zone, existing, previous, 'upsert').changes;
  const absent = records.filter((r, i) => !previous.some((p) => sameSet(p, r)) && records.findIndex((x) => sameSet(x, r)) === i);
  const remove = planDnsChanges(zone, existing, absent.map((r) => ({ ...r, content: '' })), 'remove').changes;
  return [...remove, ...restore];
}

/** Compensation of a DNS write: restores the sets as {@link previousSets} captured them. */
export async function restoreRecords(provider: string, zone: string, records: DnsRecord[], previous: DnsRecord[]): Promise<void> {
  const existing = await reads(provider).dnsRecords({ zone });
  const changes = pure(() => planRestore(zone, existing, records, previous));
  if (changes.length) await writes(provider).dnsApply({ zone, changes });
}
