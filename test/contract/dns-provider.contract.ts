/**
 * The DnsProvider contract (src/providers/types.ts): zone-relative names, set-equals semantics,
 * idempotent set and delete, provider quirks (TXT quoting, MX priority, CAA) converted at the edge.
 * Every DNS adapter runs it against its simulator over HTTP (test/providers), and against a real
 * account when test/live is configured: the target comes from a factory.
 */
import { InfraError } from '../../src/domain/errors';
import type { DnsRecord } from '../../src/domain/types';
import { providerDescriptor } from '../../src/providers/registry';
import type { DnsProvider, ZoneRef } from '../../src/providers/types';
import type { ContractTarget, ContractTargetFactory } from './sandbox-target';

export interface DnsContractOptions {
  /** @default `contract-<provider>.example` */
  zone?: string;
  /** The zone already exists and is not the suite's (a live zone): it is looked up, never created. */
  existingZone?: boolean;
  /**
   * Every record the suite writes goes under this label (`@` becomes `<prefix>`, `www` becomes
   * `www.<prefix>`), and everything under it is deleted afterwards, so a live zone's own records
   * are never touched. Without it the suite writes at the apex of its own zone.
   */
  prefix?: string;
}

/** Records without provider extras, sorted, for comparison. */
function norm(records: DnsRecord[]): Array<Partial<DnsRecord>> {
  return records
    .map((r) => ({ type: r.type, name: r.name, content: r.content, ttl: r.ttl, ...(r.priority !== undefined ? { priority: r.priority } : {}) }))
    .sort((a, b) => `${a.type}${a.name}${a.content}`.localeCompare(`${b.type}${b.name}${b.content}`));
}

