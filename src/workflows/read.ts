/**
 * One provider or config read as a workflow, so every surface goes through Temporal (and the
 * audit trail) even for lists. Deterministic dispatch by activity name.
 */
import type { InfraActivities } from '../activities';
import { infraFailure } from './operation';
import { bookkeeping, reads, writes } from './proxies';

export const PROVIDER_READS = ['vpsTypes', 'vpsRegions', 'sshKeysList', 'dnsRecords', 'dnsCountRecords'] as const;
export const PROVIDER_WRITES = ['sshKeyAdd', 'sshKeyRemove', 'dnsAddZone'] as const;
const BOOKKEEPING_READS = ['infraConfig', 'dnsZoneInfo'] as const;

export type InfraCallName = (typeof PROVIDER_READS)[number] | (typeof PROVIDER_WRITES)[number] | (typeof BOOKKEEPING_READS)[number];

export interface InfraCallInput {
  activity: InfraCallName;
  input: Record<string, unknown> & { provider?: string };
  /** When `input.provider` is missing, the configured default of this kind is used. */
  kind?: 'vps' | 'dns';
}

export async function infraCall(input: InfraCallInput): Promise<unknown> {
  let call = input;
  const name = call.activity;
  const fn = (acts: InfraActivities) => (acts[name] as (arg: unknown) => Promise<unknown>)(call.input);
  if ((BOOKKEEPING_READS as readonly string[]).includes(name)) return fn(bookkeeping);
  const provider = call.input.provider ?? (call.kind ? await bookkeeping.chooseProvider({ kind: call.kind }) : undefined);
  if (!provider) throw infraFailure('INFRA_INVALID_INPUT', `${name} needs a provider`);
  call = { ...call, input: { ...call.input, provider } };
  if ((PROVIDER_READS as readonly string[]).includes(name)) return fn(reads(provider));
  if ((PROVIDER_WRITES as readonly string[]).includes(name)) return fn(writes(provider));
  throw infraFailure('INFRA_INVALID_INPUT', `Unknown call ${name}`);
}
