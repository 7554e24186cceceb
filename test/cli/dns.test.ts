import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { FakeInfraClient } from '../helpers/fake-client';
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

  test('set upserts a record; proxied only when typed', async () => {
    const client = new FakeInfraClient();
    const r = await run([...DNS, 'set', 'example.com', '--type', 'mx', '--name', '@', '--content', 'mail2.example.com', '--priority', '20', '--json'], { client });
    expect(r.exitCode).toBe(0);
    expect(client.callsOf('dns.set')[0].args).toEqual([{ zone: 'example.com', record: { type: 'MX', name: '@', content: 'mail2.example.com', priority: 20 } }]);
    await run([...DNS, 'set', 'example.com', '--type', 'A', '--name', 'blog', '--content', '1.2.3.4', '--no-proxied', '--ttl', '120'], { client });
    expect(client.callsOf('dns.set')[1].args[0]).toEqual({ zone: 'example.com', record: { type: 'A', name: 'blog', content: '1.2.3.4', ttl: 120, proxied: false } });
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

  test('delete removes by type and name', async () => {
    const client = new FakeInfraClient();
    const r = await run([...DNS, 'delete', 'example.com', '--type', 'a', '--name', 'blog'], { client });
    expect(r.out).toBe('Deleted A blog from example.com');
    expect(client.zones['example.com'].records.some((x) => x.name === 'blog')).toBe(false);
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

    test('--dry-run prints the plan without applying', async () => {
      const client = new FakeInfraClient();
      const file = write('ok.json', JSON.stringify([{ type: 'A', name: 'api', content: '1.2.3.4' }, { type: 'A', name: 'blog', content: '1.2.3.5' }]));
      const r = await run([...DNS, 'set-many', 'example.com', '--file', file, '--dry-run'], { client });
      expect(r.out).toBe('Plan for example.com (not applied)\nCREATE api A 1.2.3.4\nUPDATE blog A 1.2.3.5');
      expect(client.zones['example.com'].records.some((x) => x.name === 'api')).toBe(false);
    });

    test('--yes applies', async () => {
      const client = new FakeInfraClient();
      const file = write('wrapped.json', JSON.stringify({ records: [{ type: 'TXT', name: '_dmarc', content: 'v=DMARC1; p=none' }] }));
      const r = await run([...DNS, 'set-many', 'example.com', '--file', file, '--yes'], { client });
      expect(r.out).toBe('Applied 1 changes to example.com\nCREATE _dmarc TXT v=DMARC1; p=none');
      expect(client.zones['example.com'].records.some((x) => x.name === '_dmarc')).toBe(true);
    });

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