/** Runs the contract for provider `name` against the adapter `target` builds (once, in beforeAll). */
export function runDnsProviderContract(name: string, target: ContractTargetFactory, opts: DnsContractOptions = {}): void {
  const zoneName = opts.zone ?? `contract-${name}.example`;
  const prefix = opts.prefix;
  /** A zone-relative name, moved under the prefix when there is one. */
  const at = (n: string) => (prefix === undefined ? n : n === '@' ? prefix : `${n}.${prefix}`);
  const proxiedCap = providerDescriptor(name).capabilities.proxied;
  const rec = (r: Omit<DnsRecord, 'ttl'> & { ttl?: number }): DnsRecord => ({
    ttl: 300, ...(proxiedCap && ['A', 'AAAA', 'CNAME'].includes(r.type) ? { proxied: false } : {}), ...r, name: at(r.name),
  });
  /** The records this suite may have written. */
  const ours = (records: DnsRecord[]) => records.filter((r) => prefix === undefined || r.name === prefix || r.name.endsWith(`.${prefix}`));

  describe(`DnsProvider contract: ${name}`, () => {
    let t: ContractTarget | undefined;
    let dns: DnsProvider;
    let zone: ZoneRef;

    beforeAll(async () => {
      t = await target();
      dns = t.instance.dns!;
      expect(dns).toBeDefined();
      if (opts.existingZone) {
        const found = await dns.findZone(zoneName);
        if (!found) throw new Error(`zone ${zoneName} not found at ${name}`);
        zone = found;
      } else {
        zone = await dns.createZone(zoneName);
      }
    });
    afterAll(async () => {
      try {
        if (prefix !== undefined && zone) {
          const sets = new Set(ours(await dns.getRecords(zone)).filter((r) => r.type !== 'NS').map((r) => `${r.type} ${r.name}`));
          for (const s of sets) {
            const [type, n] = s.split(' ');
            await dns.deleteRecords(zone, n, type as DnsRecord['type']);
          }
        }
      } finally {
        await t?.cleanup();
      }
    });

    it(opts.existingZone ? 'finds the zone by name' : 'creates zones idempotently and finds them by name', async () => {
      expect(zone.name).toBe(zoneName);
      if (!opts.existingZone) expect((await dns.createZone(zoneName)).id).toBe(zone.id);
      expect((await dns.findZone(zoneName))?.id).toBe(zone.id);
      expect(await dns.findZone('absent-zone.example')).toBeNull();
      expect((await dns.listZones()).map((z) => z.name)).toContain(zoneName);
    });

    it('sets and reads back A, AAAA, CNAME, MX, TXT and CAA with zone-relative names', async () => {
      const want: DnsRecord[] = [
        rec({ type: 'A', name: '@', content: '192.0.2.10' }),
        rec({ type: 'A', name: 'blog', content: '192.0.2.11' }),
        rec({ type: 'AAAA', name: 'blog', content: '2001:db8::11' }),
        rec({ type: 'CNAME', name: 'www', content: zoneName }),
        rec({ type: 'MX', name: '@', content: `mail.${zoneName}`, priority: 10, ttl: 3600 }),
        rec({ type: 'TXT', name: '@', content: 'v=spf1 ip4:192.0.2.10 -all' }),
        rec({ type: 'TXT', name: '_dmarc', content: 'v=DMARC1; p=none' }),
        rec({ type: 'CAA', name: '@', content: '0 issue "letsencrypt.org"' }),
      ];
      const sets = new Map<string, DnsRecord[]>();
      for (const r of want) sets.set(`${r.name}/${r.type}`, [...(sets.get(`${r.name}/${r.type}`) ?? []), r]);
      for (const records of sets.values()) await dns.setRecords(zone, { name: records[0].name, type: records[0].type, records });
      const got = ours(await dns.getRecords(zone)).filter((r) => r.type !== 'NS');
      expect(norm(got)).toEqual(norm(want));
    });

    it('keeps long TXT values intact (split and joined at the edge)', async () => {
      const long = 'k=' + 'a'.repeat(400);
      await dns.setRecords(zone, { name: at('dkim._domainkey'), type: 'TXT', records: [rec({ type: 'TXT', name: 'dkim._domainkey', content: long })] });
      const got = (await dns.getRecords(zone)).find((r) => r.name === at('dkim._domainkey'));
      expect(got?.content).toBe(long);
    });

    it('replaces a set (set-equals semantics) and is idempotent', async () => {
      const two = [rec({ type: 'A', name: 'multi', content: '192.0.2.1' }), rec({ type: 'A', name: 'multi', content: '192.0.2.2' })];
      await dns.setRecords(zone, { name: at('multi'), type: 'A', records: two });
      await dns.setRecords(zone, { name: at('multi'), type: 'A', records: two });
      expect(norm((await dns.getRecords(zone)).filter((r) => r.name === at('multi')))).toEqual(norm(two));
      const one = [rec({ type: 'A', name: 'multi', content: '192.0.2.3', ttl: 600 })];
      await dns.setRecords(zone, { name: at('multi'), type: 'A', records: one });
      expect(norm((await dns.getRecords(zone)).filter((r) => r.name === at('multi')))).toEqual(norm(one));
    });

    it('deletes idempotently', async () => {
      await dns.setRecords(zone, { name: at('gone'), type: 'A', records: [rec({ type: 'A', name: 'gone', content: '192.0.2.9' })] });
      await dns.deleteRecords(zone, at('gone'), 'A');
      await dns.deleteRecords(zone, at('gone'), 'A');
      expect((await dns.getRecords(zone)).filter((r) => r.name === at('gone'))).toEqual([]);
    });

    it('applies a batch all at once where the provider has one', async () => {
      if (!dns.applyBatch) return expect(providerDescriptor(name).capabilities.maxBatchSize).toBe(0);
      await dns.applyBatch(zone, [
        { name: at('b1'), type: 'A', before: [], after: [rec({ type: 'A', name: 'b1', content: '192.0.2.21' })] },
        { name: at('b2'), type: 'TXT', before: [], after: [rec({ type: 'TXT', name: 'b2', content: 'hello' })] },
      ]);
      const current = await dns.getRecords(zone);
      const b1 = current.filter((r) => r.name === at('b1'));
      await dns.applyBatch(zone, [
        { name: at('b1'), type: 'A', before: b1, after: [] },
        { name: at('b2'), type: 'TXT', before: current.filter((r) => r.name === at('b2')), after: [rec({ type: 'TXT', name: 'b2', content: 'changed' })] },
      ]);
      const after = await dns.getRecords(zone);
      expect(after.filter((r) => r.name === at('b1'))).toEqual([]);
      expect(after.find((r) => r.name === at('b2'))?.content).toBe('changed');
    });

    it('maps a rejected token to INFRA_UNAUTHORIZED without leaking it', async () => {
      const bad = t!.withToken('wrong-secret-token-value-456');
      const err = await bad.dns!.listZones().catch((e) => e);
      expect(err).toBeInstanceOf(InfraError);
      expect(err.code).toBe('INFRA_UNAUTHORIZED');
      expect(JSON.stringify({ ...err, message: err.message, stack: err.stack })).not.toContain('wrong-secret-token-value-456');
    });
  });
}
