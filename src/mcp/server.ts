/**
 * The MCP server: the spec's infra tools and resources over the typed client, nothing else.
 * Paid and destructive tools wait for a human; see ./confirmable.ts for the design.
 */
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { InfraClient } from '../client/api';
import { ConfirmableOperations } from './confirmable';
import { registerResources } from './resources';
import { registerDecisionTools } from './tools/decisions';
import { registerDnsTools } from './tools/dns';
import { registerDomainTools } from './tools/domains';
import { registerVpsTools } from './tools/vps';

export interface McpServerOptions {
  /**
   * Offer `infra.approve`, letting the agent approve paid or destructive operations itself.
   * Only a person starting the server can turn this on (`fazt mcp --allow-agent-approval`).
   * @default false
   */
  allowAgentApproval?: boolean;
  /** How long a follow-up call waits for an approved operation to finish. @default 30000 */
  followWaitMs?: number;
}

/** Builds the server; connect it to a transport (stdio in ./stdio.ts, in-memory in tests). */
export function createMcpServer(client: InfraClient, opts: McpServerOptions = {}): McpServer {
  const server = new McpServer(
    { name: 'fazt-infra', version: '0.1.0' },
    {
      capabilities: { tools: {}, resources: {} },
      instructions: 'Infrastructure tools (VPS, DNS). Creating or destroying a server waits for a human to approve it ' +
        'outside this conversation; tell the user the workflow id and how to approve, then follow up with confirmed: true.',
    },
  );
  const ops = new ConfirmableOperations(client, opts.followWaitMs ?? 30_000);
  registerVpsTools(server, { client, ops });
  registerDnsTools(server, { client, ops });
  registerDomainTools(server, { client, ops });
  registerDecisionTools(server, client, { allowAgentApproval: opts.allowAgentApproval ?? false });
  registerResources(server, client);
  return server;
}
