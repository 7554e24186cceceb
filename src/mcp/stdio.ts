/** `fazt mcp`: the MCP server on stdin/stdout until the client hangs up. */
import type { Readable, Writable } from 'node:stream';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import type { InfraClient } from '../client/api';
import { createMcpServer } from './server';

/**
 * Serves over stdio and resolves when the input ends or the transport closes. stdout belongs to
 * the protocol, so nothing else may print there while this runs.
 */
export async function serveStdio(
  client: InfraClient,
  opts: { allowAgentApproval: boolean },
  io: { stdin?: Readable; stdout?: Writable } = {},
): Promise<void> {
  const stdin = io.stdin ?? process.stdin;
  const server = createMcpServer(client, opts);
  const transport = new StdioServerTransport(stdin, io.stdout ?? process.stdout);
  const closed = new Promise<void>((resolve) => {
    transport.onclose = () => resolve();
    stdin.once('end', () => resolve());
  });
  await server.connect(transport);
  await closed;
  await server.close();
}
