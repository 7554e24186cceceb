/**
 * Pure Vultr conversions and error classification, plus recorded responses (test/fixtures/vultr,
 * from the spec's examples) replayed through an injected fetch into the real client.
 */
import fs from 'node:fs';
import path from 'node:path';
import { InfraError } from '../../src/domain/errors';
import { VultrApi } from '../../src/providers/vultr/api';
import {
  encodeUserData, fingerprintOf, MAX_USER_DATA_BYTES, osIdFor, sameKey, toCreateBody, toStatus,
} from '../../src/providers/vultr/convert';
import { classifyVultrError } from '../../src/providers/vultr/errors';
import { VultrSshKeys } from '../../src/providers/vultr/ssh-keys';
import { VultrVps } from '../../src/providers/vultr/vps';

const fixture = (name: string) => JSON.parse(fs.readFileSync(path.join(__dirname, '../fixtures/vultr', name), 'utf8'));

describe('Vultr convert', () => {
  it('maps image aliases to os_id and refuses unknown images', () => {
    expect(osIdFor('ubuntu-24.04')).toBe(2284);
    expect(osIdFor('ubuntu-22.04')).toBe(1743);
    expect(osIdFor('debian-12')).toBe(2136);
    expect(osIdFor('477')).toBe(477);
    expect(() => osIdFor('ubuntu-latest')).toThrow(expect.objectContaining({ code: 'INFRA_INVALID_INPUT' }));
  });

  it('base64-encodes user_data and measures the limit after encoding', () => {
    expect(Buffer.from(encodeUserData('#cloud-config\nä\n'), 'base64').toString('utf8')).toBe('#cloud-config\nä\n');
    expect(encodeUserData('x'.repeat(49_149)).length).toBeLessThanOrEqual(MAX_USER_DATA_BYTES);
    expect(() => encodeUserData('x'.repeat(49_152))).toThrow(expect.objectContaining({ code: 'INFRA_INVALID_INPUT' }));
  });

  it('builds the create body with tags, label, hostname and key ids', () => {
    const body = toCreateBody({ name: 'n1', type: 'vc2-1c-1gb', region: 'ams', image: 'debian-12', sshKeys: ['k'], operationId: 'op-9', userData: 'hi' }, ['uuid-1']);
    expect(body).toEqual({
      region: 'ams', plan: 'vc2-1c-1gb', os_id: 2136, label: 'n1', hostname: 'n1', tags: ['fazt-managed', 'fazt-op:op-9'],
      enable_ipv6: true, sshkey_id: ['uuid-1'], user_data: 'aGk=',
    });
    expect(toCreateBody({ name: 'n', type: 't', region: 'r', image: 'debian-12', sshKeys: [], operationId: 'o', ipv6: false }, [])).not.toHaveProperty('user_data');
  });

  it('maps Vultr status triples to our status', () => {
    const cases: Array<[string, string, string, string]> = [
      ['pending', 'running', 'none', 'provisioning'],
      ['active', 'running', 'installingbooting', 'starting'],
      ['active', 'running', 'locked', 'starting'],
      ['active', 'running', 'ok', 'running'],
      ['active', 'stopped', 'ok', 'off'],
      ['suspended', 'stopped', 'ok', 'off'],
      ['resizing', 'running', 'ok', 'provisioning'],
      ['weird', 'running', 'ok', 'unknown'],
    ];
    for (const [status, power_status, server_status, want] of cases) expect([status, toStatus({ status, power_status, server_status })]).toEqual([status, want]);
  });

  it('computes OpenSSH MD5 fingerprints and compares keys without comments', () => {
    const key = fixture('vultr-ssh-keys.json').ssh_keys[0].ssh_key as string;
    expect(fingerprintOf(key)).toBe('17:b7:0b:c9:e1:36:2b:aa:2e:82:de:d5:5d:c5:81:91');
    expect(sameKey(key, key.replace('fixture@test', 'other comment'))).toBe(true);
    expect(sameKey(key, 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIBBBB x')).toBe(false);
  });

  it('classifies errors by status and message', () => {
    const table: Array<[number, unknown, string, string | undefined]> = [
      [400, fixture('vultr-error-invalid-plan.json'), 'INFRA_INVALID_INPUT', 'http_400'],
      [400, { error: 'Server add failed: You have reached the maximum monthly fee limit for this account.', status: 400 }, 'INFRA_QUOTA_EXCEEDED', 'instance_limit'],
      [400, { error: 'Server add failed: You have reached the maximum number of active virtual machines for this account.', status: 400 }, 'INFRA_QUOTA_EXCEEDED', 'instance_limit'],
      [400, { error: 'Server add failed: Your account balance is insufficient to deploy this instance. Please add funds to your account.', status: 400 }, 'INFRA_INSUFFICIENT_FUNDS', 'insufficient_funds'],
      [400, { error: 'Unable to reboot instance: Server is currently locked', status: 400 }, 'INFRA_CONFLICT', 'locked'],
      [401, { error: 'Invalid API token.', status: 401 }, 'INFRA_UNAUTHORIZED', 'http_401'],
      [403, { error: 'You are not allowed to perform that action.', status: 403 }, 'INFRA_UNAUTHORIZED', 'http_403'],
      [404, { error: 'Instance not found.', status: 404 }, 'INFRA_NOT_FOUND', 'http_404'],
      [429, undefined, 'INFRA_RATE_LIMITED', 'rate_limited'],
      [500, '<html>oops</html>', 'INFRA_PROVIDER_ERROR', 'http_500'],
      [503, { error: 'An internal error occurred.', status: 503 }, 'INFRA_PROVIDER_ERROR', 'http_503'],
    ];
    for (const [status, body, code, providerCode] of table) {
      const c = classifyVultrError(status, body);
      expect([status, c.code, c.providerCode]).toEqual([status, code, providerCode]);
      expect(c.message.length).toBeGreaterThan(0);
    }
    expect(classifyVultrError(503, {}).retryable).toBe(true);
  });
});

describe('Vultr client over recorded responses', () => {
  const seen: string[] = [];
  const routes: Record<string, [number, string]> = {
    'GET /v2/instances': [200, 'vultr-instances.json'],
    'POST /v2/instances': [202, 'vultr-instances-create.json'],
    'GET /v2/plans': [200, 'vultr-plans.json'],
    'GET /v2/regions': [200, 'vultr-regions.json'],
    'GET /v2/ssh-keys': [200, 'vultr-ssh-keys.json'],
  };
  const replay: typeof fetch = async (input, init) => {
    const url = new URL(String(input));
    seen.push(`${init?.method ?? 'GET'} ${url.pathname}${url.search}`);
    const hit = routes[`${init?.method ?? 'GET'} ${url.pathname}`];
    if (!hit) return new Response(JSON.stringify(fixture('vultr-error-invalid-plan.json')), { status: 400 });
    return new Response(JSON.stringify(fixture(hit[1])), { status: hit[0], headers: { 'content-type': 'application/json' } });
  };
  const api = new VultrApi({ token: 'fixture-token', endpoint: 'https://api.vultr.test/v2' }, { fetchImpl: replay });
  const vps = new VultrVps(api);

  beforeEach(() => {
    seen.length = 0;
  });

  it('lists managed servers with the tag filter and reads the spec example into domain shape', async () => {
    const [s] = await vps.listManaged();
    expect(seen).toContain('GET /v2/instances?tag=fazt-managed&per_page=100');
    expect(s).toMatchObject({
      id: 'vultr:cb676a46-66fd-4dfb-b839-443f2e6c0b60', name: 'Example Instance', ip: '192.0.2.123', status: 'running',
      type: 'vc2-6c-16gb', region: 'atl', createdAt: '2020-10-10T01:56:20.000Z', operationId: 'op-fixture', managed: true,
      ipv6: '2001:0db8:1112:18fb:0200:00ff:fe00:0000',
    });
    // The plans fixture lists only vhf-8c-32gb, so this server's price is unknown.
    expect(s.monthlyCost).toBeNull();
  });

  it('reads a pending create: ip null while main_ip is 0.0.0.0', async () => {
    const s = await vps.create({ name: 'x', type: 'vc2-1c-1gb', region: 'ewr', image: 'ubuntu-24.04', sshKeys: [], operationId: 'op' });
    expect(s).toMatchObject({ status: 'provisioning', ip: null, ipv6: null, managed: false, operationId: null });
  });

  it('reads plans, regions and keys', async () => {
    expect(await vps.types()).toEqual([{ id: 'vhf-8c-32gb', vcpus: 8, ram: 32768, disk: 512, price: 192, currency: 'USD', regions: ['sea'], description: 'vhf' }]);
    expect(await vps.regions()).toEqual([{ id: 'ams', name: 'Amsterdam', country: 'NL' }]);
    const [k] = await new VultrSshKeys(api).listKeys();
    expect(k.fingerprint).toBe('17:b7:0b:c9:e1:36:2b:aa:2e:82:de:d5:5d:c5:81:91');
  });

  it('rejects a response that does not have the documented shape', async () => {
    const broken = new VultrApi({ token: 't', endpoint: 'https://api.vultr.test/v2' }, {
      fetchImpl: async () => new Response(JSON.stringify({ instances: [{ id: 1 }], meta: { total: 1, links: { next: '', prev: '' } } }), { status: 200 }),
    });
    const e = await broken.listInstances().catch((err) => err);
    expect(e).toBeInstanceOf(InfraError);
    expect(e).toMatchObject({ code: 'INFRA_PROVIDER_ERROR', providerCode: 'bad_response' });
  });
});
