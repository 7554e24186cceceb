/**
 * zod shapes of what MCP tools return (their `outputSchema`). They mirror src/domain/types.ts;
 * the SDK validates every `structuredContent` against them, so a drift shows up as a tool error.
 */
import { z } from 'zod';
import { DNS_PROVIDERS, RECORD_TYPES, VPS_PROVIDERS } from '../domain/types';

export const serverSchema = z.object({
  id: z.string(),
  provider: z.enum(VPS_PROVIDERS),
  providerId: z.string(),
  name: z.string(),
  ip: z.string().nullable(),
  ipv6: z.string().nullable(),
  status: z.string(),
  type: z.string(),
  region: z.string(),
  createdAt: z.string(),
  monthlyCost: z.number().nullable(),
  operationId: z.string().nullable(),
  managed: z.boolean(),
  deleteProtected: z.boolean().optional(),
});

export const healthSchema = z.object({
  id: z.string(),
  status: z.string(),
  faztStatus: z.enum(['healthy', 'unhealthy']).nullable(),
  faztVersion: z.string().nullable(),
  uptime: z.number().nullable(),
  load: z.tuple([z.number(), z.number(), z.number()]).nullable(),
  diskUsed: z.number().nullable(),
  diskTotal: z.number().nullable(),
  memUsed: z.number().nullable(),
  memTotal: z.number().nullable(),
});

export const recordSchema = z.object({
  type: z.enum(RECORD_TYPES),
  name: z.string(),
  content: z.string(),
  ttl: z.number(),
  proxied: z.boolean().optional(),
  priority: z.number().optional(),
});

export const zoneSchema = z.object({ zone: z.string(), provider: z.enum(DNS_PROVIDERS), records: z.number() });

export const confirmationSchema = z.object({
  id: z.string(),
  action: z.string(),
  workflowId: z.string(),
  reason: z.string(),
  data: z.record(z.string(), z.unknown()),
  requestedAt: z.string(),
  expiresAt: z.string(),
});

/** Output of a confirmable tool: where the operation stands, and what to do next. */
export const confirmableShape = {
  status: z.enum(['pending_confirmation', 'running', 'completed']),
  workflowId: z.string().nullable(),
  confirmation: confirmationSchema.nullable(),
  /** What the agent should tell the user (who approves, and how). */
  next: z.string(),
};
