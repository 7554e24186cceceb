/**
 * Which requests go first when the budget is short. A person waiting at the CLI for `vps list`
 * should not queue behind fifty creates: the worker's read socket runs its reads inside
 * {@link asRead}, and every provider request made in that async context asks the pacer as a read
 * (it needs one token where a write needs the reserve as well, and waits ahead of writes).
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { Priority } from './bucket';

const current = new AsyncLocalStorage<Priority>();

/** Runs `fn` with its provider requests paced as reads. */
export function asRead<T>(fn: () => Promise<T>): Promise<T> {
  return current.run('read', fn);
}

/** The priority of a request made now: `read` inside {@link asRead}, else `write`. */
export function currentPriority(): Priority {
  return current.getStore() ?? 'write';
}
