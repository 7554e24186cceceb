/**
 * Builds ActivityDeps for the worker from the real parts: the encrypted config store, the SSH
 * client (with the worker's own key and pinned host keys) and the propagation checker.
 */
import path from 'node:path';
import type { ActivityDeps } from '../activities/deps';
import type { ConfigStore } from '../config';
import * as ssh from '../ssh';
import { authoritativeServers, checkPropagation } from '../propagation';
import { Inventory, Reports } from '../inventory/store';

export interface RuntimeDepsOptions {
  store: ConfigStore;
  /** Where the worker keeps its SSH key and known hosts. */
  dataDir: string;
}

export function runtimeActivityDeps(opts: RuntimeDepsOptions): ActivityDeps {
  const { store } = opts;
  const key = ssh.ensureWorkerKey(path.join(opts.dataDir, 'ssh'));
  const knownHostsFile = path.join(opts.dataDir, 'ssh', 'known_hosts.json');
  const conn = (t: { host: string; port: number; username: string }) => ({ ...t, privateKey: key.privateKey, knownHostsFile });
  return {
    credential: (kind, provider) => {
      const c = store.resolveCredential(kind, provider);
      return { token: c.token, endpoint: c.endpoint, account: c.account };
    },
    configured: (kind) => store.configuredProviders(kind),
    defaultProvider: (kind) => store.defaultProvider(kind),
    zones: {
      list: () => store.zones().map((z) => ({ zone: z.zone, provider: z.provider, zoneId: z.zoneId })),
      add: (z) => {
        store.addZone(z.zone, z.provider, z.zoneId);
      },
    },
    settings: () => {
      const s = store.settings();
      return {
        ssh: s.ssh,
        resolvers: s.dns.resolvers.length ? s.dns.resolvers : ['8.8.8.8', '1.1.1.1', '9.9.9.9'],
        authoritative: s.dns.authoritative,
        confirmationTimeout: s.confirm.timeout,
      };
    },
    ssh: {
      exec: (t, command, o) => ssh.exec({ ...conn(t), command, timeoutMs: o.timeoutMs, maxOutputBytes: o.maxOutputBytes }),
      health: (t) => ssh.gatherHealth({ ...conn(t), timeoutMs: 20_000 }),
      cloudInit: (t) => ssh.cloudInitStatus({ ...conn(t), timeoutMs: 15_000 }),
      workerPublicKey: () => key.publicKey,
    },
    inventory: new Inventory(path.join(opts.dataDir, 'inventory.jsonl')),
    reports: new Reports(path.join(opts.dataDir, 'reports')),
    propagation: {
      authoritative: (fqdn) => authoritativeServers(fqdn),
      check: (input) => checkPropagation(input),
    },
  };
}
