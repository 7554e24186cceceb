/**
 * The one activity factory (style rule 2). Workflows see only its type:
 * `proxyActivities<InfraActivities>(...)`. Every activity's errors leave as ApplicationFailures
 * typed with an INFRA_* code, carrying retryable-ness and the provider's retry delay.
 */
import { toFailure } from '../domain/errors';
import { configActivities } from './config';
import type { ActivityDeps } from './deps';
import { dnsActivities } from './dns';
import { domainActivities } from './domains';
import { probeActivities } from './probes';
import { sshKeyActivities } from './ssh-keys';
import { vpsActivities } from './vps';

export type { ActivityDeps } from './deps';

function withFailures<T extends Record<string, (input: any) => Promise<any>>>(fns: T): T {
  const out: Record<string, (input: any) => Promise<any>> = {};
  for (const [name, fn] of Object.entries(fns)) {
    out[name] = async (input: any) => {
      try {
        return await fn(input);
      } catch (err) {
        throw toFailure(err);
      }
    };
  }
  return out as T;
}

export function createActivities(deps: ActivityDeps) {
  return withFailures({
    ...configActivities(deps),
    ...vpsActivities(deps),
    ...sshKeyActivities(deps),
    ...probeActivities(deps),
    ...dnsActivities(deps),
    ...domainActivities(deps),
  });
}

export type InfraActivities = ReturnType<typeof createActivities>;
