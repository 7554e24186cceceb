/**
 * `fazt doctor`'s provider check, run in the worker (where the credentials are): one cheap
 * authenticated read per configured provider and kind, whether it worked (token valid, endpoint
 * reachable) and the request budget the provider's rate-limit headers say is left. The endpoint is
 * configuration, not a secret; the token never leaves this function.
 */
import { InfraError, fromFailure } from '../domain/errors';
import { providerDescriptor } from '../providers/registry';
import { accountLimiter } from '../providers/rate-limiter';
import { ProviderAccess } from './context';
import type { ActivityDeps, CredentialKind } from './deps';

export interface ProviderHealth {
  kind: CredentialKind;
  provider: string;
  endpoint: string;
  ok: boolean;
  /** Milliseconds the check call took. */
  ms: number;
  error?: { code: string; message: string; hint?: string };
  /** From the provider's rate-limit headers (null when it sends none). */
  rate: { remaining: number | null; resetAt: string | null };
}

export function healthActivities(deps: ActivityDeps) {
  const access = new ProviderAccess(deps);
  return {
    async providerHealth(input: { kind: CredentialKind; provider: string }): Promise<ProviderHealth> {
      const { kind, provider } = input;
      const d = providerDescriptor(provider);
      if (!d.kinds.includes(kind)) throw new InfraError('INFRA_INVALID_INPUT', `${provider} does not serve ${kind}`);
      const cred = deps.credential(kind, provider);
      const endpoint = (cred.endpoint ?? d.defaultEndpoint).replace(/\/+$/, '');
      const started = Date.now();
      let error: ProviderHealth['error'];
      try {
        if (kind === 'vps') await access.vps(provider).regions();
        else await access.dns(provider).listZones();
      } catch (err) {
        const e = fromFailure(err);
        error = { code: e.code, message: e.message, ...(e.hint ? { hint: e.hint } : {}) };
      }
      const snap = accountLimiter(provider, endpoint, cred.token).snapshot();
      return {
        kind, provider, endpoint, ok: !error, ms: Date.now() - started, ...(error ? { error } : {}),
        rate: { remaining: snap.remaining, resetAt: snap.resetAt ? new Date(snap.resetAt).toISOString() : null },
      };
    },
  };
}
