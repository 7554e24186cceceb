/** {@link SshKeyProvider} for Vultr: idempotent by name, since Vultr itself allows duplicate names. */
import { InfraError } from '../../domain/errors';
import type { SshKey } from '../../domain/types';
import type { SshKeyProvider } from '../types';
import type { VultrApi } from './api';
import { sameKey, toSshKey } from './convert';

export class VultrSshKeys implements SshKeyProvider {
  constructor(private readonly api: VultrApi) {}

  async listKeys(): Promise<SshKey[]> {
    return (await this.api.listSshKeys()).map(toSshKey);
  }

  async addKey(name: string, publicKey: string): Promise<SshKey> {
    const existing = (await this.api.listSshKeys()).find((k) => k.name === name);
    if (existing) {
      if (sameKey(existing.ssh_key, publicKey)) return toSshKey(existing);
      throw new InfraError('INFRA_CONFLICT', `vultr: an SSH key named "${name}" already exists with a different public key`,
        { provider: 'vultr', providerCode: 'duplicate', retryable: false });
    }
    return toSshKey(await this.api.createSshKey(name, publicKey.trim()));
  }

  async removeKey(name: string): Promise<void> {
    const matches = (await this.api.listSshKeys()).filter((k) => k.name === name);
    for (const k of matches) await this.api.deleteSshKey(k.id);
  }
}
