/**
 * Hetzner Cloud API wire shapes (only the fields we read), parsed with zod so an unexpected
 * response fails loudly at the edge instead of leaking `undefined` into the domain.
 */
import { z } from 'zod';

const price = z.object({ net: z.string(), gross: z.string() });

export const serverTypeW = z.object({
  id: z.number(),
  name: z.string(),
  description: z.string(),
  cores: z.number(),
  memory: z.number(),
  disk: z.number(),
  deprecated: z.boolean().nullable().optional(),
  prices: z.array(z.object({ location: z.string(), price_monthly: price })),
  locations: z.array(z.object({ name: z.string() })).optional(),
});
export type ServerTypeW = z.infer<typeof serverTypeW>;

export const serverW = z.object({
  id: z.number(),
  name: z.string(),
  status: z.string(),
  created: z.string(),
  public_net: z.object({
    ipv4: z.object({ ip: z.string() }).nullable(),
    ipv6: z.object({ ip: z.string() }).nullable(),
  }),
  server_type: serverTypeW,
  location: z.object({ name: z.string() }),
  labels: z.record(z.string(), z.string()),
  protection: z.object({ delete: z.boolean() }),
});
export type ServerW = z.infer<typeof serverW>;

export const locationW = z.object({ id: z.number(), name: z.string(), city: z.string(), country: z.string() });
export type LocationW = z.infer<typeof locationW>;

export const sshKeyW = z.object({ id: z.number(), name: z.string(), fingerprint: z.string(), public_key: z.string() });
export type SshKeyW = z.infer<typeof sshKeyW>;

export const zoneW = z.object({
  id: z.number(),
  name: z.string(),
  ttl: z.number(),
  authoritative_nameservers: z.object({ assigned: z.array(z.string()) }).optional(),
});
export type ZoneW = z.infer<typeof zoneW>;

export const rrsetW = z.object({
  name: z.string(),
  type: z.string(),
  ttl: z.number().nullable(),
  records: z.array(z.object({ value: z.string() })),
});
export type RRSetW = z.infer<typeof rrsetW>;

export const paginationW = z.object({
  meta: z.object({ pagination: z.object({ next_page: z.number().nullable() }) }).optional(),
});

/** Hetzner's error body. */
export const errorW = z.object({ error: z.object({ code: z.string(), message: z.string() }) });

/** What our create call sends (POST /servers). */
export interface CreateServerBody {
  name: string;
  server_type: string;
  image: string;
  location: string;
  ssh_keys: string[];
  user_data?: string;
  labels: Record<string, string>;
  start_after_create: boolean;
  public_net: { enable_ipv4: boolean; enable_ipv6: boolean };
}

export interface RecordW {
  value: string;
}
