/**
 * Record values in one comparable form, whatever the source (a provider's presentation value,
 * node:dns's parsed answer): lowercase host names without trailing dot, TXT without quotes,
 * canonical IPv6, MX as `priority host`, CAA as `flags tag "value"`.
 */

/** Canonical IPv6 text (RFC 5952 via the WHATWG URL parser), or the input when not an address. */
function canonicalIpv6(v: string): string {
  try {
    return new URL(`http://[${v}]/`).hostname.slice(1, -1);
  } catch {
    return v.toLowerCase();
  }
}

const host = (v: string) => v.trim().toLowerCase().replace(/\.$/, '');

/** TXT: `"a" "b"` → `ab`; a bare value stays as it is (case matters in TXT). */
export function unquoteTxt(v: string): string {
  const t = v.trim();
  if (!t.startsWith('"')) return t;
  const parts = t.match(/"((?:[^"\\]|\\.)*)"/g);
  return parts ? parts.map((p) => p.slice(1, -1).replace(/\\(.)/g, '$1')).join('') : t;
}

/** Normalises one value of `type` for comparison. */
export function normalizeValue(type: string, value: string): string {
  const v = value.trim();
  switch (type.toUpperCase()) {
    case 'A':
      return v;
    case 'AAAA':
      return canonicalIpv6(v);
    case 'CNAME':
    case 'NS':
      return host(v);
    case 'MX': {
      const m = /^(\d+)\s+(\S+)$/.exec(v);
      return m ? `${Number(m[1])} ${host(m[2])}` : host(v);
    }
    case 'TXT':
      return unquoteTxt(v);
    case 'CAA': {
      const m = /^(\d+)\s+(\S+)\s+(.*)$/.exec(v);
      return m ? `${Number(m[1])} ${m[2].toLowerCase()} "${unquoteTxt(m[3])}"` : v;
    }
    default:
      return v;
  }
}

/**
 * Whether an observed value matches an expected one. An MX expectation without a priority
 * (`mail.example.com`) matches any priority; with one (`10 mail.example.com`) it must agree.
 */
export function valueMatches(type: string, expected: string, observed: string): boolean {
  const e = normalizeValue(type, expected);
  const o = normalizeValue(type, observed);
  if (e === o) return true;
  if (type.toUpperCase() === 'MX' && !/^\d+\s/.test(e)) return o.replace(/^\d+\s+/, '') === e;
  return false;
}
