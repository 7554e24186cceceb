/**
 * A launch that fails after it touched DNS puts the zone back the way it was (it does not delete
 * records it adopted or values it replaced), and its error says what happened to the server.
 */
import { WorkflowFailedError } from '@temporalio/client';
import type { DnsRecord } from '../../src/domain/types';
import { providerDescriptor } from '../../src/providers/registry';
import { eventually } from '../helpers/eventually';
import { startSystem, type TestSystem } from '../helpers/system';
import { testClient } from '../helpers/temporal';

/** Starts launchApp with short timeouts, approves it, and returns the failure it ends with. */
async function failedLaunch(sys: TestSystem, fqdn: string, timeouts: Record<string, string>): Promise<{ type?: string; message: string }> {
  const { client, connection } = await testClient(sys.dataConverter);
  try {
    const workflowId = `launch:${fqdn}`;
    const handle = await client.workflow.start('launchApp', { taskQueue: sys.taskQueue, workflowId, args: [{ app: { fqdn }, ...timeouts }] });
    await eventually(async () => (await sys.client.pending()).some((p) => p.workflowId === workflowId));
    await sys.client.approve(workflowId);
    const err = await handle.result().catch((e) => e);
    expect(err).toBeInstanceOf(WorkflowFailedError);
    return err.cause;
  } finally {
    await connection.close();
  }
}

const aSet = (records: DnsRecord[], name: string) => records.filter((r) => r.name === name && r.type === 'A').map((r) => r.content).sort();

describe('a launch that fails after setting DNS', () => {
  let sys: TestSystem;
  beforeAll(async () => {
    sys = await startSystem({
      // This resolver never catches up, so propagation always times out.
      sandbox: { providers: ['hetzner', 'cloudflare'], resolvers: [{ name: 'stuck', delayMs: 3_600_000 }] },
      zones: [{ zone: 'example.com', provider: 'cloudflare' }],
      settings: { 'infra.vps.default': 'hetzner' },
    });
  });
  afterAll(async () => {
    await sys?.stop();
  });

  it('restores the A set that was there before (other values included) and says the server was removed', async () => {
    const cred = sys.store.resolveCredential('dns', 'cloudflare');
    const dns = providerDescriptor('cloudflare').create({ token: cred.token, endpoint: cred.endpoint }).dns!;
    const zone = (await dns.findZone('example.com'))!;
    const previous: DnsRecord[] = [
      { type: 'A', name: 'shop', content: '192.0.2.10', ttl: 300, proxied: false },
      { type: 'A', name: 'shop', content: '192.0.2.11', ttl: 300, proxied: false },
    ];
    await dns.setRecords(zone, { name: 'shop', type: 'A', records: previous });

    const failure = await failedLaunch(sys, 'shop.example.com', { propagationTimeout: '3s' });
    expect(failure.type).toBe('INFRA_TIMEOUT');
    expect(failure.message).toContain('did not propagate in time');
    expect(failure.message).toMatch(/Cleaned up: .*server shop-example-com/);
    expect(failure.message).not.toContain('Left behind');

    expect(aSet(await dns.getRecords(zone), 'shop')).toEqual(['192.0.2.10', '192.0.2.11']);
    // The delete was accepted; the provider may still list it as `deleting` for a moment.
    await eventually(async () => !(await sys.client.dev.infra.vps.list()).some((s) => s.name === 'shop-example-com'));
  });

  it('removes a record it created where there was none', async () => {
    const failure = await failedLaunch(sys, 'fresh.example.com', { propagationTimeout: '3s' });
    expect(failure.type).toBe('INFRA_TIMEOUT');
    const cred = sys.store.resolveCredential('dns', 'cloudflare');
    const dns = providerDescriptor('cloudflare').create({ token: cred.token, endpoint: cred.endpoint }).dns!;
    expect(aSet(await dns.getRecords((await dns.findZone('example.com'))!), 'fresh')).toEqual([]);
  });
});

describe('a launch whose cloud-init times out', () => {
  let sys: TestSystem;
  beforeAll(async () => {
    sys = await startSystem({
      sandbox: { providers: ['hetzner', 'cloudflare'], cloudInitMs: 3_600_000 },
      zones: [{ zone: 'example.com', provider: 'cloudflare' }],
      settings: { 'infra.vps.default': 'hetzner' },
    });
  });
  afterAll(async () => {
    await sys?.stop();
  });

  it('removes the server and says so, instead of claiming it was left for inspection', async () => {
    const failure = await failedLaunch(sys, 'slow.example.com', { cloudInitTimeout: '3s' });
    expect(failure.type).toBe('INFRA_TIMEOUT');
    expect(failure.message).toContain('did not finish within 3s');
    expect(failure.message).not.toContain('left for inspection');
    expect(failure.message).toMatch(/Cleaned up: .*server slow-example-com/);
    await eventually(async () => !(await sys.client.dev.infra.vps.list()).some((s) => s.name === 'slow-example-com'));
  });
});
