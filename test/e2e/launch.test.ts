/** "Launch my app at blog.example.com" end to end, with its confirmation and compensation. */
import { eventually } from '../helpers/eventually';
import { WorkflowFailedError } from '@temporalio/client';
import { startSystem, type TestSystem } from '../helpers/system';
import { testClient } from '../helpers/temporal';


describe('launchApp', () => {
  let sys: TestSystem;
  beforeAll(async () => {
    sys = await startSystem({
      sandbox: { resolvers: [{ name: 'google', delayMs: 300 }, { name: 'quad9', delayMs: 800 }] },
      zones: [{ zone: 'example.com', provider: 'cloudflare' }],
      settings: { 'infra.vps.default': 'hetzner' },
    });
  });
  afterAll(async () => {
    await sys?.stop();
  });

  it('creates the server, installs Fazt for the fqdn, sets A/AAAA and waits for propagation', async () => {
    let confirmation: Record<string, unknown> = {};
    const result = await sys.client.dev.infra.launch({ fqdn: 'blog.example.com', ipv6: true }, {
      confirm: async (req) => {
        confirmation = req.data;
        return true;
      },
    });
    expect(confirmation).toMatchObject({ fqdn: 'blog.example.com', server: { provider: 'hetzner', type: 'cx22', region: 'fsn1' } });
    expect(result.server).toMatchObject({ name: 'blog-example-com', status: 'running', provider: 'hetzner' });
    expect(result.records.map((r) => r.type)).toEqual(['A', 'AAAA']);
    expect(Object.keys(result.timings)).toEqual(expect.arrayContaining(['create-server', 'wait-running', 'wait-cloud-init', 'set-dns', 'wait-propagation']));
    const records = await sys.client.dev.infra.dns.records('example.com');
    expect(records.filter((r) => r.name === 'blog' && r.type === 'A').map((r) => r.content)).toEqual([result.server.ip]);
    const marker = await sys.client.dev.infra.vps.exec(result.server.id, 'cat /etc/fazt/cloud-init-complete');
    expect(marker.stdout).toContain('installed_by');

    // A second launch of the same fqdn finds everything in place: no second server, no second record.
    await sys.client.dev.infra.launch({ fqdn: 'blog.example.com', ipv6: true }, { autoApprove: true });
    expect((await sys.client.dev.infra.vps.list()).filter((s) => s.name === 'blog-example-com')).toHaveLength(1);
    expect(sys.requests('hetzner', 'POST', /\/v1\/servers$/)).toHaveLength(1);
  });

  it('an fqdn outside every managed zone is refused before anything happens', async () => {
    await expect(sys.client.dev.infra.launch({ fqdn: 'blog.unmanaged.org' }, { autoApprove: true })).rejects.toMatchObject({ code: 'INFRA_NOT_FOUND' });
  });

  it('a rejected launch creates nothing', async () => {
    const before = sys.requests('hetzner', 'POST', /\/v1\/servers$/).length;
    const err = await sys.client.dev.infra.launch({ fqdn: 'no.example.com' }, { confirm: async () => false }).catch((e) => e);
    expect(err.code).toBe('INFRA_CANCELED');
    expect(sys.requests('hetzner', 'POST', /\/v1\/servers$/).length).toBe(before);
  });

  it('canceling mid-flight removes what the flow created', async () => {
    sys.sandbox.harness.hetzner.configure({});
    const started = await sys.client.startLaunch({ fqdn: 'cancel.example.com' }, { autoApprove: true });
    const { client, connection } = await testClient(sys.dataConverter);
    try {
      // Approve as soon as it asks, then cancel once the server exists.
      await eventually(async () => (await sys.client.pending()).some((p) => p.workflowId === started.workflowId));
      await sys.client.approve(started.workflowId);
      await eventually(async () => (await sys.client.progress(started.workflowId)).created.length > 0);
      await client.workflow.getHandle(started.workflowId).cancel();
      const err = await client.workflow.getHandle(started.workflowId).result().catch((e) => e);
      expect(err).toBeInstanceOf(WorkflowFailedError);
      await eventually(async () => !(await sys.client.dev.infra.vps.list()).some((s) => s.name === 'cancel-example-com'));
      expect(sys.requests('hetzner', 'DELETE', /\/v1\/servers\//).length).toBeGreaterThanOrEqual(1);
    } finally {
      await connection.close();
    }
  });
});
