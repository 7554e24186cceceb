/**
 * Domain reads and the free changes: check, search, list, get (one activity each, so every
 * surface goes through Temporal and the audit trail), update (auto-renew) and transfer.
 */
import { upsertSearchAttributes } from '@temporalio/workflow';
import type { DomainCheck, OwnedDomain, RegistrarProgress, TransferDomainRequest } from '../domain/domains';
import { findProvider } from '../domain/providers';
import { SEARCH_ATTRIBUTES } from '../shared/constants';
import { infraFailure } from './operation';
import { bookkeeping, reads, writes } from './proxies';

export type DomainReadInput =
  | { call: 'check'; domains: string[]; provider?: string }
  | { call: 'search'; query: string; extensions?: string[]; limit?: number; provider?: string }
  | { call: 'list'; provider?: string }
  | { call: 'get'; domain: string; provider?: string };

export async function domainRead(input: DomainReadInput): Promise<DomainCheck[] | OwnedDomain[] | OwnedDomain> {
  const provider = await bookkeeping.chooseProvider({ kind: 'domain', provider: input.provider });
  const r = reads(provider);
  switch (input.call) {
    case 'check':
      return r.domainCheck({ provider, domains: input.domains });
    case 'search':
      return r.domainSearch({ provider, query: input.query, extensions: input.extensions, limit: input.limit });
    case 'list':
      return r.domainList({ provider });
    case 'get': {
      const d = await r.domainGet({ provider, domain: input.domain });
      if (!d) throw infraFailure('INFRA_NOT_FOUND', `${input.domain} is not registered in your ${provider} account`);
      return d;
    }
  }
}

/** Auto-renew on or off; free, so no confirmation. */
export async function updateDomain(input: { domain: string; autoRenew: boolean; provider?: string }): Promise<OwnedDomain> {
  const provider = await bookkeeping.chooseProvider({ kind: 'domain', provider: input.provider });
  upsertSearchAttributes({ [SEARCH_ATTRIBUTES.provider]: [provider], [SEARCH_ATTRIBUTES.operation]: ['domain.update'], [SEARCH_ATTRIBUTES.zone]: [input.domain] });
  const owned = await reads(provider).domainGet({ provider, domain: input.domain });
  if (!owned) throw infraFailure('INFRA_NOT_FOUND', `${input.domain} is not registered in your ${provider} account`);
  const progress: RegistrarProgress = await writes(provider).domainUpdate({ provider, domain: input.domain, autoRenew: input.autoRenew });
  if (progress.state === 'failed') throw infraFailure('INFRA_PROVIDER_ERROR', `${provider} could not update ${input.domain}: ${progress.error?.message ?? 'failed'}`);
  return { ...owned, autoRenew: input.autoRenew };
}

/**
 * Transfer-in. Where the registrar's API has no transfer-in (capabilities data), a typed
 * INFRA_NOT_SUPPORTED naming the dashboard step, before any provider call.
 */
export async function transferDomain(input: TransferDomainRequest): Promise<RegistrarProgress> {
  const provider = await bookkeeping.chooseProvider({ kind: 'domain', provider: input.provider });
  const caps = findProvider(provider)?.registrar;
  if (!caps?.transferIn) {
    throw infraFailure('INFRA_NOT_SUPPORTED', `${findProvider(provider)?.displayName ?? provider}'s API cannot transfer ${input.domain} in. ${caps?.transferSteps ?? 'Use the registrar dashboard'}.`, { provider });
  }
  return writes(provider).domainTransfer({ provider, domain: input.domain, authCode: input.authCode, ...(input.registrant ? { registrant: input.registrant } : {}) });
}
