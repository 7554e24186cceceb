/**
 * Pure conversion between domain records (zone-relative names, `@` apex, presentation content)
 * and Cloudflare's wire records (FQDN names, TXT as quoted strings, MX `priority`, CAA `data`,
 * TTL 1 = automatic).
 */
import { quoteTxt } from '../txt';
import { invalidInput } from '../../domain/errors';
import { RECORD_TYPES, type DnsRecord, type RecordType } from '../../domain/types';
import type { WireRecord, WireRecordBody } from './wire';

/** Cloudflare documents TTL "automatic" (1) as 300 seconds. */
export const AUTO_TTL = 300;
/** Comment written on every record this adapter creates. */
export const MANAGED_COMMENT = 'fazt-managed';
const PROXIABLE = new Set<RecordType>(['A', 'AAAA', 'CNAME']);

/** `@` → `example.com`, `www` → `www.example.com`. */
export function absoluteName(name: string, zone: string): string {
  const n = name.trim().toLowerCase();
  if (n === '@' || n === '') return zone;
  if (n.endsWith('.')) throw invalidInput(`Record name "${name}" must be relative to the zone ${zone}`);
  return `${n}.${zone}`;
}

/** `example.com` → `@`, `www.example.com` → `www`. Throws on a name outside the zone. */
export function relativeName(fqdn: string, zone: string): string {
  const n = fqdn.toLowerCase();
  if (n === zone) return '@';
  if (n.endsWith(`.${zone}`)) return n.slice(0, -(zone.length + 1));
  throw new Error(`cloudflare: record name ${fqdn} is outside zone ${zone}`);
}

export { quoteTxt } from '../txt';

/** Cloudflare TXT content → the text resolvers see. Unquoted content (older records) is the text. */
export function unquoteTxt(content: string): string {
  const s = content.trim();
  if (!s.startsWith('"')) return content;
  const parts: string[] = [];
  const re = /"((?:[^"\\]|\\.)*)"\s*/y;
  let m: RegExpExecArray | null;
  while ((m = re.exec(s)) !== null) {
    parts.push(m[1].replace(/\\(.)/g, '$1'));
    if (re.lastIndex >= s.length) return parts.join('');
  }
  return content;
}

/** `0 issue "letsencrypt.org"` → `{flags, tag, value}`. */
export function parseCaa(content: string): { flags: number; tag: string; value: string } {
  const m = /^\s*(\d{1,3})\s+([A-Za-z0-9]+)\s+(?:"((?:[^"\\]|\\.)*)"|(\S+))\s*$/.exec(content);
  if (!m || Number(m[1]) > 255) throw invalidInput(`CAA content must look like 0 issue "ca.example": got ${content}`);
  return { flags: Number(m[1]), tag: m[2].toLowerCase(), value: m[3] ?? m[4] };
}

function host(h: string): string {
  return h.trim().toLowerCase().replace(/\.$/, '');
}

/** The content as compared and stored: hostnames lowercased without the dot, CAA canonical. */
export function canonicalContent(type: RecordType, content: string): string {
  switch (type) {
    case 'CNAME':
    case 'NS':
    case 'MX':
      return host(content);
    case 'AAAA':
      return content.trim().toLowerCase();
    case 'CAA': {
      const c = parseCaa(content);
      return `${c.flags} ${c.tag} "${c.value}"`;
    }
    default:
      return type === 'TXT' ? content : content.trim();
  }
}

/** The domain record to send; `comment` is whatever the caller decided to keep or write. */
export function toWire(r: DnsRecord, zone: string, comment: string | undefined): WireRecordBody {
  const proxied = PROXIABLE.has(r.type) ? r.proxied === true : undefined;
  const body: WireRecordBody = { type: r.type, name: absoluteName(r.name, zone), ttl: proxied ? 1 : r.ttl };
  if (proxied !== undefined) body.proxied = proxied;
  if (r.type === 'TXT') body.content = quoteTxt(r.content);
  else if (r.type === 'CAA') body.data = parseCaa(r.content);
  else body.content = canonicalContent(r.type, r.content);
  if (r.type === 'MX') {
    if (r.priority === undefined) throw invalidInput('MX records need a priority');
    body.priority = r.priority;
  }
  if (comment !== undefined) body.comment = comment;
  return body;
}

/** The domain record for a wire record; null for types fazt does not manage (SRV, HTTPS, ...). */
export function toDomain(w: WireRecord, zone: string): DnsRecord | null {
  const type = w.type as RecordType;
  if (!(RECORD_TYPES as readonly string[]).includes(type)) return null;
  let content: string;
  if (type === 'CAA' && w.data?.tag !== undefined) content = `${w.data.flags ?? 0} ${w.data.tag} "${w.data.value ?? ''}"`;
  else if (w.content === undefined) throw new Error(`cloudflare: ${type} record ${w.id} has no content`);
  else content = type === 'TXT' ? unquoteTxt(w.content) : canonicalContent(type, w.content);
  const rec: DnsRecord = { type, name: relativeName(w.name, zone), content, ttl: w.ttl === 1 ? AUTO_TTL : w.ttl };
  // Absent means not proxied: the domain shape carries `proxied` only where it is on.
  if (w.proxied === true) rec.proxied = true;
  if (type === 'MX') rec.priority = w.priority ?? 0;
  return rec;
}

/** Same record value (what a duplicate POST would clash on): type, content and MX priority. */
export function sameValue(a: DnsRecord, b: DnsRecord): boolean {
  return a.type === b.type && canonicalContent(a.type, a.content) === canonicalContent(b.type, b.content)
    && (a.type !== 'MX' || (a.priority ?? 0) === (b.priority ?? 0));
}

/** Same value and same settings; proxied records have Cloudflare's automatic TTL, so TTL is ignored. */
export function sameRecord(a: DnsRecord, b: DnsRecord): boolean {
  if (!sameValue(a, b) || (a.proxied === true) !== (b.proxied === true)) return false;
  return a.proxied === true || a.ttl === b.ttl;
}
