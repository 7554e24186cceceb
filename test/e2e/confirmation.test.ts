/** Human decisions made elsewhere: pending list, approve/reject by workflow id, timeout = cancel. */
import { eventually } from '../helpers/eventually';
import { startSystem, type TestSystem } from '../helpers/system';


describe('confirmation from another surface', () => {
  let sys: TestSystem;
  beforeAll(async () => {
    sys = await startSystem({ sandbox: { providers: ['hetzner', 'cloudflare'], hosts: true, dns: false } });
  });
  afterAll(async () => {
    await sys?.stop();
  });

  it('shows the pending create, and approve lets it finish', async () => {
    const created = sys.client.dev.infra.vps.create({ provider: 'hetzner', name: 'approved-1', type: 'cx22', region: 'fsn1' });
    const pending = await eventually(async () => (await sys.client.pending()).find((p) => p.workflowId === 'vps-create:hetzner:approved-1'));
    expect(pending.reason).toMatch(/Create server approved-1 \(cx22 in fsn1/);
    expect(sys.requests('hetzner', 'POST', /\/v1\/servers$/)).toHaveLength(0);
    await sys.client.approve(pending.workflowId);
    expect((await created).status).toBe('running');
    const progress = await sys.client.progress(pending.workflowId);
    expect(progress.status).toBe('COMPLETED');
    expect(progress.steps.map((s) => s.step)).toContain('create-server');
  });

  it('reject by id ends in INFRA_CANCELED', async () => {
    const created = sys.client.dev.infra.vps.create({ provider: 'hetzner', name: 'rejected-1', type: 'cx22', region: 'fsn1' }).catch((e) => e);
    await eventually(async () => (await sys.client.pending()).some((p) => p.workflowId === 'vps-create:hetzner:rejected-1'));
    await sys.client.reject('vps-create:hetzner:rejected-1', { reason: 'too expensive' });
    const err = await created;
    expect(err.code).toBe('INFRA_CANCELED');
    expect(err.message).toContain('too expensive');
  });

  it('a decision timeout cancels: nothing ordered', async () => {
    const before = sys.requests('hetzner', 'POST', /\/v1\/servers$/).length;
    const err = await sys.client.dev.infra.vps.create({ provider: 'hetzner', name: 'timeout-1', type: 'cx22', region: 'fsn1' }, { confirmationTimeout: '2s' }).catch((e) => e);
    expect(err.code).toBe('INFRA_CANCELED');
    expect(sys.requests('hetzner', 'POST', /\/v1\/servers$/).length).toBe(before);
  });

  it('destroy shows name and IP, and a rejection leaves the server', async () => {
    const s = await sys.client.dev.infra.vps.create({ provider: 'hetzner', name: 'keep-me', type: 'cx22', region: 'fsn1' }, { autoApprove: true });
    const err = await sys.client.dev.infra.vps.destroy('keep-me', {
      confirm: async (req) => {
        expect(req.reason).toBe(`Destroy server keep-me (${s.ip})?`);
        return false;
      },
    }).catch((e) => e);
    expect(err.code).toBe('INFRA_CANCELED');
    expect(sys.requests('hetzner', 'DELETE', /\/v1\/servers\//)).toHaveLength(0);
    expect((await sys.client.dev.infra.vps.get('keep-me')).id).toBe(s.id);
  });
});

describe('Hetzner delete protection', () => {
  let sys: TestSystem;
  beforeAll(async () => {
    sys = await startSystem({ sandbox: { providers: ['hetzner'], dns: false } });
  });
  afterAll(async () => {
    await sys?.stop();
  });

  it('is shown in the confirmation and reported as INFRA_CONFLICT (protected); the server stays', async () => {
    const s = await sys.client.dev.infra.vps.create({ provider: 'hetzner', name: 'guarded', type: 'cx22', region: 'fsn1' }, { autoApprove: true });
    const res = await fetch(`${sys.sandbox.urls.hetzner}/servers/${s.providerId}/actions/change_protection`, {
      method: 'POST', headers: { authorization: 'Bearer t', 'content-type': 'application/json' }, body: JSON.stringify({ delete: true, rebuild: true }),
    });
    expect(res.status).toBe(201);
    let shown: unknown;
    const err = await sys.client.dev.infra.vps.destroy('guarded', { confirm: async (req) => ((shown = req.data.deleteProtected), true) }).catch((e) => e);
    expect(shown).toBe(true);
    expect(err.code).toBe('INFRA_CONFLICT');
    expect(err.providerCode).toBe('protected');
    expect((await sys.client.dev.infra.vps.get('guarded')).id).toBe(s.id);
  });
});
