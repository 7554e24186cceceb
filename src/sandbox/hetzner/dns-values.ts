/**
 * RRset value rules of the Cloud DNS API: values in zone-file presentation format, TXT as quoted
 * strings of at most 255 characters each, MX `"<prio> <host>"`, CAA `<flags> <tag> "<value>"`.
 * Also turns values into what a resolver answers (absolute names, TXT unquoted).
 */
import { isIP } from 'node:net';

export const RRSET_TYPES = ['A', 'AAAA', 'CAA', 'CNAME', 'DS', 'HINFO', 'HTTPS', 'MX', 'NS', 'PTR', 'RP', 'SOA', 'SRV', 'SVCB', 'TLSA', 'TXT'];

const HOST = /^(\*\.)?([a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?)(\.[a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?)*\.?$|^@$/i;
const NAME = /^(@|(\*|[a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?)(\.[a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?)*)$/;
const TXT = /^"((?:[^"\\]|\\.)*)"/;
const CAA = /^(\d{1,3}) (issue|issuewild|iodef|issuemail|issuevmc|contactemail|contactphone) "([^"]*)"$/;

/** Why a record name is invalid (relative to the zone, `@` for the apex), or null. */
export function rrsetNameProblem(name: string): string | null {
  if (!NAME.test(name)) return `invalid record name '${name}' (relative name, lowercase, '@' for the apex)`;
  return name.length > 253 ? 'record name too long' : null;
}

/** The TXT character strings of a quoted value, or null when it is not validly quoted. */
export function txtChunks(value: string): string[] | null {
  const chunks: string[] = [];
  let rest = value.trim();
  while (rest.length > 0) {
    const m = TXT.exec(rest);
    if (!m) return null;
    chunks.push(m[1].replace(/\\(.)/g, '$1'));
    rest = rest.slice(m[0].length).trimStart();
  }
  return chunks.length > 0 ? chunks : null;
}

/** Why `value` is not a valid record of `type`, or null. */
export function valueProblem(type: string, value: string): string | null {
  if (typeof value !== 'string' || value.length === 0) return 'value must be a non-empty string';
  switch (type) {
    case 'A': return isIP(value) === 4 ? null : `'${value}' is not a valid IPv4 address`;
    case 'AAAA': return isIP(value) === 6 ? null : `'${value}' is not a valid IPv6 address`;
    case 'CNAME':
    case 'NS':
    case 'PTR': return HOST.test(value) ? null : `'${value}' is not a valid host name`;
    case 'MX': {
      const m = /^(\d{1,5}) (\S+)$/.exec(value);
      return m && Number(m[1]) <= 65535 && HOST.test(m[2]) ? null : `'${value}' is not a valid MX value ("<priority> <host>")`;
    }
    case 'TXT': {
      const chunks = txtChunks(value);
      if (!chunks) return 'TXT values must be quoted strings';
      return chunks.some((c) => Buffer.byteLength(c) > 255) ? 'TXT character strings must not exceed 255 characters' : null;
    }
    case 'CAA': return CAA.test(value) ? null : `'${value}' is not a valid CAA value (<flags> <tag> "<value>")`;
    default: return null;
  }
}

function absolute(host: string, zone: string): string {
  if (host === '@') return zone;
  return host.endsWith('.') ? host.slice(0, -1).toLowerCase() : `${host.toLowerCase()}.${zone}`;
}

/** The record as a resolver presents it: absolute names without the dot, TXT joined and unquoted. */
export function presentation(type: string, value: string, zone: string): string {
  switch (type) {
    case 'CNAME':
    case 'NS':
    case 'PTR': return absolute(value, zone);
    case 'MX': {
      const [prio, host] = value.split(' ');
      return `${prio} ${absolute(host, zone)}`;
    }
    case 'TXT': return (txtChunks(value) ?? [value]).join('');
    case 'SOA': {
      const [mname, rname, ...rest] = value.split(/\s+/);
      return [absolute(mname, zone), absolute(rname, zone), ...rest].join(' ');
    }
    default: return value;
  }
}

export function fqdnOf(name: string, zone: string): string {
  return name === '@' ? zone : `${name}.${zone}`;
}
