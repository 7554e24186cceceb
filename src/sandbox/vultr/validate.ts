/**
 * Request-body checks with Vultr-style 400 messages: the body must be an object, fields must be
 * known (from the VU-SPEC request schema), of the right JSON type, and required ones present.
 */
export type FieldType = 'string' | 'integer' | 'boolean' | 'string[]';

/** Returns the error message for a bad body, or null when it is acceptable. */
export function checkBody(body: unknown, fields: Record<string, FieldType>, required: string[] = []): string | null {
  if (body === undefined || body === null || typeof body !== 'object' || Array.isArray(body)) {
    return 'Invalid JSON body. Expected a JSON object.';
  }
  const obj = body as Record<string, unknown>;
  for (const [k, v] of Object.entries(obj)) {
    const t = fields[k];
    if (!t) return `Invalid parameter: ${k}.`;
    if (!hasType(v, t)) return `Invalid value for ${k}: expected ${t === 'string[]' ? 'an array of strings' : `a ${t}`}.`;
  }
  for (const k of required) {
    if (obj[k] === undefined || obj[k] === '') return `Missing required parameter: ${k}.`;
  }
  return null;
}

function hasType(v: unknown, t: FieldType): boolean {
  switch (t) {
    case 'string': return typeof v === 'string';
    case 'integer': return typeof v === 'number' && Number.isInteger(v);
    case 'boolean': return typeof v === 'boolean';
    case 'string[]': return Array.isArray(v) && v.every((x) => typeof x === 'string');
  }
}

/** Strict base64 (RFC 4648 alphabet, padded), as Vultr requires for `user_data`. */
export function isBase64(s: string): boolean {
  return s.length % 4 === 0 && /^[A-Za-z0-9+/]*={0,2}$/.test(s);
}

/** An OpenSSH public key line: `<type> <base64 blob> [comment]`. */
export function isOpenSshKey(s: string): boolean {
  return /^(ssh-(rsa|ed25519|dss)|ecdsa-sha2-nistp(256|384|521)|sk-[a-z0-9@.-]+) [A-Za-z0-9+/]+={0,2}( .*)?$/.test(s.trim());
}
