/**
 * Makes a value safe for the audit trail: secrets out, size bounded. Keys that name a secret are
 * redacted whatever their value, known credentials are scrubbed from every string, and long
 * strings (user_data, cloud-init) are cut. Pure and total: it never throws.
 */

/** What a redacted value becomes. */
export const REDACTED = '[REDACTED]';

/** Keys whose values are secrets, at any depth (case-insensitive). */
export const SECRET_KEY = /token|secret|passw(or)?d|authorization|api[_-]?key|private[_-]?key|root[_-]?password|credential|cookie/i;

/**
 * Keys whose values are personal data (a domain's registrant and contacts, the EPP auth code), at
 * any depth: redacted like secrets, so neither the audit trail nor its exports hold them.
 */
export const PERSONAL_KEY = /^(registrant|contacts|postal_?info|first_?name|last_?name|e-?mail|phone|fax|postal_?code|auth_?code)$/i;

export interface SanitizeOptions {
  /** Known credentials to scrub wherever they occur in a string. */
  secrets?: readonly string[];
  /** Strings longer than this are cut. @default 2048 */
  maxString?: number;
  /** Deeper values become `[Truncated]`. @default 8 */
  maxDepth?: number;
  /** Arrays longer than this keep their first items and a count. @default 200 */
  maxArray?: number;
}

/** Below this length a secret is only redacted on an exact match, never as a substring. */
const MIN_SUBSTRING_SECRET = 8;

/** A deep, plain-JSON copy of `value` with secrets redacted and sizes bounded. */
export function sanitize(value: unknown, opts: SanitizeOptions = {}): unknown {
  const secrets = [...new Set((opts.secrets ?? []).filter((s) => typeof s === 'string' && s.length > 0))]
    .sort((a, b) => b.length - a.length);
  const o = { secrets, maxString: opts.maxString ?? 2048, maxDepth: opts.maxDepth ?? 8, maxArray: opts.maxArray ?? 200 };
  return walk(value, o, 0, new WeakSet());
}

type Opts = Required<Omit<SanitizeOptions, 'secrets'>> & { secrets: string[] };

function walk(value: unknown, o: Opts, depth: number, seen: WeakSet<object>): unknown {
  if (value === null || value === undefined) return value ?? null;
  switch (typeof value) {
    case 'string':
      return cleanString(value, o);
    case 'number':
      return Number.isFinite(value) ? value : String(value);
    case 'boolean':
      return value;
    case 'bigint':
      return value.toString();
    case 'function':
    case 'symbol':
      return undefined;
  }
  const obj = value as object;
  if (depth >= o.maxDepth) return '[Truncated]';
  if (seen.has(obj)) return '[Circular]';
  if (obj instanceof Date) return Number.isNaN(obj.getTime()) ? null : obj.toISOString();
  if (ArrayBuffer.isView(obj) || obj instanceof ArrayBuffer) return `[${(obj as ArrayBuffer).byteLength} bytes]`;
  seen.add(obj);
  try {
    if (obj instanceof Error) return { name: obj.name, message: cleanString(obj.message, o) };
    if (obj instanceof Map) return walk(Object.fromEntries(obj), o, depth, seen);
    if (obj instanceof Set) return walk([...obj], o, depth, seen);
    if (Array.isArray(obj)) {
      const items = obj.slice(0, o.maxArray).map((v) => walk(v, o, depth + 1, seen) ?? null);
      if (obj.length > o.maxArray) items.push(`[${obj.length - o.maxArray} more]`);
      return items;
    }
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(obj)) {
      if (SECRET_KEY.test(k) || PERSONAL_KEY.test(k)) {
        out[k] = v === null || v === undefined || v === '' ? v ?? null : REDACTED;
        continue;
      }
      const clean = walk(v, o, depth + 1, seen);
      if (clean !== undefined) out[k] = clean;
    }
    return out;
  } finally {
    seen.delete(obj);
  }
}

/** Scrubs known secrets first (so a cut never leaves half a secret), then bounds the length. */
function cleanString(s: string, o: Opts): string {
  let text = s;
  for (const secret of o.secrets) {
    if (text === secret) return REDACTED;
    if (secret.length >= MIN_SUBSTRING_SECRET && text.includes(secret)) text = text.split(secret).join(REDACTED);
  }
  if (text.length > o.maxString) return `${text.slice(0, o.maxString)}…[${text.length - o.maxString} more chars]`;
  return text;
}
