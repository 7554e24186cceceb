/**
 * DNS activities. Planning is pure (src/domain/dns-plan.ts); these read the zone and apply one
 * batch each, so a crash resumes at the next batch. Every apply is idempotent (set-equals).
 */
import { Context } from '@temporalio/activity';
import { InfraError } from '../domain/errors';
import type { Change } from '../domain/dns-plan';
import { canonicalName } from '../domain/names';
import type { DnsRecord, ZoneSummary } from '../domain/types';
import { providerDescriptor } from '../providers/registry';
import { ProviderAccess } from './context';
import type { ActivityDeps } from './deps';
import { reportProgress, resumeFrom } from './heartbeat';
import { DNS_PROVIDERS } from '../domain/providers';
import { rememberChanges } from '../inventory/remember';

export interface ZoneInfo {
  zone: string;
  provider: string;
  proxied: boolean;
  maxBatchSize: number;
  minTtl: number;
  recordTypes: string[];
}

export function dnsActivities(deps: ActivityDeps) {
  const access = new ProviderAccess(deps);
  return {
    /** The zone's provider and its capabilities; no provider call. */
    async dnsZoneInfo(input: { zone: string }): Promise<ZoneInfo> {
      const m = access.managedZone(canonicalName(input.zone));
      const c = providerDescriptor(m.provider).capabilities;
      return { zone: m.zone, provider: m.provider, proxied: c.proxied, maxBatchSize: c.maxBatchSize, minTtl: c.minTtl, recordTypes: [...c.recordTypes] };
    },
    /** Records the zone → provider mapping; finds the zone at the provider or creates it (zones are free). */
    async dnsAddZone(input: { zone: string; provider: string }): Promise<ZoneSummary> {
      const zone = canonicalName(input.zone);
      const d = providerDescriptor(input.provider);
      if (!d.kinds.includes('dns')) {
        throw new InfraError('INFRA_INVALID_INPUT', `${input.provider} does not offer DNS. DNS providers: ${DNS_PROVIDERS.join(', ')}`, { data: { valid: [...DNS_PROVIDERS] } });
      }
      const dns = access.dns(input.provider);
      const ref = (await dns.findZone(zone)) ?? (await dns.createZone(zone));
      deps.zones.add({ zone, provider: input.provider, zoneId: ref.id });
      const records = await dns.getRecords(ref);
      return { zone, provider: d.name as ZoneSummary['provider'], records: records.length };
    },
    async dnsRecords(input: { zone: string }): Promise<DnsRecord[]> {
      const { dns, ref } = await access.zoneRef(canonicalName(input.zone));
      return dns.getRecords(ref);
    },
    async dnsCountRecords(input: { zone: string }): Promise<ZoneSummary> {
      const { dns, ref, provider } = await access.zoneRef(canonicalName(input.zone));
      return { zone: ref.name, provider: provider as ZoneSummary['provider'], records: (await dns.getRecords(ref)).length };
    },
    /**
     * Applies one batch of changes: the provider's batch endpoint when it has one (all or nothing),
     * else one idempotent set/delete per (name, type).
     */
    async dnsApply(input: { zone: string; changes: Change[] }): Promise<{ applied: number; calls: number }> {
      const { dns, ref, provider } = await access.zoneRef(canonicalName(input.zone));
      if (input.changes.length === 0) return { applied: 0, calls: 0 };
      const done = (r: { applied: number; calls: number }) => (rememberChanges(deps.inventory, ref.name, provider, input.changes), r);
      if (dns.applyBatch) {
        // A retried batch may have been applied by the attempt before: it re-plans from a fresh read.
        await dns.applyBatch(ref, input.changes.map((c) => ({ name: c.name, type: c.type, before: c.before, after: c.after })), { fresh: attempt() > 1 });
        return done({ applied: input.changes.length, calls: 1 });
      }
      // One call per set, the cursor in the heartbeat: a retry after a crash starts where the last
      // attempt got to (each set is idempotent, so redoing the one in flight is harmless).
      const from = resumeFrom<{ next: number }>()?.next ?? 0;
      for (let i = from; i < input.changes.length; i++) {
        const c = input.changes[i];
        if (c.after.length === 0) await dns.deleteRecords(ref, c.name, c.type);
        else await dns.setRecords(ref, { name: c.name, type: c.type, records: c.after });
        reportProgress({ next: i + 1 });
      }
      return done({ applied: input.changes.length, calls: input.changes.length - from });
    },
  };
}

/** This activity's attempt (1 outside an activity, e.g. a direct call in a test). */
function attempt(): number {
  try {
    return Context.current().info.attempt;
  } catch {
    return 1;
  }
}
