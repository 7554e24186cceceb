/**
 * `/domains` and `/domains/{d}/records` routes (create domain → 200, record create → 201, record
 * PATCH → 204), plus the {@link DnsSource} the sandbox's DNS servers serve, with every record
 * version kept so lagging resolvers can answer with older data.
 */
import { isIPv4, isIPv6 } from 'node:net';
import { randomUUID } from 'node:crypto';
import type { DnsSource, Route, SimContext, SimRequest, SimResponse } from '../core/types';
import { vultrError } from './errors';
import { vultrDate } from './instance-view';
import type { Store } from './instances';
import { paginate } from './pagination';
import type { DomainRec, RecordRec } from './state';
import { checkBody } from './validate';

const TYPES = ['A', 'AAAA', 'CNAME', 'NS', 'MX', 'SRV', 'TXT', 'CAA', 'SSHFP'];
const DOMAIN_RE = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;
const RECORD_FIELDS = { name: 'string', type: 'string', data: 'string', ttl: 'integer', priority: 'integer' } as const;

const domainView = (d: DomainRec) => ({ domain: d.domain, date_created: vultrDate(d.createdAt), dns_sec: d.dnsSec });
const recordView = (r: RecordRec) => ({ id: r.id, type: r.type, name: r.name, data: r.data, priority: r.priority, ttl: r.ttl });

/** Presentation value for the DNS servers: MX/SRV carry their priority, TXT is unquoted. */
function presentation(r: RecordRec): string {
  const host = (v: string) => v.toLowerCase().replace(/\.$/, '');
  switch (r.type) {
    case 'MX': return `${r.priority} ${host(r.data)}`;
    case 'SRV': return `${r.priority} ${r.data}`;
    case 'CNAME': case 'NS': return host(r.data);
    case 'TXT': return r.data.replace(/^"(.*)"$/s, '$1');
    default: return r.data;
  }
}

function fqdn(r: RecordRec): string {
  return (r.name === '' || r.name === '@' ? r.domain : `${r.name}.${r.domain}`).toLowerCase();
}

