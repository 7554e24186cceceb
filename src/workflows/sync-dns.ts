/**
 * DNS changes as plan → (confirm when unsafe) → apply in batches. Used by `dns.set`, `dns.delete`
 * and `dns.setMany`. Each batch is its own activity, so a crash resumes at the next batch and a
 * re-run re-plans against what is already there (nothing applied twice).
 */
import { patched, upsertSearchAttributes } from '@temporalio/workflow';
import { describePlan, planDnsChanges, splitIntoBatches, type Change } from '../domain/dns-plan';
import type { DnsRecord } from '../domain/types';
import { recordInputSchema, withRecordDefaults, zoneSchema, type RecordInput, type RecordRef } from '../domain/validate';
import { SEARCH_ATTRIBUTES } from '../shared/constants';
import { pure, validated } from './failures';
import { Operation, infraFailure } from './operation';
import { DEFAULT_CONFIRMATION_TIMEOUT } from './options';
import { bookkeeping, reads, writes } from './proxies';
import { PROXYING_PROVIDERS, nameList } from '../domain/providers';
import { dnsDelete, dnsSet, dnsSetMany } from '../operations/catalogue';

export interface SyncDnsInput {
  zone: string;
  /** Parsed at the client (records, or record references for `remove`); re-checked here. */
  records: Array<RecordInput | RecordRef>;
  /** upsert (set, setMany), sync (setMany --prune), remove (delete). @default 'upsert' */
  mode?: 'upsert' | 'sync' | 'remove';
  dryRun?: boolean;
  /** Skip the confirmation of an unsafe plan (explicit force). */
  force?: boolean;
  confirmationTimeout?: string;
}

export interface SyncDnsResult {
  zone: string;
  changes: Change[];
  description: string;
  applied: boolean;
  unsafe: boolean;
  batches: number;
  calls: number;
  /** The records as asked for, with defaults applied (ttl, proxied). */
  desired: DnsRecord[];
}

export async function syncDnsRecords(input: SyncDnsInput): Promise<SyncDnsResult> {
  const op = new Operation((input.mode === 'remove' ? dnsDelete : input.records.length === 1 ? dnsSet : dnsSetMany).name);
  op.step('validate');
  const zone = validated(zoneSchema, input.zone, 'zone');
  upsertSearchAttributes({ [SEARCH_ATTRIBUTES.zone]: [zone], [SEARCH_ATTRIBUTES.operation]: [op.progress.operation] });
  const info = await bookkeeping.dnsZoneInfo({ zone });
  upsertSearchAttributes({ [SEARCH_ATTRIBUTES.provider]: [info.provider] });
  const desired: DnsRecord[] = input.records.map((raw, i) => {
    if (input.mode === 'remove') {
      const r = raw as { type: DnsRecord['type']; name: string; content?: string };
      return { type: r.type, name: (r.name || '@').toLowerCase(), content: r.content ?? '', ttl: 0 };
    }
    const r = validated(recordInputSchema, raw, `record ${i + 1}`);
    if (!info.recordTypes.includes(r.type)) throw infraFailure('INFRA_INVALID_INPUT', `${info.provider} does not support ${r.type} records`);
    if (r.ttl !== undefined && r.ttl !== 1 && r.ttl < info.minTtl) throw infraFailure('INFRA_INVALID_INPUT', `ttl ${r.ttl} is below ${info.provider}'s minimum of ${info.minTtl}`);
    if (r.ttl === 1 && !info.proxied) throw infraFailure('INFRA_INVALID_INPUT', `ttl 1 (automatic) is only for ${nameList(PROXYING_PROVIDERS)} zones`);
    return pure(() => withRecordDefaults(r, info.proxied));
  });

  op.step('plan');
  const existing = await reads(info.provider).dnsRecords({ zone });
  const plan = pure(() => planDnsChanges(zone, existing, desired, input.mode ?? 'upsert'));
  const result = { zone, changes: plan.changes, description: describePlan(plan), unsafe: plan.unsafeReason !== null, batches: 0, calls: 1, desired };
  if (input.dryRun || plan.changes.length === 0) {
    op.finish();
    return { ...result, applied: false };
  }

  if (plan.unsafeReason && !input.force) {
    op.step('confirm');
    const cfg = await bookkeeping.infraConfig();
    await op.confirm(dnsSetMany.name, `Apply an unsafe DNS plan to ${zone}: ${plan.unsafeReason}?`, {
      zone, reason: plan.unsafeReason, plan: describePlan(plan), planHash: plan.hash, changes: plan.changes.length,
    }, input.confirmationTimeout ?? cfg.settings.confirmationTimeout ?? DEFAULT_CONFIRMATION_TIMEOUT);
  }

  const batches = splitIntoBatches(plan.changes, info.maxBatchSize);
  let calls = result.calls;
  for (let i = 0; i < batches.length; i++) {
    op.step('apply', `batch ${i + 1}/${batches.length} (${batches[i].length} changes)`);
    const r = await writes(info.provider).dnsApply({ zone, changes: batches[i] });
    // Batches address records from the plan's read now (no read of their own); only the count differs.
    calls += r.calls + (patched('dns-batch-without-read') ? 0 : 1);
  }
  op.finish();
  return { ...result, applied: true, batches: batches.length, calls };
}
