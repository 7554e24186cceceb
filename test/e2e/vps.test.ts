/**
 * VPS lifecycle end to end on every provider: client → Temporal → worker → sandbox over HTTP,
 * with real SSH to the simulated hosts.
 */
import { quickClient } from '../../src/client/direct';
import { InfraError } from '../../src/domain/errors';
import { startSystem, type TestSystem } from '../helpers/system';

const CASES = [
  { provider: 'hetzner', type: 'cx22', region: 'fsn1', orderPath: /\/v1\/servers$/ },
  { provider: 'digitalocean', type: 's-1vcpu-1gb', region: 'fra1', orderPath: /\/v2\/droplets$/ },
  { provider: 'vultr', type: 'vc2-1c-1gb', region: 'ewr', orderPath: /\/v2\/instances$/ },
] as const;

describe.each(CASES)('VPS lifecycle on $provider', ({ provider, type, region, orderPath }) => {
  let sys: TestSystem;
  beforeAll(async () => {
    sys = await startSystem();
  });
  afterAll(async () => {
    await sys?.stop();
  });

  it('lists types with prices and regions', async () => {
    const types = await sys.client.dev.infra.vps.types(provider);
    expect(types.find((t) => t.id === type)?.price).toBeGreaterThan(0);
    const regions = await sys.client.dev.infra.vps.regions(provider);
    expect(regions.map((r) => r.id)).toContain(region);
  });

  it('creates after approval, installs Fazt, then status, exec, reboot and destroy work by name', async () => {
    const infra = sys.client.dev.infra;
    const steps: string[] = [];
    let asked = 0;
    const server = await infra.vps.create(
      { provider, name: `web-${provider}`, type, region, installFazt: true, faztConfig: { domain: 'app.example.com', adminEmail: 'ops@example.com' } },
      {
        onProgress: (p) => steps.push(...p.steps.map((x) => x.step)),
        confirm: async (req) => {
          asked++;
          expect(req.action).toBe('vps.create');
          expect(req.reason).toContain(`web-${provider}`);
          expect(req.data).toMatchObject({ provider, name: `web-${provider}`, type, region });
          expect(req.data.monthlyCost).toBeGreaterThan(0);
          return true;
        },
      },
    );
    expect(asked).toBe(1);
    expect(server).toMatchObject({ provider, name: `web-${provider}`, status: 'running', type, region });
    expect(server.ip).toMatch(/^127\./);
    expect(steps).toEqual(expect.arrayContaining(['confirm', 'create-server', 'wait-running', 'wait-cloud-init', 'done']));
    expect(sys.requests(provider, 'POST', orderPath)).toHaveLength(1);

    const list = await infra.vps.list();
    expect(list.map((s) => s.id)).toContain(server.id);
    expect((await infra.vps.get(`web-${provider}`)).id).toBe(server.id);

    const status = await infra.vps.status(`web-${provider}`);
    expect(status).toMatchObject({ id: server.id, status: 'running', faztStatus: 'healthy' });
    expect(status.faztVersion).toMatch(/\d+\.\d+/);
    expect(status.load).toHaveLength(3);
    expect(status.diskTotal).toBeGreaterThan(0);
    expect(status.memTotal).toBeGreaterThan(0);
    // The same health over the worker's read socket (no workflow, no Temporal connection in the caller).
    const quick = quickClient(sys.workers.readSocket!, async () => {
      throw new Error('the Temporal client was asked for');
    });
    expect(await quick.dev.infra.vps.status(`web-${provider}`)).toMatchObject({ id: server.id, status: 'running', faztStatus: 'healthy', faztVersion: status.faztVersion });

    const out = await infra.vps.exec(server.id, 'cat /etc/fazt/cloud-init-complete');
    expect(out.exitCode).toBe(0);
    expect(out.stdout).toContain('installed_by:');
    const missing = await infra.vps.exec(server.id, 'no-such-command');
    expect(missing.exitCode).toBe(127);
    expect(missing.stderr).toContain('command not found');

    await infra.vps.reboot(`web-${provider}`);
    await infra.vps.destroy(`web-${provider}`, { autoApprove: true });
    await expect(infra.vps.get(server.id)).rejects.toMatchObject({ code: 'INFRA_NOT_FOUND' });
  });

  it('a rejected create ends in INFRA_CANCELED and never calls the provider to order', async () => {
    const err = await sys.client.dev.infra.vps
      .create({ provider, name: `nope-${provider}`, type, region }, { confirm: async () => false })
      .catch((e) => e);
    expect(err).toBeInstanceOf(InfraError);
    expect(err.code).toBe('INFRA_CANCELED');
    expect(sys.requests(provider, 'POST', orderPath).length).toBeLessThanOrEqual(1);
    expect((await sys.client.dev.infra.vps.list()).map((s) => s.name)).not.toContain(`nope-${provider}`);
  });

  it('bad input is refused before any provider call, with the valid choices', async () => {
    const before = sys.requests(provider).length;
    await expect(sys.client.dev.infra.vps.create({ provider, name: 'Bad_Name', type, region })).rejects.toMatchObject({ code: 'INFRA_INVALID_INPUT' });
    expect(sys.requests(provider).length).toBe(before);
    const err = await sys.client.dev.infra.vps.create({ provider, name: 'x1', type: 'no-such-type', region }, { autoApprove: true }).catch((e) => e);
    expect(err.code).toBe('INFRA_INVALID_INPUT');
    expect(err.message).toContain(type);
    expect(sys.requests(provider, 'POST', orderPath).length).toBeLessThanOrEqual(1);
  });
});
