/**
 * Pure conversions between Hetzner wire shapes and the domain: servers, types, regions, keys,
 * and DNS record values (TXT quoting and 255-char splitting, MX priority + host, trailing dots).
 */
import { quoteTxt } from '../txt';
import { InfraError, invalidInput } from '../../domain/errors';
import { serverId } from '../../domain/ids';
import type { CreateServerRequest, DnsRecord, RecordType, Region, Server, ServerStatus, ServerType, SshKey } from '../../domain/types';
import type { CreateServerBody, LocationW, RecordW, RRSetW, ServerTypeW, ServerW, SshKeyW } from './wire';
import { descriptor } from './descriptor';

/** The label that marks servers we manage, and the one carrying the creating operation. */
export const MANAGED_LABEL = 'managed-by';
export const MANAGED_VALUE = 'fazt';
export const OPERATION_LABEL = 'fazt-op';
export const MANAGED_SELECTOR = `${MANAGED_LABEL}=${MANAGED_VALUE}`;

/** Our neutral image ids are Hetzner's own image names. */
const IMAGES: Record<string, string> = { 'ubuntu-24.04': 'ubuntu-24.04', 'ubuntu-22.04': 'ubuntu-22.04', 'debian-12': 'debian-12' };

const STATUS: Record<string, ServerStatus> = {
  initializing: 'provisioning', starting: 'starting', running: 'running', stopping: 'stopping', off: 'off', deleting: 'deleting',
  rebuilding: 'provisioning', migrating: 'running',
};

function unexpected(what: string): InfraError {
  return new InfraError('INFRA_PROVIDER_ERROR', `hetzner: unexpected ${what}`, { provider: 'hetzner', retryable: false });
}

/** `2001:db8:1::/64` → `2001:db8:1::1`, the host address Hetzner configures in the server's /64. */
export function ipv6Host(network: string): string {
  const m = /^([0-9a-f:]+::)\/64$/i.exec(network);
  if (!m) throw unexpected(`IPv6 network "${network}"`);
  return `${m[1]}1`;
}

function monthlyGross(t: ServerTypeW, location: string): number | null {
  const p = t.prices.find((x) => x.location === location);
  return p ? Number(p.price_monthly.gross) : null;
}

export function serverToDomain(s: ServerW): Server {
  return {
    id: serverId('hetzner', String(s.id)),
    provider: 'hetzner',
    providerId: String(s.id),
    name: s.name,
    ip: s.public_net.ipv4?.ip ?? null,
    ipv6: s.public_net.ipv6 ? ipv6Host(s.public_net.ipv6.ip) : null,
    status: STATUS[s.status] ?? 'unknown',
    type: s.server_type.name,
    region: s.location.name,
    createdAt: new Date(s.created).toISOString(),
    monthlyCost: monthlyGross(s.server_type, s.location.name),
    operationId: s.labels[OPERATION_LABEL] ?? null,
    managed: s.labels[MANAGED_LABEL] === MANAGED_VALUE,
    deleteProtected: s.protection.delete,
  };
}

/** A type's cheapest gross monthly price across the locations that offer it. */
export function serverTypeToDomain(t: ServerTypeW): ServerType {
  const prices = t.prices.map((p) => Number(p.price_monthly.gross));
  return {
    id: t.name,
    vcpus: t.cores,
    ram: Math.round(t.memory * 1024),
    disk: t.disk,
    price: prices.length > 0 ? Math.min(...prices) : 0,
    currency: descriptor.currency,
    regions: (t.locations ?? t.prices.map((p) => ({ name: p.location }))).map((l) => l.name),
    description: t.description,
  };
}

export function regionToDomain(l: LocationW): Region {
  return { id: l.name, name: l.city, country: l.country };
}

export function sshKeyToDomain(k: SshKeyW): SshKey {
  return { id: String(k.id), name: k.name, fingerprint: k.fingerprint, publicKey: k.public_key };
}

/** The POST /servers body: labels carry the managed marker and the operation id. */
export function createServerToWire(req: CreateServerRequest): CreateServerBody {
  const image = IMAGES[req.image];
  if (!image) throw invalidInput(`hetzner: unknown image "${req.image}"`, { valid: Object.keys(IMAGES) });
  return {
    name: req.name,
    server_type: req.type,
    image,
    location: req.region,
    ssh_keys: req.sshKeys,
    ...(req.userData !== undefined ? { user_data: req.userData } : {}),
    labels: { [MANAGED_LABEL]: MANAGED_VALUE, [OPERATION_LABEL]: req.operationId },
    start_after_create: true,
    public_net: { enable_ipv4: true, enable_ipv6: req.ipv6 ?? true },
  };
}

// ---- DNS ----

/** Quotes TXT text as DNS character strings of at most 255 bytes (hcloud-go zoneutil.FormatTXTRecord). */
export const formatTxt = quoteTxt;

/** Joins a quoted TXT value back into its text; throws on anything not quoted. */
export function parseTxt(value: string): string {
  const out: string[] = [];
  let rest = value.trim();
  while (rest.length > 0) {
    const m = /^"((?:[^"\\]|\\.)*)"\s*/.exec(rest);
    if (!m) throw unexpected(`TXT value ${JSON.stringify(value)}`);
    out.push(m[1].replace(/\\(.)/g, '$1'));
    rest = rest.slice(m[0].length);
  }
  return out.join('');
}

/** A host in a record value as an absolute name without the dot (relative names are zone-relative). */
function hostToDomain(host: string, zone: string): string {
  if (host === '@') return zone;
  return host.endsWith('.') ? host.slice(0, -1).toLowerCase() : `${host.toLowerCase()}.${zone}`;
}

function hostToWire(content: string): string {
  const h = content.trim().toLowerCase().replace(/\.$/, '');
  if (!h) throw invalidInput('hetzner: empty host name in record');
  return `${h}.`;
}

/** One domain record → the rrset record value Hetzner stores. */
export function recordValueToWire(r: DnsRecord): RecordW {
  switch (r.type) {
    case 'A':
    case 'AAAA':
    case 'CAA':
      return { value: r.content };
    case 'CNAME':
    case 'NS':
      return { value: hostToWire(r.content) };
    case 'MX':
      if (r.priority === undefined) throw invalidInput(`hetzner: MX record ${r.name} needs a priority`);
      return { value: `${r.priority} ${hostToWire(r.content)}` };
    case 'TXT':
      return { value: formatTxt(r.content) };
  }
}

/** An rrset → domain records (one per value). `zoneTtl` fills in a null rrset TTL. */
export function rrsetToDomain(rr: RRSetW, zone: string, zoneTtl: number): DnsRecord[] {
  const type = rr.type as RecordType;
  const ttl = rr.ttl ?? zoneTtl;
  return rr.records.map(({ value }): DnsRecord => {
    switch (type) {
      case 'CNAME':
      case 'NS':
        return { type, name: rr.name, content: hostToDomain(value, zone), ttl };
      case 'MX': {
        const m = /^(\d+)\s+(\S+)$/.exec(value);
        if (!m) throw unexpected(`MX value ${JSON.stringify(value)}`);
        return { type, name: rr.name, content: hostToDomain(m[2], zone), ttl, priority: Number(m[1]) };
      }
      case 'TXT':
        return { type, name: rr.name, content: parseTxt(value), ttl };
      default:
        return { type, name: rr.name, content: value, ttl };
    }
  });
}
