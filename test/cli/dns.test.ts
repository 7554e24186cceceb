import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { FakeInfraClient } from '../helpers/fake-client';
import { startSystem, type TestSystem } from '../helpers/system';
import { run } from './harness';

const DNS = ['dev', 'infra', 'dns'];

describe('fazt dev infra dns', () => {
  test('zones and records print aligned tables', async () => {
    const z = await run([...DNS, 'zones']);
    expect(z.out).toBe(['ZONE         PROVIDER    RECORDS', 'example.com  cloudflare        4', 'test.dev     hetzner           1'].join('\n'));
    const r = await run([...DNS, 'records', 'example.com']);
    const lines = r.out.split('\n');
    expect(lines[0]).toMatch(/^TYPE\s+NAME\s+CONTENT\s+TTL\s+PRIORITY\s+PROXIED$/);
    expect(lines).toContainEqual(expect.stringMatching(/^MX\s+@\s+mail\.example\.com\s+3600\s+10$/));
    expect(lines).toContainEqual(expect.stringMatching(/^A\s+blog\s+123\.45\.67\.89\s+300\s+yes$/));
  });

  test('--json on zones and records', async () => {
    expect(JSON.parse((await run([...DNS, 'zones', '--json'])).out)).toEqual([
      { zone: 'example.com', provider: 'cloudflare', records: 4 },
      { zone: 'test.dev', provider: 'hetzner', records: 1 },
    ]);
    expect(JSON.parse((await run([...DNS, 'records', 'test.dev', '--json'])).out)).toEqual([{ type: 'A', name: '@', content: '10.0.0.1', ttl: 300 }]);
  });

  test('add-zone validates the zone and provider', async () => {
    const client = new FakeInfraClient();
    const bad = await run([...DNS, 'add-zone', 'not a zone', '--provider', 'cloudflare'], { client });
    expect(bad.exitCode).toBe(2);
    const badProvider = await run([...DNS, 'add-zone', 'new.dev', '--provider', 'route53'], { client });
    expect(badProvider.err).toBe('error: Invalid provider: provider must be one of: cloudflare, hetzner, digitalocean');
    expect(client.calls).toEqual([]);
    const ok = await run([...DNS, 'add-zone', 'New.Dev.', '--provider', 'hetzner'], { client });
    expect(ok.out).toBe('Managing new.dev on hetzner (0 records)');
  });

  test('set rejects bad records before any client call', async () => {
    const client = new FakeInfraClient();
    const cases: Array<[string[], RegExp]> = [
      [['--type', 'A', '--name', 'x', '--content', 'not-an-ip'], /A content "not-an-ip" is not an IPv4 address/],
      [['--type', 'MX', '--name', '@', '--content', 'mail.example.com'], /an MX record needs a priority/],
      [['--type', 'SRV', '--name', 'x', '--content', 'y'], /type must be one of: A, AAAA, CNAME, MX, TXT, NS, CAA/],
      [['--type', 'A', '--name', 'x', '--content', '1.2.3.4', '--ttl', 'soon'], /--ttl must be a whole number/],
    ];
    for (const [opts, message] of cases) {
      const r = await run([...DNS, 'set', 'example.com', ...opts], { client });
      expect(r.exitCode).toBe(2);
      expect(r.err).toMatch(message);
    }
    expect(client.calls).toEqual([]);
  });

  test('check shows per-resolver results and honours --resolver', async () => {
    const client = new FakeInfraClient();
    const r = await run([...DNS, 'check', 'blog.example.com', '--expected', '1.2.3.4', '--resolver', '127.0.0.1:5300', '--resolver', '8.8.8.8'], { client });
    expect(r.out.split('\n')).toEqual([
      'RESOLVER        VALUE    PROPAGATED  ERROR',
      '127.0.0.1:5300  1.2.3.4  yes',
      '8.8.8.8         1.2.3.4  yes',
      'Propagated everywhere (expected 1.2.3.4)',
    ]);
    expect(client.callsOf('dns.checkPropagation')[0].args).toEqual([{ fqdn: 'blog.example.com', expected: '1.2.3.4', resolvers: ['127.0.0.1:5300', '8.8.8.8'] }]);
    const partial = await run([...DNS, 'check', 'blog.example.com'], { client });
    expect(partial.out).toMatch(/Propagated at 2\/3 resolvers/);
  });

  test('wait prints progress and the final table', async () => {
    const r = await run([...DNS, 'wait', 'blog.example.com', '--timeout', '2m', '--json']);
    expect(r.err).toBe('[1] waiting for blog.example.com …');
    expect(JSON.parse(r.out).results).toHaveLength(3);
    const bad = await run([...DNS, 'wait', 'blog.example.com', '--timeout', 'forever']);
    expect(bad.err).toMatch(/duration must look like 30s, 15m or 2h/);
  });

  describe('set-many', () => {
    let dir: string;
    beforeAll(() => {
      dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fazt-cli-'));
    });
    afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
    const write = (name: string, body: string) => {
      const file = path.join(dir, name);
      fs.writeFileSync(file, body);
      return file;
    };

    test('a bad file is refused before any client call', async () => {
      const client = new FakeInfraClient();
      const notJson = await run([...DNS, 'set-many', 'example.com', '--file', write('bad.json', '{oops')], { client });
      expect(notJson.exitCode).toBe(2);
      expect(notJson.err).toMatch(/^error: Cannot read records from .*bad\.json: /);
      const badRecord = await run([...DNS, 'set-many', 'example.com', '--file', write('bad2.json', '[{"type":"A","name":"x","content":"nope"}]')], { client });
      expect(badRecord.exitCode).toBe(2);
      expect(badRecord.err).toMatch(/A content "nope" is not an IPv4 address/);
      const missing = await run([...DNS, 'set-many', 'example.com', '--file', path.join(dir, 'missing.json')], { client });
      expect(missing.exitCode).toBe(2);
      expect(client.calls).toEqual([]);
    });
  });
});

