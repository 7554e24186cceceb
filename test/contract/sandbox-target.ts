/** Starts one provider's simulator and builds that provider's real adapter against it over HTTP. */
import { providerDescriptor } from '../../src/providers/registry';
import type { ProviderInstance } from '../../src/providers/types';
import { startSandbox, type Sandbox } from '../../src/sandbox';

export interface SandboxTarget {
  sandbox: Sandbox;
  instance: ProviderInstance;
}

export async function sandboxTarget(name: string): Promise<SandboxTarget> {
  const sandbox = await startSandbox({ providers: [name], hosts: false, dns: false, bootMs: 200, actionMs: 50, tokens: { [name]: ['test-token'] } });
  const instance = providerDescriptor(name).create({ token: 'test-token', endpoint: sandbox.urls[name] });
  return { sandbox, instance };
}

export { eventually } from '../helpers/eventually';
