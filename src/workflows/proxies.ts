/** Activity proxies: provider calls go to that provider's task queue (where its requests are paced). */
import { proxyActivities, workflowInfo } from '@temporalio/workflow';
import type { ActivityOptions } from '@temporalio/workflow';
import type { InfraActivities } from '../activities';
import { providerTaskQueue } from '../shared/constants';
import { BOOKKEEPING, execActivityOptions, PROBE, PROVIDER_READ, PROVIDER_WRITE } from './options';

/** Config reads and zone mapping on the worker's own queue (ordinary activities, no provider). */
export const bookkeeping = proxyActivities<InfraActivities>(BOOKKEEPING);
export const probes = proxyActivities<InfraActivities>(PROBE);

/** The user's-command activity (`sshExec`): at most once, limited by the requested timeout. */
export function commands(timeoutMs: number): InfraActivities {
  return proxyActivities<InfraActivities>(execActivityOptions(timeoutMs));
}

function onProviderQueue(provider: string, preset: ActivityOptions): InfraActivities {
  return proxyActivities<InfraActivities>({ ...preset, taskQueue: providerTaskQueue(provider, workflowInfo().taskQueue) });
}

/** Reads at `provider`. */
export function reads(provider: string): InfraActivities {
  return onProviderQueue(provider, PROVIDER_READ);
}

/** Writes at `provider`. */
export function writes(provider: string): InfraActivities {
  return onProviderQueue(provider, PROVIDER_WRITE);
}
