/**
 * Pure conversions between DigitalOcean's wire shapes and the domain. Record names stay
 * zone-relative (`@` apex) on both sides; hostnames in record data gain DO's required trailing dot
 * on the way out and lose it on the way in, and DO's `@` data becomes the zone name.
 */
import { invalidInput } from '../../domain/errors';
import { serverId } from '../../domain/ids';
import { RECORD_TYPES, type DnsRecord, type RecordType, type Region, type Server, type ServerStatus, type ServerType, type SshKey } from '../../domain/types';
import type { DoDomainRecord, DoDroplet, DoRecordInput, DoRegion, DoSize, DoSshKey } from './wire';
import { descriptor } from './descriptor';

/** Tag on every droplet we create. */
export const MANAGED_TAG = 'fazt-managed';
/** Prefix of the tag carrying the operation id. */
export const OP_TAG_PREFIX = 'fazt-op:';
/** DO tag charset: letters, numbers, colons, dashes, underscores; ≤ 255 characters. */
const TAG = /^[a-zA-Z0-9_:-]{1,255}$/;

/** The `fazt-op:<operationId>` tag; throws INFRA_INVALID_INPUT when DO would refuse it. */
export function operationTag(operationId: string): string {
  const tag = `${OP_TAG_PREFIX}${operationId}`;
  if (!TAG.test(tag)) throw invalidInput(`Operation id "${operationId}" cannot be a DigitalOcean tag (letters, numbers, ":", "-", "_")`);
  return tag;
}

/** Our neutral image ids → DO public image slugs; anything else is passed through as a DO slug. */
export const IMAGE_ALIASES: Readonly<Record<string, string>> = {
  'ubuntu-24.04': 'ubuntu-24-04-x64',
  'ubuntu-22.04': 'ubuntu-22-04-x64',
  'debian-12': 'debian-12-x64',
  'debian-11': 'debian-11-x64',
};

export function imageSlug(image: string): string {
  return IMAGE_ALIASES[image] ?? image;
}

/** Country of each DO datacenter, by the letters of its slug. */
const REGION_COUNTRY: Readonly<Record<string, string>> = {
  nyc: 'US', sfo: 'US', atl: 'US', ric: 'US', ams: 'NL', sgp: 'SG', lon: 'GB', fra: 'DE', tor: 'CA', blr: 'IN', syd: 'AU',
};

const STATUS: Readonly<Record<string, ServerStatus>> = { new: 'provisioning', active: 'running', off: 'off', archive: 'off' };

export function toServer(d: DoDroplet): Server {
  const tags = d.tags ?? [];
  const op = tags.find((t) => t.startsWith(OP_TAG_PREFIX));
  return {
    id: serverId('digitalocean', String(d.id)),
    provider: 'digitalocean',
    providerId: String(d.id),
    name: d.name,
    ip: d.networks.v4.find((n) => n.type === 'public')?.ip_address ?? null,
    ipv6: d.networks.v6.find((n) => n.type === 'public')?.ip_address ?? null,
    status: STATUS[d.status] ?? 'unknown',
    type: d.size_slug,
    region: d.region.slug,
    createdAt: new Date(d.created_at).toISOString(),
    monthlyCost: d.size?.price_monthly ?? null,
    operationId: op ? op.slice(OP_TAG_PREFIX.length) : null,
    managed: tags.includes(MANAGED_TAG),
  };
}

export function toServerType(s: DoSize): ServerType {
  return {
    id: s.slug, vcpus: s.vcpus, ram: s.memory, disk: s.disk, price: s.price_monthly, currency: descriptor.currency, regions: [...s.regions],
    ...(s.description ? { description: s.description } : {}),
  };
}

export function toRegion(r: DoRegion): Region {
  const country = REGION_COUNTRY[r.slug.replace(/\d+$/, '')];
  if (!country) throw new Error(`digitalocean: unknown region slug "${r.slug}"`);
  return { id: r.slug, name: r.name, country };
}

/** Regions we can place in a {@link Region}; unknown new datacenters are skipped, not guessed. */
export function knownRegion(r: DoRegion): boolean {
  return r.slug.replace(/\d+$/, '') in REGION_COUNTRY;
}

export function toSshKey(k: DoSshKey): SshKey {
  return { id: String(k.id), name: k.name, fingerprint: k.fingerprint, publicKey: k.public_key };
}

/** The FQDN DO's `name` filter expects for a zone-relative name. */
export function recordFqdn(name: string, zone: string): string {
  return name === '@' ? zone : `${name}.${zone}`;
}

const HOST_TYPES: readonly string[] = ['CNAME', 'MX', 'NS'];
const CAA = /^(\d{1,3})\s+(issue|issuewild|iodef)\s+"?([^"]*)"?$/;

/** A DO record in domain form, or null for types the domain does not model (SOA, SRV). */
export function toDnsRecord(r: DoDomainRecord, zone: string): DnsRecord | null {
  if (!(RECORD_TYPES as readonly string[]).includes(r.type)) return null;
  const type = r.type as RecordType;
  let content = r.data;
  if (HOST_TYPES.includes(type)) content = r.data === '@' ? zone : r.data.replace(/\.$/, '');
  if (type === 'CAA') content = `${r.flags ?? 0} ${r.tag} "${r.data}"`;
  return { type, name: r.name, content, ttl: r.ttl, ...(type === 'MX' ? { priority: r.priority ?? 0 } : {}) };
}

/** A domain record as DO's create/update body. Throws INFRA_INVALID_INPUT for what DO would refuse. */
export function toWireRecord(r: DnsRecord): DoRecordInput {
  const base = { type: r.type, name: r.name, ttl: r.ttl };
  if (HOST_TYPES.includes(r.type)) {
    const host = r.content.replace(/\.$/, '');
    if (!host) throw invalidInput(`${r.type} record "${r.name}" needs a target host`);
    return { ...base, data: `${host}.`, ...(r.type === 'MX' ? { priority: r.priority ?? 0 } : {}) };
  }
  if (r.type === 'CAA') {
    const m = CAA.exec(r.content.trim());
    if (!m) throw invalidInput(`CAA record "${r.name}" must look like 0 issue "letsencrypt.org"`);
    return { ...base, data: m[3], flags: Number(m[1]), tag: m[2] };
  }
  return { ...base, data: r.content };
}

/** One comparable string per record: both sides go through {@link toWireRecord}'s normalisation. */
export function recordKey(r: DnsRecord): string {
  const w = toWireRecord(r);
  const data = HOST_TYPES.includes(w.type) ? w.data.toLowerCase() : w.data;
  return JSON.stringify([w.type, w.name, data, w.ttl, w.priority ?? null, w.flags ?? null, w.tag ?? null]);
}

/** Apex NS records DO manages itself (ns1-3.digitalocean.com); omitted from reads. */
export function isProviderNs(r: DoDomainRecord): boolean {
  return r.type === 'NS' && r.name === '@' && /^ns[1-3]\.digitalocean\.com\.?$/i.test(r.data);
}
