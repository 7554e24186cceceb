/**
 * The run's context every command receives (the injected deps and one lazily connected client),
 * and the exit-with-code error. No zod here: `fazt --help` loads this and commander only.
 */
import type { InfraClient } from '../client/api';
import type { CliDeps } from './deps';

export interface CliContext {
  deps: CliDeps;
  /** The client, connected on first use and reused for the rest of the run. */
  client(): Promise<InfraClient>;
  /** Closes the client if it was opened. */
  close(): Promise<void>;
}

export function createContext(deps: CliDeps): CliContext {
  let pending: Promise<InfraClient> | undefined;
  return {
    deps,
    client: () => (pending ??= deps.client()),
    close: async () => {
      if (!pending) return;
      const c = await pending.catch(() => undefined);
      pending = undefined;
      await c?.close();
    },
  };
}

/** Thrown by an action to end the run with a given exit code and no error text (e.g. `vps exec`). */
export class CliExit extends Error {
  constructor(readonly exitCode: number) {
    super(`exit ${exitCode}`);
    this.name = 'CliExit';
  }
}
