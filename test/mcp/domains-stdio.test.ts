/**
 * The domain tools through an MCP host speaking JSON-RPC over stdio: infra.domain.check answers
 * with exact prices; infra.domain.register returns pending_confirmation and orders nothing until a
 * human approves (the model cannot: no infra.approve without the allow flag); then a follow-up
 * call collects the registration; fazt://infra/domains lists it.
 */
import { PassThrough } from 'node:stream';
import { serveStdio } from '../../src/mcp/stdio';
import { eventually } from '../helpers/eventually';
import { startSystem, type TestSystem } from '../helpers/system';

let sys: TestSystem;
beforeAll(async () => {
  sys = await startSystem({ sandbox: { providers: ['cloudflare'], hosts: false, dns: false } });
});
afterAll(async () => {
  await sys?.stop();
});

test('infra.domain.check and the human-gated infra.domain.register over stdio', async () => {
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
    for (let i = 0; i < 3000 && !responses.has(id); i++) await new Promise((r) => setTimeout(r, 10));
    return responses.get(id);
  };

  await call(1, 'initialize', { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'host', version: '1' } });
  stdin.write(`${JSON.stringify({ jsonrpc: '2.0', method: 'notifications/initialized' })}\n`);
  const names = (await call(2, 'tools/list', {})).result.tools.map((t: { name: string }) => t.name);
  expect(names).toEqual(expect.arrayContaining(['infra.domain.check', 'infra.domain.register']));
  expect(names).not.toContain('infra.approve');

  const check = await call(3, 'tools/call', { name: 'infra.domain.check', arguments: { domain: 'mcp-domain.dev' } });
  expect(check.result.structuredContent).toMatchObject({ domain: 'mcp-domain.dev', available: true, price: 12, currency: 'USD', pricing: { registration: { amount: '12.00', minor: 1200 } } });

  const first = await call(4, 'tools/call', { name: 'infra.domain.register', arguments: { domain: 'mcp-domain.dev', years: 2 } });
  const state = first.result.structuredContent;
  expect(state).toMatchObject({ status: 'pending_confirmation', workflowId: 'domain-register:mcp-domain.dev' });
  expect(state.confirmation.data).toMatchObject({ domain: 'mcp-domain.dev', years: 2, pricePerYear: '12.00', total: '24.00', nonRefundable: true });
  expect(sys.requests('cloudflare', 'POST', /registrar\/registrations$/)).toHaveLength(0);

  await sys.client.approve(state.workflowId, { decider: { by: 'a human', surface: 'api' } });
  const done = await eventually(async () => {
    const r = await call(100 + Math.floor(Math.random() * 1e6), 'tools/call', {
      name: 'infra.domain.register', arguments: { confirmed: true, confirmationId: state.confirmation.id, workflowId: state.workflowId },
    });
    return r?.result?.structuredContent?.status === 'completed' ? r.result.structuredContent : null;
  }, 30_000, 300);
  expect(done.registration).toMatchObject({ domain: 'mcp-domain.dev', status: 'registered' });
  expect(sys.requests('cloudflare', 'POST', /registrar\/registrations$/)).toHaveLength(1);

  const res = await call(5, 'resources/read', { uri: 'fazt://infra/domains' });
  expect(JSON.parse(res.result.contents[0].text).map((d: { domain: string }) => d.domain)).toContain('mcp-domain.dev');
  stdin.end();
  await served;
});
