import { startDashboard, type DashboardHandle } from '../../src/dashboard/server';
import { redact } from '../../src/dashboard/routes';
import { FakeInfraClient } from '../helpers/fake-client';

describe('dashboard JSON API', () => {
  let dash: DashboardHandle;
  let client: FakeInfraClient;

  beforeEach(async () => {
    client = new FakeInfraClient();
    dash = await startDashboard({
      client, port: 0, host: '127.0.0.1',
      providers: async () => [{ kind: 'vps', provider: 'hetzner', configured: true }, { kind: 'dns', provider: 'cloudflare', configured: true }],
    });
  });
  afterEach(() => dash.close());

  const get = async (path: string) => {
    const res = await fetch(new URL(path, dash.url));
    return { status: res.status, body: (await res.json()) as any };
  };
  const post = (path: string, body = '{}', headers: Record<string, string> = { 'Content-Type': 'application/json' }) =>
    fetch(new URL(path, dash.url), { method: 'POST', headers, body });

  test('servers, zones, providers and operations', async () => {
    expect((await get('/api/servers')).body.servers).toHaveLength(3);
    expect((await get('/api/zones')).body.zones.map((z: { zone: string }) => z.zone)).toEqual(['example.com', 'test.dev']);
    const providers = (await get('/api/providers')).body;
    expect(providers.vps).toEqual([
      { provider: 'hetzner', servers: 2, configured: true, monthlyCost: 7.58 },
      { provider: 'digitalocean', servers: 1, configured: false, monthlyCost: 6 },
      { provider: 'vultr', servers: 0, configured: false, monthlyCost: 0 },
    ]);
    expect(providers.dns[0]).toEqual({ provider: 'cloudflare', zones: 1, records: 4, configured: true });
    expect((await get('/api/operations?limit=5')).body).toEqual({ operations: [] });
    expect((await get('/api/operations?limit=zero')).status).toBe(400);
  });

  test('approve and reject pending decisions', async () => {
    client.dev.infra.vps.destroy('fazt-staging').catch(() => undefined);
    client.dev.infra.vps.destroy('fazt-prod-1').catch(() => undefined);
    await new Promise((r) => setImmediate(r));
    const pending = (await get('/api/pending')).body.pending;
    expect(pending.map((p: { workflowId: string }) => p.workflowId)).toEqual(['vps-destroy:hetzner:102', 'vps-destroy:hetzner:101']);
    // What approving means comes from the operation's catalogue entry.
    expect(pending[0]).toMatchObject({ action: 'vps.destroy', summary: 'Destroy VPS (requires confirmation)', decision: 'destroys' });

    const ok = await post(`/api/pending/${encodeURIComponent('vps-destroy:hetzner:102')}/approve`);
    expect(ok.status).toBe(200);
    expect(await ok.json()).toEqual({ workflowId: 'vps-destroy:hetzner:102', decision: 'approved' });
    const no = await post(`/api/pending/${encodeURIComponent('vps-destroy:hetzner:101')}/reject`, JSON.stringify({ reason: 'keep it' }));
    expect(no.status).toBe(200);
    expect(client.ops.get('vps-destroy:hetzner:101')?.decisions).toEqual([{ approved: false, by: 'dashboard', reason: 'keep it' }]);
    expect((await post('/api/pending/nope/approve')).status).toBe(404);
  });

  test('input is validated; cross-origin and non-JSON posts are refused', async () => {
    expect((await post('/api/pending/bad%20id/approve')).status).toBe(400);
    expect((await post('/api/pending/x/approve', JSON.stringify({ extra: 1 }))).status).toBe(400);
    expect((await post('/api/pending/x/approve', 'a=1', { 'Content-Type': 'application/x-www-form-urlencoded' })).status).toBe(403);
    expect((await post('/api/pending/x/approve', '{}', { 'Content-Type': 'application/json', Origin: 'http://evil.example' })).status).toBe(403);
    expect((await fetch(new URL('/api/pending/x/approve', dash.url))).status).toBe(405);
    expect(client.callsOf('approve')).toEqual([]);
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
    const res = await fetch(dash.url);
    expect(res.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(await res.text()).toContain('Managed servers');
    expect((await fetch(new URL('/app.js', dash.url))).status).toBe(200);
    expect((await fetch(new URL('/../../package.json', dash.url))).status).toBe(404);
  });

  test('redact hides secret-named fields at any depth', () => {
    expect(redact({ a: 1, token: 'x', nested: [{ apiKey: 'y', name: 'k' }], Authorization: 'Bearer z' })).toEqual({
      a: 1, token: '[redacted]', nested: [{ apiKey: '[redacted]', name: 'k' }], Authorization: '[redacted]',
    });
  });
});
