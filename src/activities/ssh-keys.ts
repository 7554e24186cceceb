/** SSH keys at providers (no local key storage), plus the worker's own login key. */
import { createHash } from 'node:crypto';
import { InfraError } from '../domain/errors';
import type { SshKey } from '../domain/types';
import { ProviderAccess } from './context';
import type { ActivityDeps } from './deps';

/** Name under which the worker's key is registered: stable per key, so re-registration is a no-op. */
export function workerKeyName(publicKey: string): string {
  const blob = publicKey.trim().split(/\s+/)[1] ?? publicKey;
  return `fazt-worker-${createHash('sha256').update(blob).digest('hex').slice(0, 10)}`;
}

export function sshKeyActivities(deps: ActivityDeps) {
  const access = new ProviderAccess(deps);
  return {
    async sshKeysList(input: { provider: string }): Promise<SshKey[]> {
      return access.sshKeys(input.provider).listKeys();
    },
    async sshKeyAdd(input: { provider: string; name: string; publicKey: string }): Promise<SshKey> {
      return access.sshKeys(input.provider).addKey(input.name, input.publicKey);
    },
    async sshKeyRemove(input: { provider: string; name: string }): Promise<void> {
      await access.sshKeys(input.provider).removeKey(input.name);
    },
    /** Registers the worker's public key at the provider (idempotent); returns its key name. */
    async registerWorkerKey(input: { provider: string }): Promise<string> {
      const pub = deps.ssh.workerPublicKey();
      const name = workerKeyName(pub);
      const keys = access.sshKeys(input.provider);
      try {
        await keys.addKey(name, pub);
      } catch (err) {
        // Concurrent flows register the same key: each looks, finds nothing, and creates; the
        // provider refuses all but one as a duplicate name. The key is there now, so looking again
        // finds it (and still refuses a same-named key with another body).
        if (!(err instanceof InfraError && err.code === 'INFRA_CONFLICT')) throw err;
        await keys.addKey(name, pub);
      }
      return name;
    },
  };
}