describe('fazt dev infra dns set / delete / set-many on the real client', () => {
  const ZONE = 'cli-dns.test';
  let sys: TestSystem;
  let dir: string;
  const on = () => ({ deps: { client: async () => sys.client } });
  const records = async () => JSON.parse((await run([...DNS, 'records', ZONE, '--json'], on())).out) as Array<Record<string, unknown>>;
  beforeAll(async () => {
    sys = await startSystem({ sandbox: { providers: ['cloudflare'], hosts: false, dns: false }, zones: [{ zone: ZONE, provider: 'cloudflare' }] });
    sys.client.close = async () => undefined;
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fazt-cli-'));
  });
  afterAll(async () => {
    await sys?.stop();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  test('set upserts a record; proxied only when typed (else the Cloudflare default)', async () => {
    const mx = await run([...DNS, 'set', ZONE, '--type', 'mx', '--name', '@', '--content', 'mail2.example.com', '--priority', '20', '--json'], on());
    expect(mx.exitCode).toBe(0);
    expect(JSON.parse(mx.out)).toMatchObject({ type: 'MX', name: '@', content: 'mail2.example.com', priority: 20, ttl: 300 });
    await run([...DNS, 'set', ZONE, '--type', 'A', '--name', 'blog', '--content', '192.0.2.4', '--no-proxied', '--ttl', '120'], on());
    await run([...DNS, 'set', ZONE, '--type', 'A', '--name', 'shop', '--content', '192.0.2.5'], on());
    const now = await records();
    expect(now).toEqual(expect.arrayContaining([
      expect.objectContaining({ type: 'A', name: 'blog', content: '192.0.2.4', ttl: 120 }),
      expect.objectContaining({ type: 'A', name: 'shop', content: '192.0.2.5', proxied: true }),
    ]));
    expect(now.find((x) => x.name === 'blog')?.proxied ?? false).toBe(false);
  });

  test('delete removes by type and name', async () => {
    await run([...DNS, 'set', ZONE, '--type', 'A', '--name', 'gone', '--content', '192.0.2.9'], on());
    const r = await run([...DNS, 'delete', ZONE, '--type', 'a', '--name', 'gone'], on());
    expect(r.out).toBe(`Deleted A gone from ${ZONE}`);
    expect((await records()).some((x) => x.name === 'gone')).toBe(false);
  });

  test('set-many --dry-run prints the plan without applying; --yes applies it', async () => {
    const file = path.join(dir, 'many.json');
    fs.writeFileSync(file, JSON.stringify({ records: [{ type: 'A', name: 'api', content: '192.0.2.1' }, { type: 'TXT', name: '_dmarc', content: 'v=DMARC1; p=none' }] }));
    const plan = await run([...DNS, 'set-many', ZONE, '--file', file, '--dry-run'], on());
    expect(plan.out.split('\n')[0]).toBe(`Plan for ${ZONE} (not applied)`);
    expect(plan.out).toContain('api');
    expect(plan.out).toContain('_dmarc');
    expect((await records()).some((x) => x.name === 'api')).toBe(false);
    const applied = await run([...DNS, 'set-many', ZONE, '--file', file, '--yes'], on());
    expect(applied.out.split('\n')[0]).toBe(`Applied 2 changes to ${ZONE}`);
    expect(await records()).toEqual(expect.arrayContaining([
      expect.objectContaining({ type: 'A', name: 'api', content: '192.0.2.1' }),
      expect.objectContaining({ type: 'TXT', name: '_dmarc' }),
    ]));
    expect((await run([...DNS, 'set-many', ZONE, '--file', file, '--yes'], on())).out.split('\n')[0]).toBe(`${ZONE} is up to date`);
  });
});
