/**
 * MCP tools infra.domain.check and infra.domain.register (the spec's two), from the catalogue.
 * Register costs money: the same human gate as infra.vps.create, never approvable by the model.
 */
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import { domainCheck, domainRegister } from '../../operations/catalogue';
import { registerOperationTool, type ToolContext } from '../operation-tool';
import { dropUndefined } from './vps';

const money = z.object({ amount: z.string(), minor: z.number(), currency: z.string() });
const checkSchema = z.object({
  domain: z.string(), available: z.boolean(), price: z.number().optional(), currency: z.string().optional(), premium: z.boolean().optional(),
  renewalPrice: z.number().optional(), pricing: z.object({ registration: money, renewal: money }).optional(), reason: z.string().optional(),
});
const registrationSchema = z.object({
  domain: z.string(), status: z.string(), expiresAt: z.string().nullable(), autoRenew: z.boolean(), nameservers: z.array(z.string()), zone: z.string().optional(),
});

export function registerDomainTools(server: McpServer, ctx: ToolContext): void {
  registerOperationTool(server, ctx, {
    op: domainCheck, args: { domain: z.string().max(253).describe('Domain name, e.g. my-new-domain.com') },
    output: checkSchema.shape, toInput: (a) => ({ domain: a.domain }), toOutput: (r) => ({ ...r }),
  });

  registerOperationTool(server, ctx, {
    op: domainRegister,
    args: {
      domain: z.string().max(253).describe('Domain to register'),
      years: z.number().int().optional().describe('1 to 10 (default 1)'),
      autoRenew: z.boolean().optional(),
      privacy: z.boolean().optional().describe('WHOIS redaction (default true)'),
      zone: z.boolean().optional().describe('Make it a managed DNS zone once registered'),
      registrant: z.record(z.string(), z.string()).optional().describe('firstName, lastName, email, phone (+1.5555555555), address, city, state, postalCode, country (ISO alpha-2); omit to use the account default'),
    },
    output: { registration: registrationSchema },
    toInput: (a) => dropUndefined(a) as never,
    toOutput: (r) => ({ registration: r }),
  });
}
