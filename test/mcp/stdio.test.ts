import { PassThrough } from 'node:stream';
import { serveStdio } from '../../src/mcp/stdio';
import { startSystem, type TestSystem } from '../helpers/system';

let sys: TestSystem;
beforeAll(async () => {
  sys = await startSystem({ sandbox: { providers: ['cloudflare'], hosts: false, dns: false }, zones: [{ zone: 'stdio.test', provider: 'cloudflare' }] });
});
afterAll(async () => {
  await sys?.stop();
});

/** Speaks newline-delimited JSON-RPC to `fazt mcp`'s stdio server, as an MCP host would. */
test('fazt mcp answers initialize, tools/list and tools/call over stdio, and stops when stdin ends', async () => {
  const stdin = new PassThrough();
  const stdout = new PassThrough();
  const served = serveStdio(sys.client, { allowAgentApproval: false }, { stdin, stdout });
  const responses = new Map<number, any>();
  let buffer = '';
  stdout.on('data', (chunk: Buffer) => {
    buffer += chunk.toString('utf8');
    let nl: number;
    while ((nl = buffer.indexOf('\n')) >= 0) {
      const msg = JSON.parse(buffer.slice(0, nl));
      buffer = buffer.slice(nl + 1);
      if (msg.id !== undefined) responses.set(msg.id, msg);
    }
  });
  const call = async (id: number, method: string, params: unknown) => {
    stdin.write(`${JSON.stringify({ jsonrpc: '2.0', id, method, params })}\n`);
    for (let i = 0; i < 1000 && !responses.has(id); i++) await new Promise((r) => setTimeout(r, 10));
    return responses.get(id);
  };

  const init = await call(1, 'initialize', { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'host', version: '1' } });
  expect(init.result.serverInfo.name).toBe('fazt-infra');
  stdin.write(`${JSON.stringify({ jsonrpc: '2.0', method: 'notifications/initialized' })}\n`);
  const tools = await call(2, 'tools/list', {});
  expect(tools.result.tools.map((t: { name: string }) => t.name)).toContain('infra.vps.create');
  const zones = await call(3, 'tools/call', { name: 'infra.dns.zones', arguments: {} });
  expect(zones.result.structuredContent.zones).toEqual([expect.objectContaining({ zone: 'stdio.test', provider: 'cloudflare' })]);
  stdin.end();
  await served;
});
