/**
 * infra.pending (always) and infra.approve / infra.reject (only when a person started the server
 * with `--allow-agent-approval`; see src/mcp/confirmable.ts for why approval is gated). Rejecting
 * is gated the same way: otherwise an agent could cancel any human's pending decision. A delegated
 * decision is recorded as `mcp:<client name>` (the name the client gave at initialize).
 */
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import type { InfraClient } from '../../client/api';
import { guarded, ok } from '../result';
import { confirmationSchema } from '../schemas';

export function registerDecisionTools(server: McpServer, client: InfraClient, opts: { allowAgentApproval: boolean }): void {
  server.registerTool('infra.pending', {
    title: 'Pending decisions',
    description: 'Operations waiting for a human decision (what to tell the user to approve).',
    inputSchema: {},
    outputSchema: { pending: z.array(confirmationSchema.extend({ workflowType: z.string() })) },
    annotations: { readOnlyHint: true },
  }, () => guarded(async () => ok({ pending: await client.pending() })));

  if (!opts.allowAgentApproval) return;
  const decider = () => ({ by: `mcp:${clientName(server)}`, surface: 'mcp' as const });
  server.registerTool('infra.reject', {
    title: 'Reject a pending decision (delegated)',
    description: 'Cancel an operation that waits for a decision; nothing is done. Offered only because the user started ' +
      'this server with --allow-agent-approval.',
    inputSchema: { workflowId: z.string().min(1).max(256), reason: z.string().max(500).optional() },
    outputSchema: { workflowId: z.string(), rejected: z.boolean() },
    annotations: { destructiveHint: false, idempotentHint: true },
  }, ({ workflowId, reason }) => guarded(async () => {
    await client.reject(workflowId, { decider: decider(), reason });
    return ok({ workflowId, rejected: true });
  }));

  server.registerTool('infra.approve', {
    title: 'Approve a pending decision (delegated)',
    description: 'Approve a paid or destructive operation on behalf of the user. Offered only because the user started ' +
      'this server with --allow-agent-approval; still confirm with the user before calling it.',
    inputSchema: { workflowId: z.string().min(1).max(256), reason: z.string().max(500).optional() },
    outputSchema: { workflowId: z.string(), approved: z.boolean() },
    annotations: { destructiveHint: true, idempotentHint: true },
  }, ({ workflowId, reason }) => guarded(async () => {
    await client.approve(workflowId, { decider: decider(), reason });
    return ok({ workflowId, approved: true });
  }));
}

/** The client's name from the MCP handshake, cut to a safe label. */
function clientName(server: McpServer): string {
  const name = server.server.getClientVersion()?.name ?? '';
  return name.replace(/[^A-Za-z0-9._-]/g, '').slice(0, 64) || 'unknown-client';
}
