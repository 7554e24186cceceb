/**
 * MCP tools infra.dns.zones, infra.dns.records, infra.dns.set and infra.dns.delete (from the catalogue).
 * The spec's infra.domain.* tools are not registered: the registrar is not built yet, and a tool
 * that always fails would only mislead an agent. They join here when the Registrar lands.
 */
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import { canonicalName } from '../../domain/names';
import { RECORD_TYPES } from '../../domain/types';
import { dnsDelete, dnsRecords, dnsSet, dnsZones } from '../../operations/catalogue';
import { registerOperationTool, type ToolContext } from '../operation-tool';
import { recordSchema, zoneSchema } from '../schemas';
import { dropUndefined } from './vps';
import { PROXYING_PROVIDERS, nameList } from '../../domain/providers';

const zoneArg = z.string().min(1).max(253).describe('Zone, e.g. example.com');

export function registerDnsTools(server: McpServer, ctx: ToolContext): void {
  registerOperationTool(server, ctx, {
    op: dnsZones, args: {}, output: { zones: z.array(zoneSchema) },
    toInput: () => ({}), toOutput: (zones) => ({ zones }),
  });

  registerOperationTool(server, ctx, {
    op: dnsRecords, args: { zone: zoneArg }, output: { zone: z.string(), records: z.array(recordSchema) },
    toInput: (a) => a, toOutput: (records, a) => ({ zone: canonicalName(a.zone), records }),
  });

  registerOperationTool(server, ctx, {
    op: dnsSet,
    args: {
      zone: zoneArg,
      type: z.enum(RECORD_TYPES),
      name: z.string().min(1).max(253).describe("Zone-relative ('blog', '@' for the apex)"),
      content: z.string().min(1).max(4096),
      ttl: z.number().int().optional(),
      priority: z.number().int().optional().describe('MX only'),
      proxied: z.boolean().optional().describe(`${nameList(PROXYING_PROVIDERS)} only`),
    },
    output: { zone: z.string(), record: recordSchema },
    toInput: ({ zone, ...record }) => ({ zone, record: dropUndefined(record) }),
    toOutput: (record, a) => ({ zone: canonicalName(a.zone), record }),
  });

  registerOperationTool(server, ctx, {
    op: dnsDelete,
    args: { zone: zoneArg, type: z.enum(RECORD_TYPES), name: z.string().min(1).max(253), content: z.string().max(4096).optional() },
    output: { zone: z.string(), deleted: z.object({ type: z.enum(RECORD_TYPES), name: z.string(), content: z.string().optional() }) },
    toInput: ({ zone, ...record }) => ({ zone, record: dropUndefined(record) }),
    toOutput: (_r, { zone, ...record }) => ({ zone: canonicalName(zone), deleted: dropUndefined(record) }),
  });
}
