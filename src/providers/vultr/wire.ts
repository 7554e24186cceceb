/**
 * Vultr API v2 wire types, as zod schemas for the fields we read (VU-SPEC components). Unknown
 * fields pass through untouched. These types never leave src/providers/vultr.
 */
import { z } from 'zod';

export const metaSchema = z.object({
  total: z.number(),
  links: z.object({ next: z.string(), prev: z.string() }),
});

export const instanceSchema = z.object({
  id: z.string(),
  label: z.string(),
  hostname: z.string().optional(),
  main_ip: z.string(),
  v6_main_ip: z.string().nullish(),
  v6_networks: z.array(z.object({ main_ip: z.string() })).nullish(),
  status: z.string(),
  power_status: z.string(),
  server_status: z.string(),
  plan: z.string(),
  region: z.string(),
  date_created: z.string(),
  tags: z.array(z.string()).nullish(),
});
export type WireInstance = z.infer<typeof instanceSchema>;

export const planSchema = z.object({
  id: z.string(),
  vcpu_count: z.number(),
  ram: z.number(),
  disk: z.number(),
  /** VU-SPEC says integer; prices can be fractional, so any number. */
  monthly_cost: z.number(),
  type: z.string().optional(),
  locations: z.array(z.string()).nullish(),
});
export type WirePlan = z.infer<typeof planSchema>;

export const regionSchema = z.object({
  id: z.string(),
  city: z.string(),
  country: z.string(),
  continent: z.string().optional(),
});
export type WireRegion = z.infer<typeof regionSchema>;

export const sshKeySchema = z.object({
  id: z.string(),
  name: z.string(),
  ssh_key: z.string(),
  date_created: z.string().optional(),
});
export type WireSshKey = z.infer<typeof sshKeySchema>;

/** POST /instances body (the fields we send). */
export interface WireCreateInstance {
  region: string;
  plan: string;
  os_id: number;
  label: string;
  hostname: string;
  tags: string[];
  sshkey_id?: string[];
  /** Base64. */
  user_data?: string;
  enable_ipv6?: boolean;
}

/** Vultr's error body: `{"error": "<message>", "status": <code>}`. */
export const errorBodySchema = z.object({ error: z.string(), status: z.number().optional() });
