/** Readable, deterministic ids. Pure: used by workflows and the client alike. */

/** `hetzner:4711` → `{ provider: 'hetzner', providerId: '4711' }`; null when not that shape. */
export function parseServerId(id: string): { provider: string; providerId: string } | null {
  const i = id.indexOf(':');
  if (i <= 0 || i === id.length - 1) return null;
  return { provider: id.slice(0, i), providerId: id.slice(i + 1) };
}

export function serverId(provider: string, providerId: string): string {
  return `${provider}:${providerId}`;
}

/** 32-bit FNV-1a, hex. Deterministic and dependency-free, so workflows may call it. */
export function fnv1a(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(16).padStart(8, '0');
}

/**
 * The idempotency marker for a workflow id: safe as a Hetzner label value, a DO/Vultr tag and a
 * Cloudflare comment (lowercase alnum and dashes, at most 63 chars). Same workflow id, same marker,
 * so a re-run finds what the first run created.
 */
export function operationIdFor(workflowId: string): string {
  const slug = workflowId.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '');
  const hash = fnv1a(workflowId);
  return `${slug.slice(0, 63 - hash.length - 1).replace(/-+$/, '')}-${hash}`;
}
