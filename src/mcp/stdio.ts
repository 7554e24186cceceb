/** `fazt mcp`: the MCP server on stdin/stdout until the client hangs up. */
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import type { InfraClient } from '../client-api';
import { createMcpServer } from './server';

/**
 * Serves over stdio and resolves when the transport closes. stdout belongs to the protocol, so
 * nothing else may print there while this runs.
 */
export async function serveStdio(client: InfraClient, opts: { allowAgentApproval: boolean }): Promise<void> {
  const server = createMcpServer(client, opts);
  const transport = new StdioServerTransport();
  const closed = new Promise<void>((resolve) => {
    transport.onclose = () => resolve();
    process.stdin.once('end', () => resolve());
  });
  await server.connect(transport);
  await closed;
  await server.close();
}
