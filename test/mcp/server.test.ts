/**
 * The MCP server on the real client: the worker on the Temporal dev server and the provider
 * sandbox over HTTP. Paid and destructive flows end to end (approve, reject, agent approval) are in
 * test/cli/e2e.test.ts.
 */
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { Server } from '../../src/domain/types';
import { createMcpServer, type McpServerOptions } from '../../src/mcp/server';
import { OPERATIONS } from '../../src/operations/catalogue';
import { startSystem, type TestSystem } from '../helpers/system';

interface Connected {
  client: Client;
  server: McpServer;
}

let sys: TestSystem;
let web: Server;

beforeAll(async () => {
  sys = await startSystem({ sandbox: { providers: ['hetzner', 'cloudflare'], hosts: true, dns: false }, zones: [{ zone: 'mcp.test', provider: 'cloudflare' }] });
  web = await sys.client.dev.infra.vps.create({ provider: 'hetzner', name: 'mcp-web', type: 'cx22', region: 'fsn1', installFazt: true, faztConfig: { domain: 'app.mcp.test' } }, { autoApprove: true });
  await sys.client.dev.infra.dns.set('mcp.test', { type: 'A', name: 'www', content: '192.0.2.10' });
});
afterAll(async () => {
  await sys?.stop();
});

async function connect(opts: McpServerOptions = {}): Promise<Connected> {
  const server = createMcpServer(sys.client, { followWaitMs: 500, ...opts });
  const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
  const client = new Client({ name: 'test', version: '0.0.0' });
  await Promise.all([server.connect(serverSide), client.connect(clientSide)]);
  return { client, server };
}

function errorOf(value: unknown): { code: string; message: string } {
  const result = value as { isError?: boolean; content: Array<{ type: string; text: string }> };
  expect(result.isError).toBe(true);
  const [block] = result.content;
  return JSON.parse(block.text).error;
}

describe('MCP server', () => {
  let c: Connected;
  afterEach(async () => {
    await c?.client.close();
    await c?.server.close();
  });

  test('lists the spec tools with hints, without infra.approve or infra.reject by default', async () => {
    c = await connect();
    const { tools } = await c.client.listTools();
    const names = tools.map((t) => t.name).sort();
    expect(names).toEqual([
      'infra.dns.delete', 'infra.dns.records', 'infra.dns.set', 'infra.dns.zones',
      'infra.domain.check', 'infra.domain.register',
      'infra.pending',
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

  test('infra.approve and infra.reject are offered only with the allow flag', async () => {
    c = await connect({ allowAgentApproval: true });
    const names = (await c.client.listTools()).tools.map((t) => t.name);
    expect(names).toContain('infra.approve');
    expect(names).toContain('infra.reject');
  });

  test('read tools return structured content', async () => {
    c = await connect();
    const list = await c.client.callTool({ name: 'infra.vps.list', arguments: {} });
    expect((list.structuredContent as { servers: Array<{ name: string }> }).servers.map((s) => s.name)).toEqual(['mcp-web']);
    const status = await c.client.callTool({ name: 'infra.vps.status', arguments: { id: 'mcp-web' } });
    expect(status.structuredContent).toMatchObject({ id: web.id, status: 'running', faztStatus: 'healthy' });
    expect((status.structuredContent as { load: number[] }).load).toHaveLength(3);
    const zones = await c.client.callTool({ name: 'infra.dns.zones', arguments: {} });
    expect(zones.structuredContent).toEqual({ zones: [expect.objectContaining({ zone: 'mcp.test', provider: 'cloudflare' })] });
    const records = await c.client.callTool({ name: 'infra.dns.records', arguments: { zone: 'MCP.Test.' } });
    expect(records.structuredContent).toMatchObject({ zone: 'mcp.test' });
    expect((records.structuredContent as { records: unknown[] }).records).toContainEqual(expect.objectContaining({ type: 'A', name: 'www', content: '192.0.2.10' }));
  });

  test('dns.set and dns.delete change the zone; bad records are INFRA_INVALID_INPUT before any call', async () => {
    c = await connect();
    const set = await c.client.callTool({ name: 'infra.dns.set', arguments: { zone: 'mcp.test', type: 'A', name: 'api', content: '192.0.2.4', ttl: 120 } });
    expect(set.structuredContent).toMatchObject({ zone: 'mcp.test', record: { type: 'A', name: 'api', content: '192.0.2.4', ttl: 120 } });
    const del = await c.client.callTool({ name: 'infra.dns.delete', arguments: { zone: 'mcp.test', type: 'A', name: 'api' } });
    expect(del.structuredContent).toEqual({ zone: 'mcp.test', deleted: { type: 'A', name: 'api' } });
    expect((await sys.client.dev.infra.dns.records('mcp.test')).some((r) => r.name === 'api')).toBe(false);
    const before = sys.requests('cloudflare').length;
    const bad = await c.client.callTool({ name: 'infra.dns.set', arguments: { zone: 'mcp.test', type: 'A', name: 'x', content: 'not-an-ip' } });
    expect(errorOf(bad)).toMatchObject({ code: 'INFRA_INVALID_INPUT', message: expect.stringContaining('is not an IPv4 address') });
    expect(sys.requests('cloudflare').length).toBe(before);
  });

  test('client errors come back as isError with the InfraError code', async () => {
    c = await connect();
    const missing = await c.client.callTool({ name: 'infra.vps.status', arguments: { id: 'nope' } });
    expect(errorOf(missing)).toMatchObject({ code: 'INFRA_NOT_FOUND', message: expect.stringContaining('nope') });
    const notConfigured = await c.client.callTool({ name: 'infra.vps.create', arguments: { provider: 'vultr', name: 'v1', type: 'vc2', region: 'ams' } });
    expect(errorOf(notConfigured)).toMatchObject({ code: 'INFRA_NOT_CONFIGURED', message: expect.stringContaining('vultr') });
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
    expect(listed.resources.map((r) => r.uri)).toEqual(expect.arrayContaining(['fazt://infra/vps', `fazt://infra/vps/${encodeURIComponent(web.id)}`, 'fazt://infra/dns/mcp.test']));

    const all = await c.client.readResource({ uri: 'fazt://infra/vps' });
    expect(JSON.parse((all.contents[0] as { text: string }).text)).toHaveLength(1);
    const one = await c.client.readResource({ uri: `fazt://infra/vps/${encodeURIComponent(web.id)}` });
    expect(JSON.parse((one.contents[0] as { text: string }).text)).toMatchObject({ name: 'mcp-web', ip: web.ip });
    const plain = await c.client.readResource({ uri: 'fazt://infra/vps/mcp-web' });
    expect(JSON.parse((plain.contents[0] as { text: string }).text).id).toBe(web.id);
    const zone = await c.client.readResource({ uri: 'fazt://infra/dns/mcp.test' });
    const body = JSON.parse((zone.contents[0] as { text: string }).text);
    expect(body.zone).toBe('mcp.test');
    expect(body.records).toContainEqual(expect.objectContaining({ name: 'www' }));
    expect(zone.contents[0].mimeType).toBe('application/json');
  });
});
