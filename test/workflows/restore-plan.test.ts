/** The launch's DNS compensation plan (pure): put the touched sets back as they were, nothing else. */
import type { DnsRecord } from '../../src/domain/types';
import { planRestore, previousSets } from '../../src/workflows/steps/records';

const a = (name: string, content: string): DnsRecord => ({ type: 'A', name, content, ttl: 300 });
const ours = [a('blog', '203.0.113.7'), { type: 'AAAA' as const, name: 'blog', content: '2001:db8::7', ttl: 300 }];
const others = [a('www', '198.51.100.1'), { type: 'TXT' as const, name: 'blog', content: 'keep me', ttl: 300 }];

describe('planRestore', () => {
  it('puts back the values a launch replaced and deletes only the sets it created', () => {
    const before = [...others, a('blog', '192.0.2.10'), a('blog', '192.0.2.11')];
    const previous = previousSets(before, ours);
    expect(previous).toEqual([a('blog', '192.0.2.10'), a('blog', '192.0.2.11')]);
    const after = [...others, ...ours];
    const changes = planRestore('example.com', after, ours, previous);
    expect(changes.map((c) => [c.kind, c.name, c.type, c.after.map((r) => r.content)])).toEqual([
      ['delete', 'blog', 'AAAA', []],
      ['update', 'blog', 'A', ['192.0.2.10', '192.0.2.11']],
    ]);
  });

  it('changes nothing when the launch adopted a record that already had its value', () => {
    const before = [...others, ...ours];
    expect(planRestore('example.com', before, ours, previousSets(before, ours))).toEqual([]);
  });

  it('deletes what it created in an empty name, and nothing when it is already gone', () => {
    expect(planRestore('example.com', [...others, ...ours], ours, []).map((c) => [c.kind, c.type])).toEqual([['delete', 'A'], ['delete', 'AAAA']]);
    expect(planRestore('example.com', others, ours, [])).toEqual([]);
  });
});
