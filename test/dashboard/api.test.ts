/**
 * The dashboard's JSON API on the real client: the worker on the Temporal dev server and the
 * provider sandbox over HTTP, so what the page shows is what the system did.
 */
import { startDashboard, type DashboardHandle } from '../../src/dashboard/server';
import { redact } from '../../src/dashboard/routes';
import { startSystem, type TestSystem } from '../helpers/system';
import { signIn, type DashboardSession } from '../helpers/dashboard-session';

describe('dashboard JSON API', () => {
  let sys: TestSystem;
  let dash: DashboardHandle;
  let session: DashboardSession;

  beforeAll(async () => {
    sys = await startSystem({ sandbox: { providers: ['hetzner', 'cloudflare'], hosts: true, dns: false }, zones: [{ zone: 'dash.test', provider: 'cloudflare' }] });
    dash = await startDashboard({
      client: sys.client, port: 0, host: '127.0.0.1', user: 'ops-alice',
      providers: async () => [{ kind: 'vps', provider: 'hetzner', configured: true }, { kind: 'dns', provider: 'cloudflare', configured: true }],
    });
    session = await signIn(dash);
  });
  afterAll(async () => {
    await dash?.close();
    await sys?.stop();
  });

  const get = (path: string) => session.get(path);
  const post = (path: string, body = '{}', headers: Record<string, string> = {}) => session.post(path, body, headers);
  /** The pending list once `workflowId` shows up in it (Temporal visibility follows the workflow). */
  const pendingWith = async (workflowId: string) => {
    for (let i = 0; i < 100; i++) {
      const pending = (await get('/api/pending')).body.pending as Array<Record<string, unknown>>;
      if (pending.some((p) => p.workflowId === workflowId)) return pending;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`${workflowId} never showed up as pending`);
  };

  test('servers, zones, providers and operations', async () => {
    const server = await sys.client.dev.infra.vps.create({ provider: 'hetzner', name: 'dash-1', type: 'cx22', region: 'fsn1' }, { autoApprove: true });
    expect((await get('/api/servers')).body.servers).toEqual([expect.objectContaining({ id: server.id, name: 'dash-1', status: 'running' })]);
    expect((await get('/api/zones')).body.zones).toEqual([expect.objectContaining({ zone: 'dash.test', provider: 'cloudflare' })]);
    const providers = (await get('/api/providers')).body;
    expect(providers.vps.find((p: { provider: string }) => p.provider === 'hetzner')).toEqual({ provider: 'hetzner', name: 'Hetzner', currency: 'EUR', servers: 1, configured: true, monthlyCost: Math.round(server.monthlyCost! * 100) / 100 });
    expect(providers.dns.find((p: { provider: string }) => p.provider === 'cloudflare')).toMatchObject({ name: 'Cloudflare', note: 'Free tier', zones: 1, configured: true });
    const ops = (await get('/api/operations?limit=50')).body.operations as Array<{ workflowId: string }>;
    expect(ops.map((o) => o.workflowId)).toContain('vps-create:hetzner:dash-1');
    expect((await get('/api/operations?limit=zero')).status).toBe(400);
  });

  test('approve and reject pending decisions, with what approving means from the catalogue', async () => {
    const rejected = sys.client.dev.infra.vps.create({ provider: 'hetzner', name: 'dash-2', type: 'cx22', region: 'fsn1' }).catch((e) => e);
    const pending = await pendingWith('vps-create:hetzner:dash-2');
    expect(pending.find((p) => p.workflowId === 'vps-create:hetzner:dash-2')).toMatchObject({ action: 'vps.create', decision: 'paid', summary: 'Create new VPS (requires confirmation)' });
    const no = await post(`/api/pending/${encodeURIComponent('vps-create:hetzner:dash-2')}/reject`, JSON.stringify({ reason: 'too expensive' }));
    expect(no.status).toBe(200);
    // The decider is the session's user (the name tied to the dashboard's token), not anything the body says.
    expect(await no.json()).toEqual({
      workflowId: 'vps-create:hetzner:dash-2', decision: 'rejected',
      record: expect.objectContaining({ approved: false, by: 'ops-alice', surface: 'dashboard', reason: 'too expensive', requestHash: expect.stringMatching(/^[0-9a-f]{64}$/) }),
    });
    expect(await rejected).toMatchObject({ code: 'INFRA_CANCELED', message: expect.stringContaining('too expensive') });
    expect(session.user).toBe('ops-alice');

    const destroyed = sys.client.dev.infra.vps.destroy('dash-1');
    await pendingWith('vps-destroy:dash-1');
    const ok = await post(`/api/pending/${encodeURIComponent('vps-destroy:dash-1')}/approve`);
    expect(ok.status).toBe(200);
    expect(await destroyed).toBeUndefined();
    expect(sys.requests('hetzner', 'DELETE', /\/v1\/servers\//)).toHaveLength(1);
    expect((await post('/api/pending/nope/approve')).status).toBe(404);
  });

  test('input is validated; cross-origin and non-JSON posts are refused', async () => {
    expect((await post('/api/pending/bad%20id/approve')).status).toBe(400);
    expect((await post('/api/pending/x/approve', JSON.stringify({ extra: 1 }))).status).toBe(400);
    // The decider comes from the session: a body naming one is refused, not believed.
    expect((await post('/api/pending/x/approve', JSON.stringify({ by: 'someone-else' }))).status).toBe(400);
    expect((await post('/api/pending/x/approve', 'a=1', { 'Content-Type': 'application/x-www-form-urlencoded' })).status).toBe(415);
    expect((await post('/api/pending/x/approve', '{}', { Origin: 'http://evil.example' })).status).toBe(403);
    expect((await fetch(new URL('/api/pending/x/approve', dash.url), { headers: { Cookie: session.cookie } })).status).toBe(405);
  });

  test('a foreign Host header (DNS rebinding) is refused', async () => {
    const http = await import('node:http');
    const status = await new Promise<number>((resolve, reject) => {
      const req = http.request(new URL('/api/servers', dash.url), { headers: { Host: 'attacker.example:80' } }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', reject);
      req.end();
    });
    expect(status).toBe(421);
  });

  test('the page and its assets are served with a strict CSP', async () => {
    const headers = { Cookie: session.cookie };
    const res = await fetch(dash.url, { headers });
    expect(res.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(await res.text()).toContain('Managed servers');
    expect((await fetch(new URL('/app.js', dash.url), { headers })).status).toBe(200);
    expect((await fetch(new URL('/../../package.json', dash.url), { headers })).status).toBe(404);
  });

  test('redact hides secret-named fields at any depth', () => {
    expect(redact({ a: 1, token: 'x', nested: [{ apiKey: 'y', name: 'k' }], Authorization: 'Bearer z' })).toEqual({
      a: 1, token: '[redacted]', nested: [{ apiKey: '[redacted]', name: 'k' }], Authorization: '[redacted]',
    });
  });
});