export function domainRoutes(store: Store, ctx: SimContext): Route[] {
  const s = () => store.state;
  const open = (r: RecordRec) => s().dnsHistory.push({ fqdn: fqdn(r), type: r.type, value: presentation(r), ttl: r.ttl, createdAt: ctx.now(), recordId: r.id });
  const close = (r: RecordRec) => {
    for (const v of s().dnsHistory) if (v.recordId === r.id && v.deletedAt === undefined) v.deletedAt = ctx.now();
  };
  const addRecord = (r: RecordRec) => { s().records.push(r); open(r); };
  const withDomain = (fn: (d: DomainRec, req: SimRequest) => SimResponse) => (req: SimRequest) => {
    const d = s().domains.find((x) => x.domain === req.params.domain.toLowerCase());
    return d ? fn(d, req) : vultrError(404, 'Domain not found.');
  };
  const withRecord = (fn: (r: RecordRec, req: SimRequest) => SimResponse) => withDomain((d, req) => {
    const r = s().records.find((x) => x.domain === d.domain && x.id === req.params.rid);
    return r ? fn(r, req) : vultrError(404, 'Record not found.');
  });

  return [
    {
      method: 'GET', pattern: '/domains', handler: (req) => {
        const page = paginate(s().domains.map(domainView), req.query);
        return page.ok ? { status: 200, body: { domains: page.items, meta: page.meta } } : page.response;
      },
    },
    {
      method: 'POST', pattern: '/domains', handler: (req) => {
        const bad = checkBody(req.body, { domain: 'string', ip: 'string', dns_sec: 'string' }, ['domain']);
        if (bad) return vultrError(400, bad);
        const name = String(req.body.domain).toLowerCase().replace(/\.$/, '');
        if (!DOMAIN_RE.test(name)) return vultrError(400, 'Invalid domain name.');
        if (s().domains.some((d) => d.domain === name)) return vultrError(400, 'Domain already exists.');
        const ip: string | undefined = req.body.ip;
        if (ip !== undefined && !isIPv4(ip) && !isIPv6(ip)) return vultrError(400, 'Invalid IP address.');
        const dnsSec = req.body.dns_sec ?? 'disabled';
        if (dnsSec !== 'enabled' && dnsSec !== 'disabled') return vultrError(400, 'Invalid dns_sec value. Must be enabled or disabled.');
        const d: DomainRec = { domain: name, dnsSec, createdAt: ctx.now() };
        s().domains.push(d);
        const rec = (type: string, rname: string, data: string, priority = -1): RecordRec => ({ id: randomUUID(), domain: name, type, name: rname, data, priority, ttl: 300 });
        addRecord(rec('NS', '', 'ns1.vultr.com'));
        addRecord(rec('NS', '', 'ns2.vultr.com'));
        if (ip) {
          addRecord(rec(isIPv4(ip) ? 'A' : 'AAAA', '', ip));
          addRecord(rec('CNAME', 'www', name));
        }
        return { status: 200, body: { domain: domainView(d) } };
      },
    },
    { method: 'GET', pattern: '/domains/:domain', handler: withDomain((d) => ({ status: 200, body: { domain: domainView(d) } })) },
    {
      method: 'PUT', pattern: '/domains/:domain', handler: withDomain((d, req) => {
        const bad = checkBody(req.body, { dns_sec: 'string' }, ['dns_sec']);
        if (bad) return vultrError(400, bad);
        if (req.body.dns_sec !== 'enabled' && req.body.dns_sec !== 'disabled') return vultrError(400, 'Invalid dns_sec value. Must be enabled or disabled.');
        d.dnsSec = req.body.dns_sec;
        return { status: 204 };
      }),
    },
    {
      method: 'DELETE', pattern: '/domains/:domain', handler: withDomain((d) => {
        for (const r of s().records.filter((x) => x.domain === d.domain)) close(r);
        s().records = s().records.filter((x) => x.domain !== d.domain);
        s().domains = s().domains.filter((x) => x !== d);
        return { status: 204 };
      }),
    },
    {
      method: 'GET', pattern: '/domains/:domain/records', handler: withDomain((d, req) => {
        const page = paginate(s().records.filter((r) => r.domain === d.domain).map(recordView), req.query);
        return page.ok ? { status: 200, body: { records: page.items, meta: page.meta } } : page.response;
      }),
    },
    {
      method: 'POST', pattern: '/domains/:domain/records', handler: withDomain((d, req) => {
        const bad = checkBody(req.body, RECORD_FIELDS, ['name', 'type', 'data']) ?? checkRecord(req.body, req.body.type);
        if (bad) return vultrError(400, bad);
        const b = req.body;
        const r: RecordRec = { id: randomUUID(), domain: d.domain, type: b.type, name: b.name, data: b.data, priority: b.priority ?? -1, ttl: b.ttl ?? 300 };
        addRecord(r);
        return { status: 201, body: { record: recordView(r) } };
      }),
    },
    { method: 'GET', pattern: '/domains/:domain/records/:rid', handler: withRecord((r) => ({ status: 200, body: { record: recordView(r) } })) },
    {
      method: 'PATCH', pattern: '/domains/:domain/records/:rid', handler: withRecord((r, req) => {
        const { type: newType, ...rest } = req.body ?? {};
        const bad = checkBody(req.body, RECORD_FIELDS) ?? (newType !== undefined && newType !== r.type ? 'The record type cannot be changed.' : null)
          ?? checkRecord({ ...recordView(r), ...rest }, r.type);
        if (bad) return vultrError(400, bad);
        close(r);
        Object.assign(r, { name: rest.name ?? r.name, data: rest.data ?? r.data, ttl: rest.ttl ?? r.ttl, priority: rest.priority ?? r.priority });
        open(r);
        return { status: 204 };
      }),
    },
    {
      method: 'DELETE', pattern: '/domains/:domain/records/:rid', handler: withRecord((r) => {
        close(r);
        s().records = s().records.filter((x) => x !== r);
        return { status: 204 };
      }),
    },
  ];
}

function checkRecord(b: Record<string, any>, type: string): string | null {
  if (!TYPES.includes(type)) return `Invalid record type. Must be one of ${TYPES.join(', ')}.`;
  if (type === 'A' && !isIPv4(b.data)) return 'Invalid IPv4 address for A record.';
  if (type === 'AAAA' && !isIPv6(b.data)) return 'Invalid IPv6 address for AAAA record.';
  if ((type === 'MX' || type === 'SRV') && (b.priority === undefined || b.priority < 0)) return `Priority is required for ${type} records.`;
  if (b.ttl !== undefined && (b.ttl < 0 || b.ttl > 2147483647)) return 'Invalid TTL.';
  if (b.data === '') return 'Record data cannot be empty.';
  return null;
}

/** Zones and record versions for the sandbox DNS servers. */
export function vultrDnsSource(store: Store): DnsSource {
  return {
    zones: () => store.state.domains.map((d) => d.domain),
    records: () => store.state.dnsHistory.map(({ fqdn: f, type, value, ttl, createdAt, deletedAt }) =>
      (deletedAt === undefined ? { fqdn: f, type, value, ttl, createdAt } : { fqdn: f, type, value, ttl, createdAt, deletedAt })),
  };
}
