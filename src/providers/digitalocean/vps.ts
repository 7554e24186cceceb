/** DigitalOcean droplets as a {@link VpsProvider} and account keys as an {@link SshKeyProvider}. */
import { InfraError, invalidInput } from '../../domain/errors';
import type { CreateServerRequest, Region, Server, ServerType, SshKey } from '../../domain/types';
import type { SshKeyProvider, VpsProvider } from '../types';
import type { DoApi } from './api';
import { PROVIDER } from './errors';
import { imageSlug, knownRegion, MANAGED_TAG, operationTag, toRegion, toServer, toServerType, toSshKey } from './convert';
import { descriptor } from './descriptor';

/** DO's user_data limit (plain text, no encoding). */
export const MAX_USER_DATA_BYTES = descriptor.capabilities.maxUserDataBytes;
const HOSTNAME = /^[a-zA-Z0-9]?[a-zA-Z0-9.-]*[a-zA-Z0-9]$/;
const FINGERPRINT = /^[0-9a-f]{2}(:[0-9a-f]{2}){15}$/i;

/** Droplet ids are integers; anything else cannot exist at DO. */
function dropletId(providerId: string): number | null {
  return /^\d{1,15}$/.test(providerId) ? Number(providerId) : null;
}

export function createVps(api: DoApi): VpsProvider {
  return {
    async types(): Promise<ServerType[]> {
      return (await api.sizes()).filter((s) => s.available).map(toServerType);
    },
    async regions(): Promise<Region[]> {
      return (await api.regions()).filter((r) => r.available && knownRegion(r)).map(toRegion);
    },
    async listManaged(): Promise<Server[]> {
      return (await api.droplets(MANAGED_TAG)).map(toServer);
    },
    async findByOperation(operationId: string): Promise<Server | null> {
      const found = await api.droplets(operationTag(operationId));
      // Oldest first: if a create ever raced, callers keep converging on the same droplet.
      const first = [...found].sort((a, b) => a.id - b.id)[0];
      return first ? toServer(first) : null;
    },
    async get(providerId: string): Promise<Server | null> {
      const id = dropletId(providerId);
      if (id === null) return null;
      const d = await api.droplet(id);
      return d ? toServer(d) : null;
    },
    async findByName(name: string): Promise<Server | null> {
      // dots-wrapper has no `name` filter on listDroplets, so the name is matched here.
      const d = (await api.droplets()).filter((x) => x.name === name).sort((a, b) => a.id - b.id)[0];
      return d ? toServer(d) : null;
    },
    async create(req: CreateServerRequest): Promise<Server> {
      if (!HOSTNAME.test(req.name) || req.name.length > 255) {
        throw invalidInput(`Server name "${req.name}" is not a valid hostname (a-z, A-Z, 0-9, . and -)`);
      }
      if (req.userData !== undefined && Buffer.byteLength(req.userData, 'utf8') > MAX_USER_DATA_BYTES) {
        throw invalidInput(`user_data is ${Buffer.byteLength(req.userData, 'utf8')} bytes; DigitalOcean accepts at most ${MAX_USER_DATA_BYTES}`);
      }
      const tags = [MANAGED_TAG, operationTag(req.operationId)];
      const sshKeys = await resolveKeys(api, req.sshKeys);
      const d = await api.createDroplet({
        name: req.name, size: req.type, region: req.region, image: imageSlug(req.image), ssh_keys: sshKeys, tags,
        ipv6: req.ipv6 ?? true, ...(req.userData !== undefined ? { user_data: req.userData } : {}),
      });
      return toServer(d);
    },
    async reboot(providerId: string): Promise<void> {
      const id = dropletId(providerId);
      if (id === null) throw new InfraError('INFRA_NOT_FOUND', `${PROVIDER}: droplet ${providerId} not found`, { provider: PROVIDER, providerCode: 'not_found' });
      await api.rebootDroplet(id);
    },
    async destroy(providerId: string): Promise<void> {
      const id = dropletId(providerId);
      if (id === null) return;
      try {
        await api.deleteDroplet(id);
      } catch (err) {
        if (err instanceof InfraError && err.code === 'INFRA_NOT_FOUND') return;
        throw err;
      }
    },
  };
}

/** DO takes key IDs or fingerprints; names are looked up once per create. */
async function resolveKeys(api: DoApi, refs: string[]): Promise<Array<string | number>> {
  if (refs.length === 0) return [];
  const needLookup = refs.some((r) => !/^\d+$/.test(r) && !FINGERPRINT.test(r));
  const keys = needLookup ? await api.sshKeys() : [];
  return refs.map((ref) => {
    if (/^\d+$/.test(ref)) return Number(ref);
    if (FINGERPRINT.test(ref)) return ref.toLowerCase();
    const k = keys.find((x) => x.name === ref);
    if (!k) throw invalidInput(`No SSH key named "${ref}" at DigitalOcean`, { valid: keys.map((x) => x.name) });
    return k.id;
  });
}

/** `type base64` of an OpenSSH public key line, for comparing keys regardless of comment. */
function keyBody(publicKey: string): string {
  return publicKey.trim().split(/\s+/).slice(0, 2).join(' ');
}

export function createSshKeys(api: DoApi): SshKeyProvider {
  return {
    async listKeys(): Promise<SshKey[]> {
      return (await api.sshKeys()).map(toSshKey);
    },
    async addKey(name: string, publicKey: string): Promise<SshKey> {
      if (!name.trim()) throw invalidInput('SSH key name must not be empty');
      const existing = (await api.sshKeys()).find((k) => k.name === name);
      if (existing) {
        if (keyBody(existing.public_key) === keyBody(publicKey)) return toSshKey(existing);
        throw new InfraError('INFRA_CONFLICT', `${PROVIDER}: an SSH key named "${name}" already exists with a different public key`,
          { provider: PROVIDER, providerCode: 'already_exists', retryable: false });
      }
      return toSshKey(await api.createSshKey(name, publicKey.trim()));
    },
    async removeKey(name: string): Promise<void> {
      for (const k of (await api.sshKeys()).filter((x) => x.name === name)) {
        try {
          await api.deleteSshKey(k.id);
        } catch (err) {
          if (!(err instanceof InfraError && err.code === 'INFRA_NOT_FOUND')) throw err;
        }
      }
    },
  };
}
