/**
 * The surfaces over the real system: the CLI program, the MCP server and the dashboard API on the
 * real client, the real worker on the Temporal dev server, and the provider sandbox over HTTP.
 */
import os from 'node:os';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { startDashboard } from '../../src/dashboard/server';
import { signIn } from '../helpers/dashboard-session';
import { createMcpServer, type McpServerOptions } from '../../src/mcp/server';
import { startSystem, type TestSystem } from '../helpers/system';
import { run, statusOf } from './harness';

describe('CLI, MCP and dashboard on the real client', () => {
  let sys: TestSystem;
  const on = () => ({ deps: { client: async () => sys.client } });

  beforeAll(async () => {
    sys = await startSystem({ sandbox: { providers: ['hetzner', 'cloudflare'], hosts: true, dns: false } });
    // The program closes its client after each command; the shared system client must stay open.
    sys.client.close = async () => undefined;
  });
  afterAll(async () => {
    await sys?.stop();
  });

  test('vps create --yes prints step progress, list shows the server, destroy --yes removes it', async () => {
    const created = await run(['dev', 'infra', 'vps', 'create', 'hetzner', '--name', 'cli-e2e-1', '--type', 'cx22', '--region', 'fsn1', '--yes', '--json'], on());
    expect(created.exitCode).toBe(0);
    expect(JSON.parse(created.out)).toMatchObject({ name: 'cli-e2e-1', provider: 'hetzner', status: 'running' });
    expect(created.err.split('\n').length).toBeGreaterThan(1);
    for (const line of created.err.split('\n')) expect(line).toMatch(/^\[\d+(\/\d+)?\] \S/);

    const list = await run(['dev', 'infra', 'vps', 'list'], on());
    expect(list.out).toMatch(/^cli-e2e-1\s+hetzner\s+\d+\.\d+\.\d+\.\d+\s+running\s+cx22\s+fsn1\s/m);

    const destroyed = await run(['dev', 'infra', 'vps', 'destroy', 'cli-e2e-1', '--yes'], on());
    expect(destroyed).toMatchObject({ exitCode: 0, out: 'Destroyed cli-e2e-1' });
    expect(sys.requests('hetzner', 'DELETE', /\/v1\/servers\//)).toHaveLength(1);
  });

  test('without a terminal the create waits; approve from another command finishes it', async () => {
    const left = await run(['dev', 'infra', 'vps', 'create', 'hetzner', '--name', 'cli-e2e-2', '--type', 'cx22', '--region', 'fsn1'], on());
    expect(left.exitCode).toBe(0);
    expect(left.err).toContain('approve: fazt dev infra approve vps-create:hetzner:cli-e2e-2');
    expect(sys.requests('hetzner', 'POST', /\/v1\/servers$/).filter((r) => r.status < 300)).toHaveLength(1);

    const pending = await run(['dev', 'infra', 'pending', '--json'], on());
    expect(JSON.parse(pending.out).map((p: { workflowId: string }) => p.workflowId)).toContain('vps-create:hetzner:cli-e2e-2');
    const approved = await run(['dev', 'infra', 'approve', 'vps-create:hetzner:cli-e2e-2'], on());
    expect(approved.out.split('\n')[0]).toBe(`Approved vps-create:hetzner:cli-e2e-2 as ${os.userInfo().username} (cli)`);

    expect(await statusOf('vps-create:hetzner:cli-e2e-2', on())).toBe('COMPLETED');
    expect((await run(['dev', 'infra', 'vps', 'get', 'cli-e2e-2', '--json'], on())).out).toContain('"status": "running"');
  });

  test('MCP destroy returns the pending request; a human rejects it; the server stays', async () => {
    const server = createMcpServer(sys.client, { followWaitMs: 5000 });
    const [a, b] = InMemoryTransport.createLinkedPair();
    const mcp = new Client({ name: 'e2e', version: '0' });
    await Promise.all([server.connect(a), mcp.connect(b)]);
    try {
      const first = await mcp.callTool({ name: 'infra.vps.destroy', arguments: { id: 'cli-e2e-2' } });
      const s1 = first.structuredContent as { status: string; workflowId: string; confirmation: { id: string; reason: string } };
      expect(s1.status).toBe('pending_confirmation');
      expect(s1.confirmation.reason).toMatch(/^Destroy server cli-e2e-2 \(/);
      const rejected = await run(['dev', 'infra', 'reject', s1.workflowId, '--reason', 'not today'], on());
      expect(rejected.exitCode).toBe(0);
      const after = await mcp.callTool({ name: 'infra.vps.destroy', arguments: { confirmed: true, confirmationId: s1.confirmation.id } });
      expect(after.isError).toBe(true);
      expect(JSON.parse((after.content as Array<{ text: string }>)[0].text).error.code).toBe('INFRA_CANCELED');
      expect(sys.requests('hetzner', 'DELETE', /\/v1\/servers\//)).toHaveLength(1);
    } finally {
      await mcp.close();
      await server.close();
    }
  });

  async function mcpOn(opts: McpServerOptions = {}) {
    const server = createMcpServer(sys.client, { followWaitMs: 10_000, ...opts });
    const [a, b] = InMemoryTransport.createLinkedPair();
    const mcp = new Client({ name: 'e2e', version: '0' });
    await Promise.all([server.connect(a), mcp.connect(b)]);
    return { mcp, close: async () => (await mcp.close(), await server.close()) };
  }

  test('MCP create: confirmed: true from the agent approves nothing; a human approves with the CLI; the follow-up collects the server', async () => {
    const { mcp, close } = await mcpOn();
    try {
      const first = await mcp.callTool({ name: 'infra.vps.create', arguments: { provider: 'hetzner', name: 'agent-1', type: 'cx22', region: 'fsn1' } });
      const s1 = first.structuredContent as { status: string; workflowId: string; confirmation: { id: string; workflowId: string; reason: string }; next: string };
      expect(s1).toMatchObject({ status: 'pending_confirmation', workflowId: 'vps-create:hetzner:agent-1' });
      expect(s1.confirmation.workflowId).toBe(s1.workflowId);
      expect(s1.next).toContain('fazt dev infra approve vps-create:hetzner:agent-1');

      const again = await mcp.callTool({ name: 'infra.vps.create', arguments: { confirmed: true, confirmationId: s1.confirmation.id } });
      expect(again.structuredContent).toMatchObject({ status: 'pending_confirmation', workflowId: s1.workflowId });
      expect((await sys.client.dev.infra.vps.list()).map((s) => s.name)).not.toContain('agent-1');

      expect((await run(['dev', 'infra', 'approve', s1.workflowId], on())).exitCode).toBe(0);
      const done = await mcp.callTool({ name: 'infra.vps.create', arguments: { confirmed: true, confirmationId: s1.confirmation.id } });
      expect(done.structuredContent).toMatchObject({ status: 'completed', server: { name: 'agent-1', status: 'running' } });
    } finally {
      await close();
    }
  });

  test('MCP with --allow-agent-approval: the agent approves a destroy itself', async () => {
    const { mcp, close } = await mcpOn({ allowAgentApproval: true });
    try {
      const first = await mcp.callTool({ name: 'infra.vps.destroy', arguments: { id: 'agent-1' } });
      const s1 = first.structuredContent as { workflowId: string; confirmation: { id: string } };
      expect(s1.workflowId).toBe('vps-destroy:agent-1');
      const ok = await mcp.callTool({ name: 'infra.approve', arguments: { workflowId: s1.workflowId } });
      expect(ok.structuredContent).toEqual({ workflowId: s1.workflowId, approved: true });
      const done = await mcp.callTool({ name: 'infra.vps.destroy', arguments: { confirmed: true, confirmationId: s1.confirmation.id } });
      expect(done.structuredContent).toMatchObject({ status: 'completed' });
      expect((await sys.client.dev.infra.vps.list()).map((s) => s.name)).not.toContain('agent-1');
    } finally {
      await close();
    }
  });

  test('dashboard: a real pending destroy shows what approving means; a rejection from the page cancels it', async () => {
    const dash = await startDashboard({ client: sys.client, port: 0, host: '127.0.0.1' });
    try {
      const destroying = sys.client.dev.infra.vps.destroy('cli-e2e-2').catch((e) => e);
      const session = await signIn(dash);
      let pending: Array<{ workflowId: string; summary: string; decision: string }> = [];
      for (let i = 0; i < 100 && pending.length === 0; i++) {
        pending = (await session.get('/api/pending')).body.pending as typeof pending;
        if (pending.length === 0) await new Promise((r) => setTimeout(r, 100));
      }
      expect(pending).toEqual([expect.objectContaining({ workflowId: 'vps-destroy:cli-e2e-2', decision: 'destroys', summary: 'Destroy VPS (requires confirmation)' })]);
      const res = await session.post(`/api/pending/${encodeURIComponent('vps-destroy:cli-e2e-2')}/reject`, JSON.stringify({ reason: 'keep it' }));
      expect(res.status).toBe(200);
      expect(await destroying).toMatchObject({ code: 'INFRA_CANCELED' });
      expect((await sys.client.dev.infra.vps.list()).map((s) => s.name)).toContain('cli-e2e-2');
    } finally {
      await dash.close();
    }
  });
});
