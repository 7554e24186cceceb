/**
 * Domain activities at a registrar. Registrant data arrives in `domainRegister`'s input only and
 * goes to the provider; it is never logged, returned or put in an error. `domainRegister` looks
 * before it buys, so a retried attempt or a re-run after a lost response never orders twice.
 */
import { InfraError } from '../domain/errors';
import type { DomainCheck, OwnedDomain, Registrant, RegistrarProgress } from '../domain/domains';
import { ProviderAccess } from './context';
import type { ActivityDeps } from './deps';

export interface RegisterActivityInput {
  provider: string;
  domain: string;
  years: number;
  autoRenew: boolean;
  privacy: boolean;
  registrant?: Registrant;
}

/** What `domainRegister` did: `ordered: false` means the look-up found an earlier order. */
export interface RegisterOutcome {
  ordered: boolean;
  progress: RegistrarProgress;
}

export function domainActivities(deps: ActivityDeps) {
  const access = new ProviderAccess(deps);
  return {
    async domainCheck(input: { provider: string; domains: string[] }): Promise<DomainCheck[]> {
      return access.registrar(input.provider).check(input.domains);
    },
    async domainSearch(input: { provider: string; query: string; extensions?: string[]; limit?: number }): Promise<DomainCheck[]> {
      return access.registrar(input.provider).search(input.query, { extensions: input.extensions, limit: input.limit });
    },
    async domainList(input: { provider: string }): Promise<OwnedDomain[]> {
      return access.registrar(input.provider).list();
    },
    async domainGet(input: { provider: string; domain: string }): Promise<OwnedDomain | null> {
      return access.registrar(input.provider).get(input.domain);
    },
    async domainStatus(input: { provider: string; domain: string }): Promise<RegistrarProgress | null> {
      return access.registrar(input.provider).status(input.domain);
    },
    /**
     * Orders the registration unless one exists (pending or done): the look-up runs first on every
     * attempt. When the order itself is refused as a duplicate (an earlier attempt committed but
     * its answer was lost), the existing registration is returned instead.
     */
    async domainRegister(input: RegisterActivityInput): Promise<RegisterOutcome> {
      const reg = access.registrar(input.provider);
      const existing = await reg.status(input.domain);
      if (existing && existing.state !== 'failed') return { ordered: false, progress: existing };
      try {
        const { provider: _p, ...order } = input;
        return { ordered: true, progress: await reg.register(order) };
      } catch (err) {
        if (err instanceof InfraError && err.code === 'INFRA_CONFLICT') {
          const after = await reg.status(input.domain);
          if (after && after.state !== 'failed') return { ordered: false, progress: after };
        }
        throw err;
      }
    },
    async domainUpdate(input: { provider: string; domain: string; autoRenew: boolean }): Promise<RegistrarProgress> {
      return access.registrar(input.provider).update(input.domain, { autoRenew: input.autoRenew });
    },
    async domainTransfer(input: { provider: string; domain: string; authCode: string; registrant?: Registrant }): Promise<RegistrarProgress> {
      const { provider, ...req } = input;
      return access.registrar(provider).transfer(req);
    },
  };
}
