/**
 * Validation and normalisation of DNS record input, and the same-name rules Cloudflare enforces:
 * exact duplicates (81057), CNAME exclusivity (A/AAAA/CNAME share no name with a CNAME; a CNAME
 * shares its name with nothing) and NS exclusivity below the apex (CF-TS records.ts notes).
 * Everything throws a {@link CfFailure} with Cloudflare's body.
 */
import { isIPv4, isIPv6 } from 'node:net';
import { CF, reject, type CfMessage } from './envelope';
import type { CfRecord, CfZone } from './state';
import { parseQuoted } from './txt';

/** The record types this simulator serves (what fazt uses). */
export const SUPPORTED_TYPES = ['A', 'AAAA', 'CNAME', 'MX', 'TXT', 'NS', 'CAA'] as const;
const PROXIABLE = new Set(['A', 'AAAA', 'CNAME']);
const CAA_TAGS = new Set(['issue', 'issuewild', 'iodef']);
const LABEL = /^(?:\*|[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?)$/;

/** The user-settable part of a record, normalised. */
export type RecordInput = Pick<CfRecord, 'name' | 'type' | 'content' | 'ttl' | 'proxied' | 'priority' | 'data' | 'comment' | 'tags'>;

/** Whether Cloudflare can proxy this type. */
export function proxiable(type: string): boolean {
  return PROXIABLE.has(type);
}

/**
 * Builds a normalised record from a request body. With `base` (PATCH) the body's fields are laid
 * over the existing record; without it (POST, PUT) `type`, `name` and content/data are required.
 * Returns warnings for `messages[]`.
 */
export function normalizeRecord(zone: CfZone, body: unknown, base?: CfRecord): { rec: RecordInput; messages: CfMessage[] } {
  if (!body || typeof body !== 'object' || Array.isArray(body)) reject(400, CF.badBody('expected a JSON object'));
  const b = body as Record<string, unknown>;
  const pick = <K extends keyof RecordInput>(k: K): unknown => (k in b ? b[k] : base?.[k]);
  const messages: CfMessage[] = [];

  const type = pick('type');
  if (typeof type !== 'string' || type === '') reject(400, CF.badBody('type is required'));
  if (!(SUPPORTED_TYPES as readonly string[]).includes(type)) reject(400, CF.dnsValidation(CF.badType(type)));

  const name = normalizeName(zone, pick('name'));
  const ttl = pick('ttl') ?? 1;
  if (typeof ttl !== 'number' || !Number.isInteger(ttl) || (ttl !== 1 && (ttl < 60 || ttl > 86400))) reject(400, CF.badTtl);
  const proxied = pick('proxied') ?? false;
  if (typeof proxied !== 'boolean') reject(400, CF.badBody('proxied must be a boolean'));
  if (proxied && !PROXIABLE.has(type)) reject(400, CF.dnsValidation(CF.notProxiable));

  const comment = pick('comment');
  if (comment !== undefined && comment !== null && typeof comment !== 'string') reject(400, CF.badBody('comment must be a string'));
  const tags = pick('tags') ?? [];
  if (!Array.isArray(tags) || tags.some((t) => typeof t !== 'string' || !/^[A-Za-z0-9_-]+:.*$/.test(t))) {
    reject(400, CF.badBody('tags must be strings of the form name:value'));
  }

  const rec: RecordInput = {
    name, type, content: '', ttl: proxied ? 1 : ttl, proxied,
    comment: typeof comment === 'string' && comment !== '' ? comment : undefined,
    tags: tags as string[],
  };
  // A type change on PATCH must not inherit fields that belong to the old type.
  const sameType = !base || base.type === type;
  const content = 'content' in b ? b.content : sameType ? base?.content : undefined;
  switch (type) {
    case 'A':
      if (typeof content !== 'string' || !isIPv4(content)) reject(400, CF.badA);
      rec.content = content;
      break;
    case 'AAAA':
      if (typeof content !== 'string' || !isIPv6(content)) reject(400, CF.badAAAA);
      rec.content = content.toLowerCase();
      break;
    case 'CNAME':
    case 'NS':
    case 'MX': {
      const host = typeof content === 'string' ? content.toLowerCase().replace(/\.$/, '') : '';
      if (!isHostname(host) || (type === 'CNAME' && host === name)) reject(400, CF.badHost(type));
      rec.content = host;
      if (type === 'MX') {
        const priority = 'priority' in b ? b.priority : sameType ? base?.priority : undefined;
        if (typeof priority !== 'number' || !Number.isInteger(priority) || priority < 0 || priority > 65535) reject(400, CF.badPriority);
        rec.priority = priority;
      }
      break;
    }
    case 'TXT':
      rec.content = txtContent(content, messages);
      break;
    case 'CAA': {
      const data = ('data' in b ? b.data : sameType ? base?.data : undefined) as Record<string, unknown> | undefined;
      if (!data || typeof data !== 'object') reject(400, CF.dnsValidation(CF.badCaa));
      const { flags, tag, value } = data;
      if (typeof flags !== 'number' || !Number.isInteger(flags) || flags < 0 || flags > 255) reject(400, CF.dnsValidation(CF.badCaa));
      if (typeof tag !== 'string' || !CAA_TAGS.has(tag) || typeof value !== 'string') reject(400, CF.dnsValidation(CF.badCaa));
      rec.data = { flags, tag, value };
      rec.content = `${flags} ${tag} "${value}"`;
      break;
    }
  }
  return { rec, messages };
}

/** `@`, relative names and FQDNs (with or without the trailing dot) become the lowercase FQDN. */
export function normalizeName(zone: CfZone, raw: unknown): string {
  if (typeof raw !== 'string' || raw.trim() === '') reject(400, CF.badBody('name is required'));
  let n = raw.trim().toLowerCase().replace(/\.$/, '');
  if (n === '@') n = zone.name;
  else if (n !== zone.name && !n.endsWith(`.${zone.name}`)) n = `${n}.${zone.name}`;
  const labels = n.split('.');
  if (n.length > 253 || labels.some((l, i) => !LABEL.test(l) || (l === '*' && i !== 0))) reject(400, CF.badName);
  return n;
}

function isHostname(h: string): boolean {
  if (h.length === 0 || h.length > 253) return false;
  return h.split('.').every((l) => /^[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?$/.test(l));
}

function txtContent(content: unknown, messages: CfMessage[]): string {
  if (typeof content !== 'string' || content.length === 0 || content.length > 4096) reject(400, CF.badTxt);
  if (content.trim().startsWith('"')) {
    const parts = parseQuoted(content);
    if (!parts || parts.some((p) => Buffer.byteLength(p) > 255)) reject(400, CF.badTxt);
    return content.trim();
  }
  messages.push(CF.txtUnquoted);
  return content;
}

/** Two records Cloudflare treats as the same record (81057). */
export function identical(a: RecordInput, b: RecordInput): boolean {
  return a.type === b.type && a.name === b.name && a.content.toLowerCase() === b.content.toLowerCase() && (a.priority ?? null) === (b.priority ?? null);
}

/**
 * Throws when `rec` may not join `others` (records of the zone, without the one being replaced).
 * Order: duplicate first, then CNAME exclusivity, then NS exclusivity below the apex.
 */
export function checkConflicts(zone: CfZone, rec: RecordInput, others: CfRecord[]): void {
  const same = others.filter((o) => o.name === rec.name);
  if (same.some((o) => identical(o, rec))) reject(400, CF.recordExists);
  const addressLike = (t: string) => t === 'A' || t === 'AAAA' || t === 'CNAME';
  if (rec.type === 'CNAME' && same.some((o) => addressLike(o.type))) reject(400, CF.cnameConflict);
  if (addressLike(rec.type) && same.some((o) => o.type === 'CNAME')) reject(400, CF.cnameConflict);
  if (rec.type === 'CNAME' && same.length > 0) reject(400, CF.cnameExists);
  if (same.some((o) => o.type === 'CNAME')) reject(400, CF.cnameExists);
  if (rec.name !== zone.name) {
    if (rec.type === 'NS' && same.some((o) => o.type !== 'NS')) reject(400, CF.nsConflict);
    if (rec.type !== 'NS' && same.some((o) => o.type === 'NS')) reject(400, CF.nsConflict);
  }
}
