/**
 * What the contract suites run against: a provider's real adapter, however it was built. Here the
 * sandbox (every test run: the provider's simulator over HTTP on loopback); test/live builds the
 * same from a real account's token.
 */
import { providerDescriptor } from '../../src/providers/registry';
import type { ProviderInstance } from '../../src/providers/types';
import { startSandbox, type Sandbox } from '../../src/sandbox';

export interface ContractTarget {
  instance: ProviderInstance;
  /** The same provider and endpoint with another token (the rejected-token check). */
  withToken(token: string): ProviderInstance;
  /** Stops what the factory started. What the suite created, the suite deletes itself. */
  cleanup(): Promise<void>;
}

/** Called once per suite, in its beforeAll. */
export type ContractTargetFactory = () => Promise<ContractTarget>;

/** The provider's simulator alone (no hosts, no DNS servers), fast boots, one accepted token. */
export function sandboxTarget(name: string): ContractTargetFactory {
  return async () => {
    const sandbox: Sandbox = await startSandbox({ providers: [name], hosts: false, dns: false, bootMs: 200, actionMs: 50, tokens: { [name]: ['test-token'] } });
    const endpoint = sandbox.urls[name];
    return {
      instance: providerDescriptor(name).create({ token: 'test-token', endpoint }),
      withToken: (token) => providerDescriptor(name).create({ token, endpoint }),
      cleanup: () => sandbox.stop(),
    };
  };
}

export { eventually } from '../helpers/eventually';
