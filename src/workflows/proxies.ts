/** Activity proxies: provider calls go to that provider's task queue (where its requests are paced). */
import { patched, proxyActivities, workflowInfo } from '@temporalio/workflow';
import type { ActivityOptions } from '@temporalio/workflow';
import type { InfraActivities } from '../activities';
import { providerTaskQueue } from '../shared/constants';
import { BOOKKEEPING, execActivityOptions, HEARTBEAT_TIMEOUT, PROBE, PROVIDER_READ, PROVIDER_WRITE } from './options';

/**
 * A preset with the heartbeat timeout, decided when an activity is scheduled: flows recorded
 * before heartbeat timeouts existed replay their activities with the options they had (the patch
 * marker is absent there); everything scheduled from now on gets it.
 */
function heartbeating(preset: ActivityOptions): ActivityOptions {
  return patched('activity-heartbeat-timeout') ? { ...preset, heartbeatTimeout: HEARTBEAT_TIMEOUT } : preset;
}

/** Activities whose options are chosen at each call (`patched()` may only run inside a workflow). */
function scheduledWith(options: () => ActivityOptions): InfraActivities {
  return new Proxy({} as InfraActivities, {
    get: (_target, name) => {
      if (typeof name !== 'string') return undefined;
      return (input: unknown) => (proxyActivities<InfraActivities>(options())[name as keyof InfraActivities] as (i: unknown) => Promise<unknown>)(input);
    },
  });
}

/** Config reads and zone mapping on the worker's own queue (ordinary activities, no provider). */
export const bookkeeping = scheduledWith(() => heartbeating(BOOKKEEPING));
export const probes = scheduledWith(() => heartbeating(PROBE));

/** The user's-command activity (`sshExec`): at most once, limited by the requested timeout. */
export function commands(timeoutMs: number): InfraActivities {
  return proxyActivities<InfraActivities>(execActivityOptions(timeoutMs));
}

function onProviderQueue(provider: string, preset: ActivityOptions): InfraActivities {
  return scheduledWith(() => ({ ...heartbeating(preset), taskQueue: providerTaskQueue(provider, workflowInfo().taskQueue) }));
}

/** Reads at `provider`. */
export function reads(provider: string): InfraActivities {
  return onProviderQueue(provider, PROVIDER_READ);
}

/** Writes at `provider`. */
export function writes(provider: string): InfraActivities {
  return onProviderQueue(provider, PROVIDER_WRITE);
}
