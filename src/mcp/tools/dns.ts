/**
 * MCP tools infra.dns.zones, infra.dns.records, infra.dns.set and infra.dns.delete.
 * The spec's infra.domain.* tools are not registered: the registrar is not built yet, and a tool
 * that always fails would only mislead an agent. They join here when the Registrar lands.
 */
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import type { InfraClient } from '../../client/api';
import { parseInput, recordInputSchema, zoneSchema as zoneNameSchema } from '../../domain/validate';
import { RECORD_TYPES } from '../../domain/types';
import { guarded, ok } from '../result';
import { recordSchema, zoneSchema } from '../schemas';

const zoneArg = z.string().min(1).max(253).describe('Zone, e.g. example.com');

export function registerDnsTools(server: McpServer, client: InfraClient): void {
  server.registerTool('infra.dns.zones', {
    title: 'List DNS zones',
    description: 'List managed DNS zones with their provider and record count.',
    inputSchema: {},
    outputSchema: { zones: z.array(zoneSchema) },
    annotations: { readOnlyHint: true, openWorldHint: true },
  }, () => guarded(async () => ok({ zones: await client.dev.infra.dns.zones() })));

  server.registerTool('infra.dns.records', {
    title: 'List DNS records',
    description: "List the records of a zone. Names are zone-relative, '@' is the apex.",
    inputSchema: { zone: zoneArg },
    outputSchema: { zone: z.string(), records: z.array(recordSchema) },
    annotations: { readOnlyHint: true, openWorldHint: true },
  }, ({ zone }) => guarded(async () => {
    const z0 = parseInput(zoneNameSchema, zone, 'zone');
    return ok({ zone: z0, records: await client.dev.infra.dns.records(z0) });
  }));

  server.registerTool('infra.dns.set', {
    title: 'Create or update a DNS record',
    description: "Upsert a record: replaces the records of that name and type. name is zone-relative ('blog', '@').",
    inputSchema: {
      zone: zoneArg,
      type: z.enum(RECORD_TYPES),
      name: z.string().min(1).max(253),
      content: z.string().min(1).max(4096),
      ttl: z.number().int().optional(),
      priority: z.number().int().optional().describe('MX only'),
      proxied: z.boolean().optional().describe('Cloudflare only'),
    },
    outputSchema: { zone: z.string(), record: recordSchema },
    // It overwrites what was there, so it is marked destructive; repeating it changes nothing more.
    annotations: { destructiveHint: true, idempotentHint: true, openWorldHint: true },
  }, ({ zone, ...record }) => guarded(async () => {
    const z0 = parseInput(zoneNameSchema, zone, 'zone');
    const r = parseInput(recordInputSchema, dropUndefined(record), 'record');
    return ok({ zone: z0, record: await client.dev.infra.dns.set(z0, r) });
  }));

  server.registerTool('infra.dns.delete', {
    title: 'Delete DNS records',
    description: 'Delete the records of a name and type (only the one with `content` when given). Deleting what is absent succeeds.',
    inputSchema: { zone: zoneArg, type: z.enum(RECORD_TYPES), name: z.string().min(1).max(253), content: z.string().max(4096).optional() },
    outputSchema: { zone: z.string(), deleted: z.object({ type: z.enum(RECORD_TYPES), name: z.string(), content: z.string().optional() }) },
    annotations: { destructiveHint: true, idempotentHint: true, openWorldHint: true },
  }, ({ zone, ...rec }) => guarded(async () => {
    const z0 = parseInput(zoneNameSchema, zone, 'zone');
    const deleted = dropUndefined(rec);
    await client.dev.infra.dns.delete(z0, deleted);
    return ok({ zone: z0, deleted });
  }));
}

function dropUndefined<T extends Record<string, unknown>>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}
