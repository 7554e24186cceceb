/** VpsProvider and SshKeyProvider over the Hetzner Cloud API. */
import { InfraError, invalidInput } from '../../domain/errors';
import type { CreateServerRequest, Region, Server, ServerType, SshKey } from '../../domain/types';
import type { SshKeyProvider, VpsProvider } from '../types';
import { orNull, type HetznerApi } from './api';
import {
  createServerToWire, MANAGED_SELECTOR, OPERATION_LABEL, regionToDomain, serverToDomain, serverTypeToDomain, sshKeyToDomain,
} from './convert';
import { descriptor } from './descriptor';

/** Hetzner's user_data limit. */
export const MAX_USER_DATA_BYTES = descriptor.capabilities.maxUserDataBytes;

export class HetznerVps implements VpsProvider {
  constructor(private readonly api: HetznerApi) {}

  async types(): Promise<ServerType[]> {
    return (await this.api.serverTypes()).filter((t) => !t.deprecated).map(serverTypeToDomain);
  }

  async regions(): Promise<Region[]> {
    return (await this.api.locations()).map(regionToDomain);
  }

  async listManaged(): Promise<Server[]> {
    return (await this.api.servers({ label_selector: MANAGED_SELECTOR })).map(serverToDomain);
  }

  /** A server being deleted does not count: a re-run must create a new one. */
  async findByOperation(operationId: string): Promise<Server | null> {
    const list = await this.api.servers({ label_selector: `${MANAGED_SELECTOR},${OPERATION_LABEL}=${operationId}` });
    return list.map(serverToDomain).find((s) => s.status !== 'deleting') ?? null;
  }

  async get(providerId: string): Promise<Server | null> {
    if (!/^\d+$/.test(providerId)) return null;
    const s = await orNull(this.api.server(providerId));
    return s ? serverToDomain(s) : null;
  }

  async findByName(name: string): Promise<Server | null> {
    const [s] = await this.api.servers({ name });
    return s ? serverToDomain(s) : null;
  }

  async create(req: CreateServerRequest): Promise<Server> {
    if (req.userData !== undefined && Buffer.byteLength(req.userData, 'utf8') > MAX_USER_DATA_BYTES) {
      throw invalidInput(`hetzner: user data is ${Buffer.byteLength(req.userData, 'utf8')} bytes; the limit is ${MAX_USER_DATA_BYTES}`);
    }
    return serverToDomain(await this.api.createServer(createServerToWire(req)));
  }

  async reboot(providerId: string): Promise<void> {
    if (!/^\d+$/.test(providerId)) throw new InfraError('INFRA_NOT_FOUND', `hetzner: server ${providerId} not found`, { provider: 'hetzner' });
    await this.api.serverAction(providerId, 'reboot');
  }

  async destroy(providerId: string): Promise<void> {
    const s = await this.get(providerId);
    if (!s || s.status === 'deleting') return;
    if (s.deleteProtected) {
      throw new InfraError('INFRA_CONFLICT', `hetzner: server ${s.name} has delete protection on; turn it off in the Hetzner console first`,
        { provider: 'hetzner', providerCode: 'protected', retryable: false });
    }
    await orNull(this.api.deleteServer(providerId));
  }
}

/** The public key's type and blob, ignoring the comment, for "same key" checks. */
function keyBody(publicKey: string): string {
  return publicKey.trim().split(/\s+/).slice(0, 2).join(' ');
}

export class HetznerSshKeys implements SshKeyProvider {
  constructor(private readonly api: HetznerApi) {}

  async listKeys(): Promise<SshKey[]> {
    return (await this.api.sshKeys()).map(sshKeyToDomain);
  }

  async addKey(name: string, publicKey: string): Promise<SshKey> {
    const [existing] = await this.api.sshKeys(name);
    if (existing) {
      if (keyBody(existing.public_key) === keyBody(publicKey)) return sshKeyToDomain(existing);
      throw new InfraError('INFRA_CONFLICT', `hetzner: an SSH key named "${name}" exists with a different public key`,
        { provider: 'hetzner', providerCode: 'uniqueness_error', retryable: false });
    }
    return sshKeyToDomain(await this.api.createSshKey(name, publicKey.trim()));
  }

  async removeKey(name: string): Promise<void> {
    const [existing] = await this.api.sshKeys(name);
    if (existing) await orNull(this.api.deleteSshKey(existing.id));
  }
}
