import { changeWeight, describePlan, planDnsChanges, splitIntoBatches } from '../../src/domain/dns-plan';
import { InfraError } from '../../src/domain/errors';
import type { DnsRecord } from '../../src/domain/types';

const A = (name: string, content: string, ttl = 300): DnsRecord => ({ type: 'A', name, content, ttl });
const TXT = (name: string, content: string): DnsRecord => ({ type: 'TXT', name, content, ttl: 300 });

describe('planDnsChanges', () => {
  it('creates, updates and leaves identical sets alone, ordered delete → create → update', () => {
    const existing = [A('www', '192.0.2.1'), A('api', '192.0.2.2'), A('old', '192.0.2.3')];
    const plan = planDnsChanges('example.com', existing, [A('www', '192.0.2.1'), A('api', '192.0.2.9'), A('new', '192.0.2.4')], 'sync');
    expect(plan.changes.map((c) => [c.kind, c.name])).toEqual([['delete', 'old'], ['create', 'new'], ['update', 'api']]);
    expect(plan.changes.find((c) => c.name === 'api')!.before).toEqual([A('api', '192.0.2.2')]);
  });

  it('upsert keeps other sets; sync prunes them but never the apex NS', () => {
    const existing = [A('keep', '192.0.2.1'), { type: 'NS', name: '@', content: 'ns1.example.net', ttl: 3600 } as DnsRecord];
    expect(planDnsChanges('example.com', existing, [A('x', '192.0.2.5')], 'upsert').changes.map((c) => c.kind)).toEqual(['create']);
    const sync = planDnsChanges('example.com', existing, [A('x', '192.0.2.5')], 'sync');
    expect(sync.changes.map((c) => [c.kind, c.name, c.type])).toEqual([['delete', 'keep', 'A'], ['create', 'x', 'A']]);
  });

  it('merges multi-value types by content on upsert', () => {
    const existing = [TXT('@', 'v=spf1 -all'), TXT('@', 'google-site-verification=abc')];
    const plan = planDnsChanges('example.com', existing, [{ ...TXT('@', 'v=spf1 -all'), ttl: 3600 }], 'upsert');
    expect(plan.changes).toHaveLength(1);
    expect(plan.changes[0].kind).toBe('update');
    expect(plan.changes[0].after.map((r) => r.content).sort()).toEqual(['google-site-verification=abc', 'v=spf1 -all']);
  });

  it('an identical desired record is no change (never a provider duplicate error)', () => {
    const plan = planDnsChanges('example.com', [A('blog', '192.0.2.1')], [A('blog', '192.0.2.1')]);
    expect(plan.changes).toEqual([]);
    expect(describePlan(plan)).toBe('example.com: no changes');
  });

  it('remove deletes one value or the whole set, and absent is no change', () => {
    const existing = [TXT('@', 'a'), TXT('@', 'b'), A('x', '192.0.2.1')];
    const one = planDnsChanges('example.com', existing, [{ ...TXT('@', 'a') }], 'remove');
    expect(one.changes[0].after.map((r) => r.content)).toEqual(['b']);
    const all = planDnsChanges('example.com', existing, [{ type: 'A', name: 'x', content: '', ttl: 0 }], 'remove');
    expect(all.changes[0].kind).toBe('delete');
    expect(planDnsChanges('example.com', existing, [{ type: 'A', name: 'nope', content: '', ttl: 0 }], 'remove').changes).toEqual([]);
  });

  it('refuses a CNAME beside other records at the same name', () => {
    expect(() => planDnsChanges('example.com', [A('www', '192.0.2.1')], [{ type: 'CNAME', name: 'www', content: 'example.com', ttl: 300 }])).toThrow(InfraError);
  });

  it('flags plans that rewrite more than 30% of a zone of 10+ records, or touch apex NS', () => {
    const existing = Array.from({ length: 10 }, (_, i) => A(`h${i}`, `192.0.2.${i + 1}`));
    const small = planDnsChanges('example.com', existing, [A('h0', '198.51.100.1'), A('h1', '198.51.100.2'), A('h2', '198.51.100.3')]);
    expect(small.unsafeReason).toBeNull();
    const big = planDnsChanges('example.com', existing, existing.slice(0, 4).map((r) => A(r.name, '198.51.100.9')));
    expect(big.unsafeReason).toMatch(/4 of 10/);
    const ns = planDnsChanges('example.com', [], [{ type: 'NS', name: '@', content: 'ns.other.net', ttl: 3600 }]);
    expect(ns.unsafeReason).toMatch(/apex NS/);
  });

  it('hashes the plan stably and differently for different changes', () => {
    const a = planDnsChanges('example.com', [], [A('a', '192.0.2.1')]);
    expect(planDnsChanges('example.com', [], [A('a', '192.0.2.1')]).hash).toBe(a.hash);
    expect(planDnsChanges('example.com', [], [A('a', '192.0.2.2')]).hash).not.toBe(a.hash);
  });
});

describe('splitIntoBatches', () => {
  it('keeps order and respects the record-operation limit', () => {
    const changes = planDnsChanges('example.com', [], Array.from({ length: 450 }, (_, i) => A(`n${i}`, '192.0.2.1'))).changes;
    const batches = splitIntoBatches(changes, 200);
    expect(batches.map((b) => b.length)).toEqual([200, 200, 50]);
    expect(batches.flat()).toEqual(changes);
    expect(splitIntoBatches(changes.slice(0, 3), 0)).toHaveLength(3);
  });

  it('counts an update as its removed plus added values', () => {
    const [c] = planDnsChanges('example.com', [A('x', '192.0.2.1')], [A('x', '192.0.2.2')]).changes;
    expect(changeWeight(c)).toBe(2);
  });
});
