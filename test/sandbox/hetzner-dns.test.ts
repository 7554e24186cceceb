/** The Hetzner simulator's Cloud DNS API over HTTP: zones by id or name, rrsets and their actions. */
import { startHetzner, type SimClient } from './hetzner-sim';

describe('Hetzner simulator: zones and rrsets', () => {
  let h: SimClient;
  let zoneId: number;
  beforeAll(async () => {
    h = await startHetzner();
    const r = await h.call('POST', '/zones', { name: 'Example.COM', mode: 'primary' });
    expect(r.status).toBe(201);
    zoneId = r.body.zone.id;
  });
  afterAll(async () => {
    await h?.stop();
  });

  it('creates a zone with Hetzner nameservers, SOA and NS, addressable by id or name', async () => {
    const byName = await h.call('GET', '/zones/example.com');
    const byId = await h.call('GET', `/zones/${zoneId}`);
    expect(byName.body).toEqual(byId.body);
    expect(byName.body.zone).toMatchObject({ name: 'example.com', mode: 'primary', ttl: 3600, status: 'ok', record_count: 4 });
    expect(byName.body.zone.authoritative_nameservers.assigned).toContain('hydrogen.ns.hetzner.com.');
    const sets = (await h.call('GET', '/zones/example.com/rrsets')).body.rrsets;
    expect(sets.map((r: any) => r.id).sort()).toEqual(['@/NS', '@/SOA']);
    const dup = await h.call('POST', '/zones', { name: 'example.com', mode: 'primary' });
    expect(dup.status).toBe(409);
    expect(dup.body.error.code).toBe('uniqueness_error');
    expect((await h.call('GET', '/zones/absent.example')).body.error.code).toBe('not_found');
    expect((await h.call('POST', '/zones', { name: 'not a zone', mode: 'primary' })).body.error.code).toBe('invalid_input');
    expect((await h.call('POST', '/zones', { name: 'x.example' })).body.error.details.fields[0]).toEqual({ name: 'mode', messages: ['Missing data for required field.'] });
  });

  it('creates a zone with initial rrsets, replacing the default apex NS when given', async () => {
    const r = await h.call('POST', '/zones', {
      name: 'seeded.example', mode: 'primary', ttl: 300,
      rrsets: [{ name: 'www', type: 'A', records: [{ value: '192.0.2.7' }] }, { name: '@', type: 'NS', records: [{ value: 'ns1.other.example.' }] }],
    });
    expect(r.status).toBe(201);
    const sets = (await h.call('GET', '/zones/seeded.example/rrsets')).body.rrsets;
    expect(Object.fromEntries(sets.map((x: any) => [x.id, x.records.map((v: any) => v.value)]))).toMatchObject({ 'www/A': ['192.0.2.7'], '@/NS': ['ns1.other.example.'] });
    const soa = h.sandbox.sims.hetzner.dnsSource!.records().find((v) => v.fqdn === 'seeded.example' && v.type === 'SOA');
    expect(soa?.value).toMatch(/^hydrogen\.ns\.hetzner\.com dns\.hetzner\.com \d+ 86400 10800 3600000 3600$/);
    const twice = await h.call('POST', '/zones', { name: 'twice.example', mode: 'primary', rrsets: [{ name: 'a', type: 'A', records: [{ value: '192.0.2.1' }] }, { name: 'a', type: 'A', records: [{ value: '192.0.2.2' }] }] });
    expect(twice.body.error.code).toBe('invalid_input');
    expect((await h.call('GET', '/zones/twice.example')).status).toBe(404);
  });

  it('creates rrsets keyed name/type and rejects a second one with uniqueness_error', async () => {
    const r = await h.call('POST', '/zones/example.com/rrsets', { name: 'www', type: 'A', ttl: 300, records: [{ value: '192.0.2.1' }] });
    expect(r.status).toBe(201);
    expect(r.body.rrset).toMatchObject({ id: 'www/A', name: 'www', type: 'A', ttl: 300, zone: zoneId, records: [{ value: '192.0.2.1', comment: '' }] });
    expect(r.body.action.command).toBe('create_rrset');
    expect((await h.call('POST', '/zones/example.com/rrsets', { name: 'www', type: 'A', records: [{ value: '192.0.2.9' }] })).status).toBe(409);
    expect((await h.call('GET', '/zones/example.com/rrsets/www/A')).body.rrset.id).toBe('www/A');
    expect((await h.call('GET', '/zones/example.com/rrsets/www/AAAA')).status).toBe(404);
  });

  it('validates values: quoted TXT ≤ 255 per string, MX "prio host", CAA, addresses, CNAME exclusivity', async () => {
    const post = (body: unknown) => h.call('POST', `/zones/${zoneId}/rrsets`, body);
    const bad: unknown[] = [
      { name: 't1', type: 'TXT', records: [{ value: 'unquoted text' }] },
      { name: 't2', type: 'TXT', records: [{ value: `"${'a'.repeat(256)}"` }] },
      { name: '@', type: 'MX', records: [{ value: 'mail.example.com.' }] },
      { name: '@', type: 'CAA', records: [{ value: 'issue letsencrypt.org' }] },
      { name: 'v4', type: 'A', records: [{ value: '2001:db8::1' }] },
      { name: 'v6', type: 'AAAA', records: [{ value: '192.0.2.1' }] },
      { name: 'www', type: 'CNAME', records: [{ value: 'example.com.' }] },
      { name: 'Upper', type: 'A', records: [{ value: '192.0.2.1' }] },
      { name: 'low', type: 'A', ttl: 30, records: [{ value: '192.0.2.1' }] },
      { name: 'none', type: 'A', records: [] },
      { name: 'soa', type: 'SOA', records: [{ value: 'x' }] },
      { name: 'weird', type: 'WKS', records: [{ value: 'x' }] },
    ];
    for (const b of bad) {
      const r = await post(b);
      expect([r.status, r.body.error.code]).toEqual([400, 'invalid_input']);
    }
    const ok = [
      { name: 'dkim._domainkey', type: 'TXT', records: [{ value: `"${'a'.repeat(255)}" "rest"` }] },
      { name: '@', type: 'MX', records: [{ value: '10 mail.example.com.' }, { value: '20 backup' }] },
      { name: '@', type: 'CAA', records: [{ value: '0 issue "letsencrypt.org"' }] },
      { name: 'alias', type: 'CNAME', records: [{ value: 'www.example.com.' }] },
    ];
    for (const b of ok) expect((await post(b)).status).toBe(201);
  });

  it('runs set_records, add_records (creating), remove_records (deleting when empty), update_records and change_ttl', async () => {
    const act = (name: string, type: string, action: string, body: unknown) => h.call('POST', `/zones/example.com/rrsets/${name}/${type}/actions/${action}`, body);
    expect((await act('multi', 'A', 'add_records', { records: [{ value: '192.0.2.1' }], ttl: 120 })).status).toBe(201);
    await act('multi', 'A', 'add_records', { records: [{ value: '192.0.2.2' }, { value: '192.0.2.1' }] });
    let rr = (await h.call('GET', '/zones/example.com/rrsets/multi/A')).body.rrset;
    expect(rr.records.map((r: any) => r.value)).toEqual(['192.0.2.1', '192.0.2.2']);
    expect(rr.ttl).toBe(120);
    await act('multi', 'A', 'set_records', { records: [{ value: '192.0.2.3' }] });
    await act('multi', 'A', 'update_records', { records: [{ value: '192.0.2.3', comment: 'note' }] });
    const ttl = await act('multi', 'A', 'change_ttl', { ttl: null });
    expect(ttl.body.action.command).toBe('change_rrset_ttl');
    rr = (await h.call('GET', '/zones/example.com/rrsets/multi/A')).body.rrset;
    expect(rr).toMatchObject({ ttl: null, records: [{ value: '192.0.2.3', comment: 'note' }] });
    expect((await act('multi', 'A', 'set_records', { records: [] })).status).toBe(400);
    expect((await act('multi', 'A', 'change_ttl', {})).status).toBe(400);
    await act('multi', 'A', 'remove_records', { records: [{ value: '192.0.2.3' }] });
    expect((await h.call('GET', '/zones/example.com/rrsets/multi/A')).status).toBe(404);
    expect((await act('absent', 'A', 'set_records', { records: [{ value: '192.0.2.1' }] })).status).toBe(404);
    expect((await act('@', 'SOA', 'set_records', { records: [{ value: 'x' }] })).body.error.code).toBe('protected');
  });

  it('changes the zone default TTL (served for rrsets without their own), protects it, exports BIND', async () => {
    await h.call('POST', '/zones/example.com/rrsets', { name: 'deflt', type: 'A', records: [{ value: '192.0.2.50' }] });
    const ttl = await h.call('POST', '/zones/example.com/actions/change_ttl', { ttl: 120 });
    expect([ttl.status, ttl.body.action.command]).toEqual([201, 'change_zone_ttl']);
    const served = h.sandbox.sims.hetzner.dnsSource!.records().find((v) => v.fqdn === 'deflt.example.com' && v.deletedAt === undefined);
    expect(served?.ttl).toBe(120);
    expect((await h.call('POST', '/zones/example.com/actions/change_ttl', { ttl: 5 })).body.error.code).toBe('invalid_input');
    const file = (await h.call('GET', '/zones/example.com/zonefile')).body.zonefile;
    expect(file).toContain('$ORIGIN example.com.');
    expect(file).toContain('deflt\tIN\tA\t192.0.2.50');
    await h.call('POST', '/zones/example.com/actions/change_protection', { delete: true });
    expect((await h.call('DELETE', '/zones/example.com')).body.error.code).toBe('protected');
    await h.call('POST', '/zones/example.com/actions/change_protection', { delete: false });
    expect((await h.call('POST', '/zones/example.com/actions/import_zonefile', { zonefile: '' })).status).toBe(400);
  });

  it('filters and paginates rrsets, deletes them and the zone', async () => {
    for (let i = 0; i < 30; i++) await h.call('POST', '/zones/example.com/rrsets', { name: `h${i}`, type: 'A', records: [{ value: `192.0.2.${i}` }] });
    const a = await h.call('GET', '/zones/example.com/rrsets?type=A&per_page=10&page=2');
    expect(a.body.rrsets).toHaveLength(10);
    expect(a.body.meta.pagination.total_entries).toBeGreaterThanOrEqual(31);
    expect((await h.call('GET', '/zones/example.com/rrsets?name=h7')).body.rrsets.map((r: any) => r.id)).toEqual(['h7/A']);
    const del = await h.call('DELETE', '/zones/example.com/rrsets/h7/A');
    expect(del.status).toBe(201);
    expect((await h.call('DELETE', '/zones/example.com/rrsets/h7/A')).status).toBe(404);
    expect((await h.call('GET', `/zones/${zoneId}/actions/${del.body.action.id}`)).body.action.command).toBe('delete_rrset');
    const dz = await h.call('DELETE', '/zones/example.com');
    expect(dz.status).toBe(201);
    expect(dz.body.action.command).toBe('delete_zone');
    expect((await h.call('GET', `/zones/${zoneId}`)).status).toBe(404);
  });
});
