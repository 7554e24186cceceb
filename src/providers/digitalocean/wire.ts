/**
 * DigitalOcean API v2 wire shapes: the fields this adapter reads, checked with zod when responses
 * arrive so an unexpected shape fails loudly at the edge instead of deep inside convert.ts.
 */
import { z } from 'zod';

const network = z.object({ ip_address: z.string(), type: z.string() });

export const dropletSchema = z.object({
  id: z.number().int(),
  name: z.string(),
  status: z.string(),
  created_at: z.string(),
  size_slug: z.string(),
  size: z.object({ price_monthly: z.number() }).nullish(),
  region: z.object({ slug: z.string() }),
  networks: z.object({ v4: z.array(network).default([]), v6: z.array(network).default([]) }),
  tags: z.array(z.string()).nullish(),
});
export type DoDroplet = z.infer<typeof dropletSchema>;

export const sizeSchema = z.object({
  slug: z.string(),
  memory: z.number(),
  vcpus: z.number(),
  disk: z.number(),
  price_monthly: z.number(),
  regions: z.array(z.string()),
  available: z.boolean(),
  description: z.string().optional(),
});
export type DoSize = z.infer<typeof sizeSchema>;

export const regionSchema = z.object({ slug: z.string(), name: z.string(), available: z.boolean() });
export type DoRegion = z.infer<typeof regionSchema>;

export const sshKeySchema = z.object({ id: z.number().int(), name: z.string(), fingerprint: z.string(), public_key: z.string() });
export type DoSshKey = z.infer<typeof sshKeySchema>;

export const domainSchema = z.object({ name: z.string() });
export type DoDomain = z.infer<typeof domainSchema>;

export const domainRecordSchema = z.object({
  id: z.number().int(),
  type: z.string(),
  name: z.string(),
  data: z.string(),
  priority: z.number().nullish(),
  port: z.number().nullish(),
  ttl: z.number(),
  weight: z.number().nullish(),
  flags: z.number().nullish(),
  tag: z.string().nullish(),
});
export type DoDomainRecord = z.infer<typeof domainRecordSchema>;

/** What we send to create or update a record. */
export interface DoRecordInput {
  type: string;
  name: string;
  data: string;
  ttl: number;
  priority?: number | null;
  flags?: number | null;
  tag?: string | null;
}

/** What we send to create a droplet. */
export interface DoCreateDroplet {
  name: string;
  size: string;
  region: string;
  image: string;
  ssh_keys: Array<string | number>;
  tags: string[];
  user_data?: string;
  ipv6: boolean;
}

/** DO's error body: `{id, message, request_id?}`. */
export const errorBodySchema = z.object({ id: z.string(), message: z.string(), request_id: z.string().optional() });

/** The pagination envelope of every list. */
export const listEnvelopeSchema = z.object({
  links: z.object({ pages: z.object({ next: z.string().optional() }).partial().optional() }).partial().optional(),
  meta: z.object({ total: z.number().optional() }).optional(),
});
