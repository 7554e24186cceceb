/**
 * The Vultr adapter against its simulator over real HTTP: create details (base64 user_data, tags,
 * SSH keys by name), local validation before any call, error classification (quota, funds, locked,
 * 429, 5xx, lost responses) and cursor pagination across more than one page.
 */
import { generateEd25519 } from '../../src/ssh/keys';
import { InfraError } from '../../src/domain/errors';
import { providerDescriptor } from '../../src/providers/registry';
import type { SshKeyProvider, VpsProvider } from '../../src/providers/types';
import { startSandbox, type Sandbox } from '../../src/sandbox';
import { emptyState } from '../../src/sandbox/vultr/state';

const REQ = { type: 'vc2-1c-1gb', region: 'ewr', image: 'ubuntu-24.04', sshKeys: [] as string[] };
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const TOKEN = 'vultr-secret-token-abc123';

function build(sb: Sandbox, token = TOKEN) {
  const inst = providerDescriptor('vultr').create({ token, endpoint: sb.urls.vultr });
  return { vps: inst.vps as VpsProvider, keys: inst.sshKeys as SshKeyProvider };
}

async function raw(sb: Sandbox, method: string, p: string, body?: unknown): Promise<any> {
  const res = await fetch(sb.urls.vultr + p, {
    method, headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return text ? JSON.parse(text) : undefined;
}

const requestsTo = (sb: Sandbox, method: string, prefix: string) =>
  sb.harness.vultr.requests.filter((r) => r.method === method && r.path.startsWith(`/v2${prefix}`));

async function failure(p: Promise<unknown>): Promise<InfraError> {
  const e = await p.then(() => null, (err) => err);
  expect(e).toBeInstanceOf(InfraError);
  expect(JSON.stringify({ ...e, message: e.message, stack: e.stack })).not.toContain(TOKEN);
  return e as InfraError;
}

describe('Vultr adapter', () => {
  let sb: Sandbox;
  let vps: VpsProvider;
  let keys: SshKeyProvider;

  beforeAll(async () => {
    sb = await startSandbox({ providers: ['vultr'], hosts: false, dns: false, bootMs: 200, actionMs: 50, serverQuota: 500, rateLimits: { vultr: 100_000 } });
    ({ vps, keys } = build(sb));
  });
  afterAll(async () => {
    await sb?.stop();
  });
  beforeEach(() => {
    sb.sims.vultr.reset();
    sb.harness.vultr.requests.length = 0;
    sb.harness.vultr.faults.clear();
  });

  it('describes itself as VPS + SSH keys without DNS', () => {
    const d = providerDescriptor('vultr');
    expect(d.kinds).toEqual(['vps']);
    expect(d.capabilities).toMatchObject({ sshKeys: true, maxUserDataBytes: 65_535 });
    expect(d.budget).toMatchObject({ requestsPerSecond: 25, burst: 5, reportsRemaining: false });
    expect(d.defaultEndpoint).toBe('https://api.vultr.com/v2');
    expect(d.tokenEnv).toContain('VULTR_API_KEY');
  });

  it('creates with base64 user_data, managed + operation tags and keys resolved by name', async () => {
    const k = await keys.addKey('deploy', generateEd25519('deploy@test').public);
    const s = await vps.create({ ...REQ, name: 'web-1', sshKeys: ['deploy'], userData: '#cloud-config\npackages: [curl]\n', operationId: 'op-a' });
    expect(s).toMatchObject({ provider: 'vultr', name: 'web-1', status: 'provisioning', ip: null, operationId: 'op-a', managed: true, monthlyCost: 5, type: 'vc2-1c-1gb', region: 'ewr' });
    expect(s.id).toBe(`vultr:${s.providerId}`);
    const stored = (await raw(sb, 'GET', `/instances/${s.providerId}/user-data`)).user_data.data;
    expect(Buffer.from(stored, 'base64').toString()).toBe('#cloud-config\npackages: [curl]\n');
    const state = sb.sims.vultr.dump() as any;
    expect(state.instances[0]).toMatchObject({ tags: ['fazt-managed', 'fazt-op:op-a'], sshKeyIds: [k.id], osId: 2284, hostname: 'web-1' });
    await sleep(250);
    const running = await vps.get(s.providerId);
    expect(running).toMatchObject({ status: 'running' });
    expect(running!.ip).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
    expect(running!.ipv6).toMatch(/:/);
  });

  it('validates locally before any provider call: image, user_data size, unknown key names', async () => {
    const before = requestsTo(sb, 'POST', '/instances').length;
    expect((await failure(vps.create({ ...REQ, name: 'x', image: 'windows-95', operationId: 'op-x' }))).code).toBe('INFRA_INVALID_INPUT');
    // 49,152 bytes become 65,536 base64 characters: one over the limit.
    const big = await failure(vps.create({ ...REQ, name: 'x', userData: 'x'.repeat(49_152), operationId: 'op-x' }));
    expect(big.code).toBe('INFRA_INVALID_INPUT');
    expect(big.message).toMatch(/65536 bytes after base64/);
    const unknownKey = await failure(vps.create({ ...REQ, name: 'x', sshKeys: ['nobody'], operationId: 'op-x' }));
    expect(unknownKey.code).toBe('INFRA_INVALID_INPUT');
    expect(requestsTo(sb, 'POST', '/instances').length).toBe(before);
    // Just under the limit is accepted by Vultr (the simulator).
    const ok = await vps.create({ ...REQ, name: 'edge', userData: 'x'.repeat(49_149), operationId: 'op-edge' });
    expect(ok.providerId).toBeTruthy();
  });

  it('maps Vultr errors by status and wording', async () => {
    const badPlan = await failure(vps.create({ ...REQ, type: 'vc2-99c-1tb', name: 'x', operationId: 'op-p' }));
    expect(badPlan).toMatchObject({ code: 'INFRA_INVALID_INPUT', provider: 'vultr', providerCode: 'http_400', retryable: false });
    expect(badPlan.message).toContain('Invalid plan chosen.');

    const pending = await vps.create({ ...REQ, name: 'young', operationId: 'op-young' });
    const locked = await failure(vps.reboot(pending.providerId));
    expect(locked).toMatchObject({ code: 'INFRA_CONFLICT', providerCode: 'locked', retryable: true });

    const missing = await failure(vps.reboot('00000000-0000-4000-8000-000000000000'));
    expect(missing.code).toBe('INFRA_NOT_FOUND');
    await expect(vps.destroy('00000000-0000-4000-8000-000000000000')).resolves.toBeUndefined();

    const unauthorized = await failure(build(sb, '').vps.types());
    expect(unauthorized.code).toBe('INFRA_UNAUTHORIZED');
  });

  it('maps the instance limit to INFRA_QUOTA_EXCEEDED and exhausted credit to INFRA_INSUFFICIENT_FUNDS', async () => {
    const small = await startSandbox({ providers: ['vultr'], hosts: false, dns: false, bootMs: 50, serverQuota: 1 });
    try {
      const a = build(small).vps;
      await a.create({ ...REQ, name: 'one', operationId: 'op-1' });
      const quota = await failure(a.create({ ...REQ, name: 'two', operationId: 'op-2' }));
      expect(quota).toMatchObject({ code: 'INFRA_QUOTA_EXCEEDED', provider: 'vultr', providerCode: 'instance_limit', retryable: false });
      expect(quota.message).toMatch(/maximum number of active virtual machines/);

      small.sims.vultr.load({ ...emptyState(), account: { ...emptyState().account, balance: -2 } });
      const funds = await failure(a.create({ ...REQ, name: 'three', operationId: 'op-3' }));
      expect(funds).toMatchObject({ code: 'INFRA_INSUFFICIENT_FUNDS', providerCode: 'insufficient_funds', retryable: false });
    } finally {
      await small.stop();
    }
  });

  it('follows cursors across pages for instances and ssh keys (>100 each)', async () => {
    await Promise.all(Array.from({ length: 130 }, (_, n) =>
      raw(sb, 'POST', '/instances', { region: 'ewr', plan: 'vc2-1c-1gb', os_id: 2284, label: `m-${n}`, tags: ['fazt-managed', `fazt-op:op-m-${n}`] })));
    await Promise.all(Array.from({ length: 5 }, (_, n) => raw(sb, 'POST', '/instances', { region: 'ewr', plan: 'vc2-1c-1gb', os_id: 2284, label: `other-${n}` })));
    sb.harness.vultr.requests.length = 0;
    const managed = await vps.listManaged();
    expect(managed).toHaveLength(130);
    expect(new Set(managed.map((s) => s.id)).size).toBe(130);
    expect(managed.every((s) => s.managed && s.operationId?.startsWith('op-m-'))).toBe(true);
    const pages = requestsTo(sb, 'GET', '/instances?');
    expect(pages).toHaveLength(2);
    expect(pages[1].path).toMatch(/cursor=/);
    expect((await vps.findByOperation('op-m-77'))?.name).toBe('m-77');
    expect((await vps.findByName('other-3'))?.managed).toBe(false);

    await Promise.all(Array.from({ length: 105 }, (_, n) =>
      raw(sb, 'POST', '/ssh-keys', { name: `key-${n}`, ssh_key: generateEd25519().public })));
    const all = await keys.listKeys();
    expect(all).toHaveLength(105);
    expect(all.every((k) => /^([0-9a-f]{2}:){15}[0-9a-f]{2}$/.test(k.fingerprint))).toBe(true);
  });

  it('classifies injected 5xx and lost responses as retryable, and a lost create is found by operation', async () => {
    sb.harness.vultr.faults.configure({ script: [{ kind: '5xx', method: 'GET', path: '/v2/regions' }] });
    const e5 = await failure(vps.regions());
    expect(e5).toMatchObject({ code: 'INFRA_PROVIDER_ERROR', retryable: true, provider: 'vultr' });

    sb.harness.vultr.faults.configure({ script: [{ kind: 'lost', method: 'POST', path: '/v2/instances$' }] });
    await vps.types(); // warm the price cache so only the create is in flight
    const lost = await failure(vps.create({ ...REQ, name: 'lost-1', operationId: 'op-lost' }));
    expect(lost.retryable).toBe(true);
    expect(['INFRA_PROVIDER_ERROR', 'INFRA_TIMEOUT']).toContain(lost.code);
    const found = await vps.findByOperation('op-lost');
    expect(found?.name).toBe('lost-1');

    sb.harness.vultr.faults.configure({ script: [{ kind: '429', method: 'GET' }] });
    const injected = await failure(vps.regions());
    expect(injected).toMatchObject({ code: 'INFRA_RATE_LIMITED', retryAfterMs: 1000, retryable: true });
  });

  it('turns Vultr\'s 429 (the 30 requests/second spent by another client) into INFRA_RATE_LIMITED with a 1 s wait', async () => {
    const limited = await startSandbox({ providers: ['vultr'], hosts: false, dns: false });
    try {
      const adapter = build(limited).vps;
      // Another client on the same key has spent this second's budget: the simulator's bucket is
      // empty when the adapter's request arrives (set through the inspection API, so no race
      // between a burst and the refill decides whether the 429 happens).
      const rate = await fetch(`${limited.harness.vultr.url}/__sandbox/rate`, { method: 'POST', body: JSON.stringify({ remaining: 0, atNextRequest: true }) });
      expect(rate.status).toBe(200);
      const err: InfraError | null = await adapter.regions().then(() => null, (e) => e);
      expect(err).toBeInstanceOf(InfraError);
      expect(err).toMatchObject({ code: 'INFRA_RATE_LIMITED', retryAfterMs: 1000, retryable: true, provider: 'vultr', providerCode: 'rate_limited' });
    } finally {
      await limited.stop();
    }
  });
});
