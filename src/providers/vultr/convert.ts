/**
 * Pure conversions between Vultr wire shapes and our domain shapes: image aliases → `os_id`,
 * base64 `user_data`, the managed and operation tags, status mapping, SSH key fingerprints.
 */
import { createHash } from 'node:crypto';
import { invalidInput } from '../../domain/errors';
import { serverId } from '../../domain/ids';
import type { CreateServerRequest, Region, Server, ServerStatus, ServerType, SshKey } from '../../domain/types';
import type { WireCreateInstance, WireInstance, WirePlan, WireRegion, WireSshKey } from './wire';
import { descriptor } from './descriptor';

/** Tag on every server we create; `listManaged` filters on it server-side. */
export const MANAGED_TAG = 'fazt-managed';
/** Prefix of the tag carrying the creating operation's id (`findByOperation` filters on it). */
export const OPERATION_TAG_PREFIX = 'fazt-op:';

/**
 * Largest `user_data` we send, in bytes after base64 encoding. Vultr documents that user_data must
 * be base64 (provider-api-notes §0 and §3.3) but the notes give no size; we assume the common
 * 64 KiB cloud-init metadata ceiling (65,535 bytes), the same figure the sandbox enforces.
 */
export const MAX_USER_DATA_BYTES = descriptor.capabilities.maxUserDataBytes;

/** Our neutral image ids → Vultr `os_id` (GET /os: Ubuntu 24.04 x64, Ubuntu 22.04 x64, Debian 12 x64). */
export const IMAGE_OS_IDS = {
  'ubuntu-24.04': 2284,
  'ubuntu-22.04': 1743,
  'debian-12': 2136,
} as const satisfies Record<string, number>;

export const operationTag = (operationId: string) => `${OPERATION_TAG_PREFIX}${operationId}`;

/** The `os_id` for an image alias, or a raw numeric `os_id`; INFRA_INVALID_INPUT otherwise. */
export function osIdFor(image: string): number {
  const alias = (IMAGE_OS_IDS as Record<string, number>)[image];
  if (alias !== undefined) return alias;
  if (/^\d+$/.test(image)) return Number(image);
  const valid = Object.keys(IMAGE_OS_IDS);
  throw invalidInput(`Unknown image "${image}" for vultr. Valid: ${valid.join(', ')} or a numeric os_id`, { valid });
}

/** Base64 `user_data`, refused when the encoded form exceeds {@link MAX_USER_DATA_BYTES}. */
export function encodeUserData(text: string): string {
  const encoded = Buffer.from(text, 'utf8').toString('base64');
  if (encoded.length > MAX_USER_DATA_BYTES) {
    throw invalidInput(`user_data is ${encoded.length} bytes after base64 encoding; Vultr accepts at most ${MAX_USER_DATA_BYTES}`,
      { bytes: encoded.length, max: MAX_USER_DATA_BYTES });
  }
  return encoded;
}

/** The POST /instances body; `sshKeyIds` are already-resolved Vultr key UUIDs. */
export function toCreateBody(req: CreateServerRequest, sshKeyIds: string[]): WireCreateInstance {
  const body: WireCreateInstance = {
    region: req.region,
    plan: req.type,
    os_id: osIdFor(req.image),
    label: req.name,
    hostname: req.name,
    tags: [MANAGED_TAG, operationTag(req.operationId)],
    enable_ipv6: req.ipv6 !== false,
  };
  if (sshKeyIds.length > 0) body.sshkey_id = sshKeyIds;
  if (req.userData) body.user_data = encodeUserData(req.userData);
  return body;
}

/** Vultr's three status fields → our status (VU-SPEC instance.status/power_status/server_status). */
export function toStatus(w: Pick<WireInstance, 'status' | 'power_status' | 'server_status'>): ServerStatus {
  if (w.status === 'pending' || w.status === 'resizing') return 'provisioning';
  if (w.status === 'suspended') return 'off';
  if (w.status !== 'active') return 'unknown';
  if (w.power_status === 'stopped') return 'off';
  return w.server_status === 'ok' ? 'running' : 'starting';
}

/** `monthlyCosts` maps plan id → monthly price (from GET /plans). */
export function toServer(w: WireInstance, monthlyCosts: ReadonlyMap<string, number>): Server {
  const tags = w.tags ?? [];
  const opTag = tags.find((t) => t.startsWith(OPERATION_TAG_PREFIX));
  const v6 = w.v6_main_ip || w.v6_networks?.[0]?.main_ip || '';
  return {
    id: serverId('vultr', w.id),
    provider: 'vultr',
    providerId: w.id,
    name: w.label,
    // Vultr reports 0.0.0.0 until the address is assigned.
    ip: w.main_ip && w.main_ip !== '0.0.0.0' ? w.main_ip : null,
    ipv6: v6 || null,
    status: toStatus(w),
    type: w.plan,
    region: w.region,
    createdAt: new Date(w.date_created).toISOString(),
    monthlyCost: monthlyCosts.get(w.plan) ?? null,
    operationId: opTag ? opTag.slice(OPERATION_TAG_PREFIX.length) : null,
    managed: tags.includes(MANAGED_TAG),
  };
}

export function toServerType(p: WirePlan): ServerType {
  return {
    id: p.id, vcpus: p.vcpu_count, ram: p.ram, disk: p.disk, price: p.monthly_cost, currency: descriptor.currency,
    regions: p.locations ?? undefined, description: p.type,
  };
}

export function toRegion(r: WireRegion): Region {
  return { id: r.id, name: r.city, country: r.country };
}

/** OpenSSH MD5 fingerprint (`aa:bb:...`) of a public key line; Vultr does not return one. */
export function fingerprintOf(publicKey: string): string {
  const blob = publicKey.trim().split(/\s+/)[1] ?? '';
  const hex = createHash('md5').update(Buffer.from(blob, 'base64')).digest('hex');
  return hex.match(/../g)!.join(':');
}

export function toSshKey(k: WireSshKey): SshKey {
  return { id: k.id, name: k.name, fingerprint: fingerprintOf(k.ssh_key), publicKey: k.ssh_key };
}

/** Same key material (type and blob), ignoring the comment and whitespace. */
export function sameKey(a: string, b: string): boolean {
  const norm = (k: string) => k.trim().split(/\s+/).slice(0, 2).join(' ');
  return norm(a) === norm(b);
}
