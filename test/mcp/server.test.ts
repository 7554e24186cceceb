import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { createMcpServer, type McpServerOptions } from '../../src/mcp/server';
import { OPERATIONS } from '../../src/operations/catalogue';
import { FakeInfraClient } from '../helpers/fake-client';

interface Connected {
  client: Client;
  server: McpServer;
  infra: FakeInfraClient;
}

async function connect(opts: McpServerOptions = {}, infra = new FakeInfraClient()): Promise<Connected> {
  const server = createMcpServer(infra, { followWaitMs: 500, ...opts });
  const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
  const client = new Client({ name: 'test', version: '0.0.0' });
  await Promise.all([server.connect(serverSide), client.connect(clientSide)]);
  return { client, server, infra };
}

function errorOf(value: unknown): { code: string; message: string } {
  const result = value as { isError?: boolean; content: Array<{ type: string; text: string }> };
  expect(result.isError).toBe(true);
  const [block] = result.content;
  return JSON.parse(block.text).error;
}

// Paid and destructive flows end to end (approve, reject, agent approval) run on the real system in test/cli/e2e.test.ts.
describe('MCP server', () => {
  let c: Connected;
  afterEach(async () => {
    await c?.client.close();
    await c?.server.close();
  });

  test('lists the spec tools with hints, without infra.approve by default', async () => {
    c = await connect();
    const { tools } = await c.client.listTools();
    const names = tools.map((t) => t.name).sort();
    expect(names).toEqual([
      'infra.dns.delete', 'infra.dns.records', 'infra.dns.set', 'infra.dns.zones',
      'infra.pending', 'infra.reject',
      'infra.vps.create', 'infra.vps.destroy', 'infra.vps.list', 'infra.vps.status',
    ]);
    const by = Object.fromEntries(tools.map((t) => [t.name, t]));
    for (const n of ['infra.vps.create', 'infra.vps.destroy', 'infra.dns.delete']) expect(by[n].annotations?.destructiveHint).toBe(true);
    for (const n of ['infra.vps.list', 'infra.vps.status', 'infra.dns.zones', 'infra.dns.records']) expect(by[n].annotations?.readOnlyHint).toBe(true);
    expect(by['infra.vps.list'].outputSchema?.properties).toHaveProperty('servers');
    expect(by['infra.vps.create'].inputSchema.properties).toHaveProperty('confirmationId');
  });

  test('operation tools take name, description, hints and confirmation gating from the catalogue', async () => {
    c = await connect();
    const ops = Object.values(OPERATIONS) as Array<(typeof OPERATIONS)[keyof typeof OPERATIONS]>;
    const tools = (await c.client.listTools()).tools.filter((t) => !['infra.pending', 'infra.reject'].includes(t.name));
    expect(tools.length).toBeGreaterThan(0);
    for (const t of tools) {
      const op = ops.find((o) => `infra.${o.name}` === t.name);
      expect(op).toBeDefined();
      expect(t.title).toBe(op!.summary);
      expect(t.description).toContain(op!.summary);
      expect(t.annotations?.readOnlyHint).toBe(op!.access === 'read');
      const gated = op!.decision === 'paid' || op!.decision === 'destroys';
      expect(Object.keys(t.inputSchema.properties ?? {}).includes('confirmationId')).toBe(gated);
      if (gated) expect(t.description).toContain('waits for a human decision');
    }
  });

  test('infra.approve is offered only with the allow flag', async () => {
    c = await connect({ allowAgentApproval: true });
    const names = (await c.client.listTools()).tools.map((t) => t.name);
    expect(names).toContain('infra.approve');
  });

  test('read tools return structured content', async () => {
    c = await connect();
    const list = await c.client.callTool({ name: 'infra.vps.list', arguments: {} });
    expect((list.structuredContent as { servers: Array<{ name: string }> }).servers.map((s) => s.name)).toEqual(['fazt-prod-1', 'fazt-staging', 'edge<b>1</b>']);
    const status = await c.client.callTool({ name: 'infra.vps.status', arguments: { id: 'fazt-prod-1' } });
    expect(status.structuredContent).toMatchObject({ id: 'hetzner:101', faztStatus: 'healthy', load: [0.5, 0.3, 0.2] });
    const zones = await c.client.callTool({ name: 'infra.dns.zones', arguments: {} });
    expect(zones.structuredContent).toEqual({ zones: [
      { zone: 'example.com', provider: 'cloudflare', records: 4 }, { zone: 'test.dev', provider: 'hetzner', records: 1 },
    ] });
    const records = await c.client.callTool({ name: 'infra.dns.records', arguments: { zone: 'Test.Dev' } });
    expect(records.structuredContent).toEqual({ zone: 'test.dev', records: [{ type: 'A', name: '@', content: '10.0.0.1', ttl: 300 }] });
  });

  test('dns.set and dns.delete change the zone; bad records are INFRA_INVALID_INPUT before any call', async () => {
    c = await connect();
    const set = await c.client.callTool({ name: 'infra.dns.set', arguments: { zone: 'example.com', type: 'A', name: 'api', content: '1.2.3.4', ttl: 120 } });
    expect(set.structuredContent).toEqual({ zone: 'example.com', record: { type: 'A', name: 'api', content: '1.2.3.4', ttl: 120 } });
    const del = await c.client.callTool({ name: 'infra.dns.delete', arguments: { zone: 'example.com', type: 'A', name: 'api' } });
    expect(del.structuredContent).toEqual({ zone: 'example.com', deleted: { type: 'A', name: 'api' } });
    expect(c.infra.zones['example.com'].records.some((r) => r.name === 'api')).toBe(false);
    const before = c.infra.calls.length;
    const bad = await c.client.callTool({ name: 'infra.dns.set', arguments: { zone: 'example.com', type: 'A', name: 'x', content: 'not-an-ip' } });
    expect(errorOf(bad)).toMatchObject({ code: 'INFRA_INVALID_INPUT', message: expect.stringContaining('is not an IPv4 address') });
    expect(c.infra.calls.length).toBe(before);
  });

  test('client errors come back as isError with the InfraError code', async () => {
    c = await connect();
    const missing = await c.client.callTool({ name: 'infra.vps.status', arguments: { id: 'nope' } });
    expect(errorOf(missing)).toEqual({ code: 'INFRA_NOT_FOUND', message: 'Server nope not found' });
    const notConfigured = await c.client.callTool({ name: 'infra.vps.create', arguments: { provider: 'vultr', name: 'v1', type: 'vc2', region: 'ams' } });
    expect(errorOf(notConfigured)).toMatchObject({ code: 'INFRA_NOT_CONFIGURED', hint: 'Run: fazt dev config infra.vps.vultr --token xxx' });
  });

  test('the workflow id comes with the confirmation request: nothing lists pending decisions to find it', async () => {
    c = await connect();
    const first = await c.client.callTool({ name: 'infra.vps.destroy', arguments: { id: 'fazt-prod-1' } });
    expect(first.structuredContent).toMatchObject({ status: 'pending_confirmation', workflowId: 'vps-destroy:hetzner:101' });
    expect(c.infra.callsOf('pending')).toEqual([]);
  });

  test('confirmed: true without a confirmationId is invalid input', async () => {
    c = await connect();
    const r = await c.client.callTool({ name: 'infra.vps.create', arguments: { confirmed: true } });
    expect(errorOf(r).code).toBe('INFRA_INVALID_INPUT');
  });

  test('resources: server list, one server by id, a zone', async () => {
    c = await connect();
    const templates = await c.client.listResourceTemplates();
    expect(templates.resourceTemplates.map((t) => t.uriTemplate).sort()).toEqual(['fazt://infra/dns/{zone}', 'fazt://infra/vps/{id}']);
    const listed = await c.client.listResources();
    expect(listed.resources.map((r) => r.uri)).toEqual(expect.arrayContaining(['fazt://infra/vps', 'fazt://infra/vps/hetzner%3A101', 'fazt://infra/dns/example.com']));

    const all = await c.client.readResource({ uri: 'fazt://infra/vps' });
    expect(JSON.parse((all.contents[0] as { text: string }).text)).toHaveLength(3);
    const one = await c.client.readResource({ uri: 'fazt://infra/vps/hetzner%3A101' });
    expect(JSON.parse((one.contents[0] as { text: string }).text)).toMatchObject({ name: 'fazt-prod-1', ip: '123.45.67.89' });
    const plain = await c.client.readResource({ uri: 'fazt://infra/vps/fazt-staging' });
    expect(JSON.parse((plain.contents[0] as { text: string }).text).id).toBe('hetzner:102');
    const zone = await c.client.readResource({ uri: 'fazt://infra/dns/example.com' });
    const body = JSON.parse((zone.contents[0] as { text: string }).text);
    expect(body.zone).toBe('example.com');
    expect(body.records).toHaveLength(4);
    expect(zone.contents[0].mimeType).toBe('application/json');
  });
});
