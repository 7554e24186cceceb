/**
 * The one activity factory (style rule 2). Workflows see only its type:
 * `proxyActivities<InfraActivities>(...)`. Every activity's errors leave as ApplicationFailures
 * typed with an INFRA_* code, carrying retryable-ness and the provider's retry delay, and every
 * activity heartbeats while it runs (./heartbeat.ts).
 */
import { toFailure } from '../domain/errors';
import { configActivities } from './config';
import { decisionActivities } from './decisions';
import type { ActivityDeps } from './deps';
import { dnsActivities } from './dns';
import { healthActivities } from './health';
import { driftActivities } from './drift';
import { orphanActivities } from './orphans';
import { CancelledFailure, whileHeartbeating } from './heartbeat';
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
        return await whileHeartbeating(() => fn(input));
      } catch (err) {
        if (err instanceof CancelledFailure) throw err; // Temporal's own: the activity was canceled
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
    ...healthActivities(deps),
    ...decisionActivities(),
    ...driftActivities(deps),
    ...orphanActivities(deps),
    ...domainActivities(deps),
  });
}

export type InfraActivities = ReturnType<typeof createActivities>;
