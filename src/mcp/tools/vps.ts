/** MCP tools infra.vps.list, infra.vps.create, infra.vps.status and infra.vps.destroy (from the catalogue). */
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import { VPS_PROVIDERS } from '../../domain/types';
import { vpsCreate, vpsDestroy, vpsList, vpsStatus } from '../../operations/catalogue';
import { registerOperationTool, type ToolContext } from '../operation-tool';
import { healthSchema, serverSchema } from '../schemas';

const serverRef = z.string().min(1).max(128).describe('Server name or <provider>:<id>');

export function registerVpsTools(server: McpServer, ctx: ToolContext): void {
  registerOperationTool(server, ctx, {
    op: vpsList, args: {}, output: { servers: z.array(serverSchema) },
    toInput: () => ({}), toOutput: (servers) => ({ servers }),
  });

  registerOperationTool(server, ctx, {
    op: vpsCreate,
    args: {
      provider: z.enum(VPS_PROVIDERS).optional(),
      name: z.string().max(63).describe('Server name (required for a new create)'),
      type: z.string().max(64).describe('Server type, e.g. cx22'),
      region: z.string().max(64).describe('Region, e.g. fsn1'),
      image: z.string().max(64).optional(),
      sshKeys: z.array(z.string().max(64)).max(20).optional(),
      installFazt: z.boolean().optional(),
      faztConfig: z.object({ domain: z.string().optional(), adminEmail: z.string().optional() }).optional(),
      ipv6: z.boolean().optional(),
    },
    output: { server: serverSchema },
    toInput: (a) => dropUndefined(a),
    toOutput: (s) => ({ server: s }),
  });

  registerOperationTool(server, ctx, {
    op: vpsStatus, args: { id: serverRef }, output: healthSchema.shape,
    toInput: (a) => ({ server: a.id }), toOutput: (h) => ({ ...h }),
  });

  registerOperationTool(server, ctx, {
    op: vpsDestroy, args: { id: serverRef }, output: { destroyed: z.string() },
    toInput: (a) => ({ server: a.id }), toOutput: (_r, a) => (a.id ? { destroyed: a.id } : {}),
  });
}

export function dropUndefined<T extends Record<string, unknown>>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}
