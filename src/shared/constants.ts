/** Names shared by the worker, the client and the workflows. Pure: safe to import from workflows. */

/** Task queue for workflows and activities that call no provider (SSH, DNS lookups, config). */
export const TASK_QUEUE = 'fazt-infra';

/**
 * One task queue per provider: its activities run where that provider's requests are paced
 * (src/providers/rate-limiter.ts, one budget per account for every worker process on the host).
 */
export function providerTaskQueue(provider: string, base: string = TASK_QUEUE): string {
  return `${base}-${provider}`;
}

/** Custom search attributes, registered on the dev server and in docker-compose. */
export const SEARCH_ATTRIBUTES = {
  provider: 'FaztProvider',
  operation: 'FaztOperation',
  server: 'FaztServer',
  zone: 'FaztZone',
  awaiting: 'FaztAwaiting',
} as const;

export const DEFAULT_NAMESPACE = 'default';
