/**
 * Cloudflare wire shapes the adapter reads, parsed with zod so an unexpected response fails loudly
 * at the edge instead of producing a wrong domain value. Request bodies use the SDK's own param
 * types; these types never leave src/providers/cloudflare.
 */
import { z } from 'zod';

/** A DNS record as `GET/POST/PUT /zones/{id}/dns_records[...]` and the batch endpoint return it. */
export const WireRecord = z.object({
  id: z.string().min(1),
  /** FQDN in Punycode, no trailing dot. */
  name: z.string().min(1),
  type: z.string().min(1),
  content: z.string().optional(),
  ttl: z.number(),
  proxied: z.boolean().optional(),
  priority: z.number().optional(),
  data: z.object({ flags: z.number().optional(), tag: z.string().optional(), value: z.string().optional() }).passthrough().optional(),
  comment: z.string().nullable().optional(),
  tags: z.array(z.string()).optional(),
}).passthrough();
export type WireRecord = z.infer<typeof WireRecord>;

/** A zone as `GET/POST /zones` returns it. */
export const WireZone = z.object({
  id: z.string().min(1),
  name: z.string().min(1),
  status: z.string().optional(),
  name_servers: z.array(z.string()).optional(),
}).passthrough();
export type WireZone = z.infer<typeof WireZone>;

/** The body we send for one record (POST, PUT, batch posts/puts). */
export interface WireRecordBody {
  type: string;
  name: string;
  ttl: number;
  content?: string;
  proxied?: boolean;
  priority?: number;
  data?: { flags: number; tag: string; value: string };
  comment?: string;
}

/** What the `Ratelimit` header says: `"default";r=<remaining>;t=<seconds to reset>`. */
export function parseRatelimit(header: string | null, now: number): { remaining: number | null; resetAt: number | null } {
  if (!header) return { remaining: null, resetAt: null };
  const r = /(?:^|;)\s*r=(\d+)/.exec(header);
  const t = /(?:^|;)\s*t=(\d+)/.exec(header);
  return { remaining: r ? Number(r[1]) : null, resetAt: t ? now + Number(t[1]) * 1000 : null };
}

/** What `Ratelimit-Policy` says: `"default";q=<requests>;w=<window seconds>`, as a bucket size and rate. */
export function parsePolicy(header: string | null): { limit: number | null; perSecond: number | null } {
  const q = header ? /(?:^|;)\s*q=(\d+)/.exec(header) : null;
  const w = header ? /(?:^|;)\s*w=(\d+)/.exec(header) : null;
  if (!q || !w || Number(w[1]) <= 0) return { limit: null, perSecond: null };
  return { limit: Number(q[1]), perSecond: Number(q[1]) / Number(w[1]) };
}
