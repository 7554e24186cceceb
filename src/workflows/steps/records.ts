/** DNS record steps shared by launchApp (and its compensation). */
import { planDnsChanges } from '../../domain/dns-plan';
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

/** Plans against the zone as it is and applies: a re-run finds the records and does nothing. */
export async function applyRecords(provider: string, zone: string, records: DnsRecord[], mode: 'upsert' | 'remove'): Promise<void> {
  const existing = await reads(provider).dnsRecords({ zone });
  const plan = pure(() => planDnsChanges(zone, existing, records, mode));
  if (plan.changes.length) await writes(provider).dnsApply({ zone, changes: plan.changes });
}
