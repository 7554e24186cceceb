/** DNS reads and propagation waits. */
import { sleep, upsertSearchAttributes } from '@temporalio/workflow';
import { zoneFor } from '../domain/names';
import type { DnsRecord, PropagationResult, RecordType, ZoneSummary } from '../domain/types';
import { fqdnSchema, zoneSchema } from '../domain/validate';
import { SEARCH_ATTRIBUTES } from '../shared/constants';
import { validated } from './failures';
import { Operation, durationMs, infraFailure } from './operation';
import { bookkeeping, probes, reads } from './proxies';
import { pollPropagation } from './steps/propagation';
import { dnsWaitForPropagation } from '../operations/catalogue';

/** Every managed zone with its record count (counted at each provider in parallel). */
export async function listZones(): Promise<ZoneSummary[]> {
  const cfg = await bookkeeping.infraConfig();
  return Promise.all(cfg.zones.map((z) => reads(z.provider).dnsCountRecords({ zone: z.zone, provider: z.provider } as { zone: string })));
}

export async function zoneRecords(input: { zone: string }): Promise<DnsRecord[]> {
  const zone = validated(zoneSchema, input.zone, 'zone');
  const info = await bookkeeping.dnsZoneInfo({ zone });
  return reads(info.provider).dnsRecords({ zone });
}

export interface WaitForPropagationInput {
  fqdn: string;
  type?: RecordType;
  expected?: string;
  resolvers?: string[];
  /** @default '2m' */
  timeout?: string;
  /** @default '0s' */
  initialDelay?: string;
  /** @default '2s' */
  interval?: string;
  /** TTL of the record (for the cache estimate). @default 300 */
  ttl?: number;
}

export interface WaitForPropagationResult extends PropagationResult {
  checks: number;
  /** When the slowest cache should have expired (negative caching included), if not all agree yet. */
  cacheExpiresAt?: string;
}

/** Polls with durable timers until every resolver agrees or the deadline passes (CertMagic). */
export async function waitForPropagation(input: WaitForPropagationInput): Promise<WaitForPropagationResult> {
  const op = new Operation(dnsWaitForPropagation.name);
  const fqdn = validated(fqdnSchema, input.fqdn, 'name');
  upsertSearchAttributes({ [SEARCH_ATTRIBUTES.operation]: [dnsWaitForPropagation.name] });
  const type = input.type ?? 'A';
  const expected = input.expected ?? (await expectedValue(fqdn, type));
  if (input.initialDelay) await sleep(durationMs(input.initialDelay));
  op.step('poll', `${type} ${fqdn}`);
  const r = await pollPropagation(op, { fqdn, type, expected, resolvers: input.resolvers, timeout: input.timeout ?? '2m', interval: input.interval, ttl: input.ttl });
  op.finish();
  return r;
}

/** The value our own records say `fqdn` should resolve to (the managed zone is the source of truth). */
async function expectedValue(fqdn: string, type: RecordType): Promise<string> {
  const cfg = await bookkeeping.infraConfig();
  const match = zoneFor(fqdn, cfg.zones.map((z) => z.zone));
  if (!match) throw infraFailure('INFRA_NOT_FOUND', `${fqdn} is not in a managed zone; pass the expected value`);
  const provider = cfg.zones.find((z) => z.zone === match.zone)!.provider;
  const records = await reads(provider).dnsRecords({ zone: match.zone, provider } as { zone: string });
  const r = records.find((x) => x.name === match.name && x.type === type);
  if (!r) throw infraFailure('INFRA_NOT_FOUND', `There is no ${type} record for ${fqdn} in ${match.zone}`);
  return type === 'MX' ? `${r.priority ?? 0} ${r.content}` : r.content;
}

/** One propagation check across resolvers; `expected` defaults to our own record's value. */
export async function checkPropagation(input: { fqdn: string; type?: RecordType; expected?: string; resolvers?: string[] }): Promise<PropagationResult> {
  const fqdn = validated(fqdnSchema, input.fqdn, 'name');
  const type = input.type ?? 'A';
  const expected = input.expected ?? (await expectedValue(fqdn, type));
  return probes.dnsCheck({ fqdn, type, expected, resolvers: input.resolvers });
}
