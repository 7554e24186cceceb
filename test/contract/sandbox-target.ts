/**
 * What the contract suites run against: a provider's real adapter, however it was built. Here the
 * sandbox (every test run: the provider's simulator over HTTP on loopback); test/live builds the
 * same from a real account's token.
 */
import { providerDescriptor } from '../../src/providers/registry';
import type { ProviderInstance } from '../../src/providers/types';
import { startSandbox, type Sandbox } from '../../src/sandbox';
import { eventually } from '../helpers/eventually';

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

/**
 * The sandbox dressed as someone's live account, to rehearse the options test/live uses before
 * anyone spends money: the user's zone (with records at its apex) and one server of theirs exist
 * before the suite starts, and when the suite lets go, exactly those must be left.
 */
export function sandboxAsLiveAccount(name: string, own: { zone?: string; server?: { type: string; region: string; image: string } }): ContractTargetFactory {
  return async () => {
    const t = await sandboxTarget(name)();
    const dns = t.instance.dns;
    const vps = t.instance.vps;
    const zone = own.zone && dns ? await dns.createZone(own.zone) : undefined;
    if (zone) {
      await dns!.setRecords(zone, { name: '@', type: 'A', records: [{ type: 'A', name: '@', content: '192.0.2.200', ttl: 3600 }] });
      await dns!.setRecords(zone, { name: '@', type: 'TXT', records: [{ type: 'TXT', name: '@', content: 'the user owns this', ttl: 3600 }] });
    }
    const records = zone ? await dns!.getRecords(zone) : [];
    const server = own.server && vps ? await vps.create({ ...own.server, name: 'users-own-server', operationId: 'users-own-op', sshKeys: [] }) : undefined;
    return {
      ...t,
      cleanup: async () => {
        try {
          if (zone) expect(await dns!.getRecords(zone)).toEqual(records);
          if (server) {
            await eventually(async () => (await vps!.listManaged()).length === 1);
            expect((await vps!.listManaged()).map((s) => s.providerId)).toEqual([server.providerId]);
          }
        } finally {
          await t.cleanup();
        }
      },
    };
  };
}

export { eventually } from '../helpers/eventually';
