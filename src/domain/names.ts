/**
 * Name and address checks shared by every boundary. Pure (no node:net) so workflows can use them.
 * Inside the domain, record names are zone-relative with `@` for the apex (libdns convention).
 */

const LABEL = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/;
/** Record labels may also be `_service` or a leading wildcard. */
const RECORD_LABEL = /^(\*|_?(?!-)[a-z0-9_-]{1,63}(?<!-))$/;

/** Lowercases and strips one trailing dot. */
export function canonicalName(name: string): string {
  return name.trim().toLowerCase().replace(/\.$/, '');
}

/** Why `name` is not a valid domain name, or null when it is (at least two labels). */
export function domainNameProblem(name: string): string | null {
  const n = canonicalName(name);
  if (!n) return 'is empty';
  if (n.length > 253) return 'is longer than 253 characters';
  const labels = n.split('.');
  if (labels.length < 2) return 'needs at least two labels (like example.com)';
  for (const l of labels) {
    if (l.length === 0) return 'has an empty label';
    if (l.length > 63) return `has a label longer than 63 characters ("${l.slice(0, 20)}…")`;
    if (!LABEL.test(l)) return `has an invalid label "${l}" (letters, digits and inner dashes only)`;
  }
  return null;
}

/** Why a zone-relative record name is invalid, or null. `@` is the apex. */
export function recordNameProblem(name: string, zone?: string): string | null {
  const n = canonicalName(name);
  if (n === '@') return null;
  if (!n) return 'is empty (use @ for the zone apex)';
  const labels = n.split('.');
  for (const l of labels) {
    if (l.length === 0) return 'has an empty label';
    if (l.length > 63) return `has a label longer than 63 characters ("${l.slice(0, 20)}…")`;
    if (!RECORD_LABEL.test(l)) return `has an invalid label "${l}"`;
  }
  if (zone && n.length + zone.length + 1 > 253) return 'makes a name longer than 253 characters';
  return null;
}

/** Hostname (RFC 1123) for server names: one or more labels. */
export function hostnameProblem(name: string): string | null {
  if (!name) return 'is empty';
  if (name.length > 63) return 'is longer than 63 characters';
  if (!/^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/.test(name)) return 'must be lowercase letters, digits and inner dashes (like prod-1)';
  return null;
}

export function isIPv4(s: string): boolean {
  const parts = s.split('.');
  return parts.length === 4 && parts.every((p) => /^(0|[1-9]\d{0,2})$/.test(p) && Number(p) <= 255);
}

export function isIPv6(s: string): boolean {
  if (!/^[0-9a-fA-F:.]+$/.test(s) || s.length < 2) return false;
  let text = s;
  let groupsFromV4 = 0;
  const lastColon = text.lastIndexOf(':');
  if (text.includes('.')) {
    if (!isIPv4(text.slice(lastColon + 1))) return false;
    text = text.slice(0, lastColon + 1) + '0:0';
    groupsFromV4 = 0;
  }
  const halves = text.split('::');
  if (halves.length > 2) return false;
  const groups = (h: string) => (h === '' ? [] : h.split(':'));
  const head = groups(halves[0]);
  const tail = halves.length === 2 ? groups(halves[1]) : [];
  const all = [...head, ...tail];
  if (!all.every((g) => /^[0-9a-fA-F]{1,4}$/.test(g))) return false;
  const count = all.length + groupsFromV4;
  return halves.length === 2 ? count < 8 : count === 8;
}

/** Zone-relative name → FQDN. */
export function absoluteName(name: string, zone: string): string {
  const n = canonicalName(name);
  return n === '@' ? canonicalName(zone) : `${n}.${canonicalName(zone)}`;
}

/** FQDN → zone-relative name, `@` for the apex; null when the FQDN is outside the zone. */
export function relativeName(fqdn: string, zone: string): string | null {
  const f = canonicalName(fqdn);
  const z = canonicalName(zone);
  if (f === z) return '@';
  return f.endsWith(`.${z}`) ? f.slice(0, -(z.length + 1)) : null;
}

/** The longest managed zone containing `fqdn`, with the relative name. */
export function zoneFor(fqdn: string, zones: string[]): { zone: string; name: string } | null {
  let best: { zone: string; name: string } | null = null;
  for (const z of zones) {
    const name = relativeName(fqdn, z);
    if (name !== null && (!best || z.length > best.zone.length)) best = { zone: canonicalName(z), name };
  }
  return best;
}
