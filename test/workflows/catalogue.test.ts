/**
 * The operation catalogue drives the real client over the real Temporal dev server and sandbox:
 * validation before anything starts, the workflow id it defines, the decision it declares, and the
 * audit types derived from it.
 */
import { auditTypeOf } from '../../src/activities/audit-types';
import { InfraError } from '../../src/domain/errors';
import type { ConfirmationRequest } from '../../src/domain/operations';
import { PROVIDER_READS, PROVIDER_WRITES } from '../../src/workflows/read';
import { OPERATIONS, dnsRecords, dnsSet, vpsCreate, vpsDestroy, vpsList } from '../../src/operations/catalogue';
import { startSystem, type TestSystem } from '../helpers/system';

describe('the operation catalogue', () => {
  it('names every operation as the spec does, once', () => {
    for (const [key, op] of Object.entries(OPERATIONS)) expect(op.name).toBe(key);
    expect(Object.keys(OPERATIONS)).toEqual(expect.arrayContaining(['vps.create', 'vps.destroy', 'vps.list', 'dns.set', 'dns.setMany', 'launch']));
  });

  it('gives the audit trail its types', () => {
    for (const op of Object.values(OPERATIONS)) for (const a of op.audit.activities) expect(auditTypeOf(a)).toBe(op.audit.type);
    expect(auditTypeOf('vpsCreate')).toBe('vps.create');
    expect(auditTypeOf('infraConfig')).toBeNull();
    expect(auditTypeOf('noSuchActivity')).toBeUndefined();
  });

  it('sends infraCall reads to the provider read queue and writes to the write queue, as each entry says', () => {
    const calls = Object.values(OPERATIONS).filter((op) => op.workflow === 'infraCall');
    expect(calls.length).toBeGreaterThan(0);
    for (const op of calls) {
      const arg = (op.start as (i: unknown, o: object) => { activity: string })({}, {});
      const queue = (PROVIDER_READS as readonly string[]).includes(arg.activity) ? 'read' : (PROVIDER_WRITES as readonly string[]).includes(arg.activity) ? 'write' : 'none';
      expect(`${op.name}: ${queue}`).toBe(`${op.name}: ${op.access}`);
    }
  });

  it('builds readable ids: fixed keys for gated writes, a suffix for reads', () => {
    expect(vpsCreate.id(vpsCreate.input.parse({ provider: 'hetzner', name: 'web-1', type: 'cx22', region: 'fsn1' }), 'x')).toBe('vps-create:hetzner:web-1');
    expect(vpsDestroy.id({ server: 'web-1' }, 'x')).toBe('vps-destroy:web-1');
    expect(vpsList.id({}, 'abc')).toBe('vps-list:abc');
  });
});

describe('catalogue operations over Temporal', () => {
  let sys: TestSystem;
  beforeAll(async () => {
    sys = await startSystem({ zones: [{ zone: 'catalogue.test', provider: 'hetzner' }] });
  });
  afterAll(async () => {
    await sys?.stop();
  });

  it('runs a read by its catalogue entry', async () => {
    expect(await sys.client.run(vpsList, {})).toEqual([]);
    expect(await sys.client.run(dnsRecords, { zone: 'Catalogue.Test.' })).toEqual(expect.any(Array));
  });

  it('refuses bad input with the schema of the entry before anything starts', async () => {
    const before = sys.requests('hetzner').length;
    const err = await sys.client.run(dnsSet, { zone: 'catalogue.test', record: { type: 'A', name: 'www', content: 'not-an-ip' } }).catch((e) => e);
    expect(err).toBeInstanceOf(InfraError);
    expect(err.code).toBe('INFRA_INVALID_INPUT');
    expect(err.message).toContain('not an IPv4 address');
    expect(sys.requests('hetzner').length).toBe(before);
  });

  it('waits for the decision the entry declares; the request names its workflow; a rejection cancels', async () => {
    const input = { provider: 'hetzner', name: 'cat-1', type: 'cx22', region: 'fsn1' } as const;
    expect(vpsCreate.decision).toBe('paid');
    const asked: ConfirmationRequest[] = [];
    const err = await sys.client.run(vpsCreate, input, { confirm: async (req) => (asked.push(req), false) }).catch((e) => e);
    expect(err.code).toBe('INFRA_CANCELED');
    expect(asked).toHaveLength(1);
    expect(asked[0]).toMatchObject({ action: 'vps.create', workflowId: 'vps-create:hetzner:cat-1' });
    expect(sys.requests('hetzner', 'POST', /\/v1\/servers$/)).toHaveLength(0);
  });

  it('the typed dev.infra functions are the same operations', async () => {
    const record = await sys.client.dev.infra.dns.set('catalogue.test', { type: 'A', name: 'www', content: '192.0.2.7' });
    expect(record).toMatchObject({ type: 'A', name: 'www', content: '192.0.2.7', ttl: 300 });
    expect(await sys.client.run(dnsRecords, { zone: 'catalogue.test' })).toEqual(expect.arrayContaining([expect.objectContaining({ name: 'www', content: '192.0.2.7' })]));
  });
});
