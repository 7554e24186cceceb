/**
 * `/v2/domains` and their records. Creating a domain adds DO's SOA and three NS records; every
 * record change is kept as a version (createdAt/deletedAt) so the sandbox DNS servers can lag.
 */
import type { DnsRecordView, DnsSource, Route, SimContext, SimRequest, SimResponse } from '../core/types';
import { badRequest, isObject, noContent, notFound, ok, paginate, unprocessable } from './http';
import { buildRecord, checkTypes, cnameConflict, DEFAULT_TTL, storedData } from './record-validate';
import type { DomainState, RecordState, Store } from './state';

const DOMAIN_NAME = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;
export const NAMESERVERS = ['ns1.digitalocean.com', 'ns2.digitalocean.com', 'ns3.digitalocean.com'];

function recordWire(r: RecordState): Record<string, unknown> {
  return { id: r.id, type: r.type, name: r.name, data: r.data, priority: r.priority, port: r.port, ttl: r.ttl, weight: r.weight, flags: r.flags, tag: r.tag };
}

/** `www` + `example.com` → `www.example.com`; `@` → the zone. Lowercase, no trailing dot. */
export function fqdnOf(name: string, zone: string): string {
  return (name === '@' ? zone : `${name}.${zone}`).toLowerCase();
}

/** The presentation value the DNS servers answer with. */
export function presentation(r: RecordState): string {
  const host = (d: string) => (d === '@' ? r.domain : d).toLowerCase();
  switch (r.type) {
    case 'CNAME':
    case 'NS':
      return host(r.data);
    case 'MX':
      return `${r.priority ?? 0} ${host(r.data)}`;
    case 'SRV':
      return `${r.priority ?? 0} ${r.weight ?? 0} ${r.port ?? 0} ${host(r.data)}`;
    case 'CAA':
      return `${r.flags ?? 0} ${r.tag} "${r.data}"`;
    default:
      return r.data;
  }
}

function zoneFile(d: DomainState, records: RecordState[]): string {
  const lines = [`$ORIGIN ${d.name}.`, `$TTL ${d.ttl}`];
  for (const r of records) {
    if (r.type === 'SOA') lines.push(`${d.name}. IN SOA ns1.digitalocean.com. hostmaster.${d.name}. 1 10800 3600 604800 1800`);
    else lines.push(`${fqdnOf(r.name, d.name)}. ${r.ttl} IN ${r.type} ${presentation(r)}${['CNAME', 'NS', 'MX', 'SRV'].includes(r.type) ? '.' : ''}`);
  }
  return lines.join('\n') + '\n';
}

export function domainRoutes(store: Store, ctx: SimContext): Route[] {
  const findDomain = (name: string) => store.s.domains.find((d) => d.name === name.toLowerCase());
  const recordsOf = (domain: string) => store.s.records.filter((r) => r.domain === domain);

  const publish = (r: RecordState) => {
    if (r.type === 'SOA') return;
    store.s.history.push({ recordId: r.id, fqdn: fqdnOf(r.name, r.domain), type: r.type, value: presentation(r), ttl: r.ttl, createdAt: ctx.now() });
  };
  const retire = (id: number) => {
    for (const v of store.s.history) if (v.recordId === id && v.deletedAt === undefined) v.deletedAt = ctx.now();
  };
  const insert = (domain: string, f: Omit<RecordState, 'id' | 'domain'>): RecordState => {
    const r: RecordState = { id: store.s.nextId.record++, domain, ...f };
    store.s.records.push(r);
    publish(r);
    return r;
  };

  const createDomain = (req: SimRequest): SimResponse => {
    const b = req.body;
    if (!isObject(b)) return badRequest('The request body must be a JSON object.');
    if (typeof b.name !== 'string' || (b.ip_address !== undefined && typeof b.ip_address !== 'string')) {
      return b.name === undefined ? unprocessable('Name is required.') : badRequest('name and ip_address must be strings.');
    }
    const name = b.name.toLowerCase().replace(/\.$/, '');
    if (!DOMAIN_NAME.test(name)) return unprocessable('Name is invalid.');
    if (findDomain(name)) return unprocessable('Domain already exists.');
    if (b.ip_address !== undefined) {
      const check = buildRecord({ type: 'A', name: '@', data: b.ip_address }, null);
      if ('status' in check) return check;
    }
    const d: DomainState = { name, ttl: DEFAULT_TTL, createdAt: ctx.now() };
    store.s.domains.push(d);
    insert(name, { type: 'SOA', name: '@', data: '1800', priority: null, port: null, ttl: 1800, weight: null, flags: null, tag: null });
    for (const ns of NAMESERVERS) insert(name, { type: 'NS', name: '@', data: ns, priority: null, port: null, ttl: 1800, weight: null, flags: null, tag: null });
    if (b.ip_address) insert(name, { type: 'A', name: '@', data: b.ip_address, priority: null, port: null, ttl: DEFAULT_TTL, weight: null, flags: null, tag: null });
    return ok({ domain: { name, ttl: d.ttl, zone_file: null } }, 201);
  };

  // DO treats PUT and PATCH alike: any attribute given replaces the stored one.
  const writeRecord = (req: SimRequest, existing: RecordState | null): SimResponse => {
    const d = findDomain(req.params.domain);
    if (!d) return notFound();
    const bad = checkTypes(req.body);
    if (bad) return bad;
    const built = buildRecord(req.body, existing);
    if ('status' in built) return built;
    if (existing?.type === 'SOA' && built.type !== 'SOA') return unprocessable('SOA records cannot change type.');
    const clash = cnameConflict(recordsOf(d.name), built, existing?.id ?? null);
    if (clash) return clash;
    const fields = { ...built, data: storedData(built) };
    if (!existing) return ok({ domain_record: recordWire(insert(d.name, fields)) }, 201);
    retire(existing.id);
    Object.assign(existing, fields);
    publish(existing);
    return ok({ domain_record: recordWire(existing) });
  };

  const findRecord = (req: SimRequest): RecordState | undefined => {
    const d = findDomain(req.params.domain);
    return d && store.s.records.find((r) => r.domain === d.name && String(r.id) === req.params.recordId);
  };

  return [
    { method: 'GET', pattern: '/domains', handler: (req) => paginate(req, 'domains', store.s.domains.map((d) => ({ name: d.name, ttl: d.ttl, zone_file: zoneFile(d, recordsOf(d.name)) }))) },
    { method: 'POST', pattern: '/domains', handler: createDomain },
    {
      method: 'GET', pattern: '/domains/:domain', handler: (req) => {
        const d = findDomain(req.params.domain);
        return d ? ok({ domain: { name: d.name, ttl: d.ttl, zone_file: zoneFile(d, recordsOf(d.name)) } }) : notFound();
      },
    },
    {
      method: 'DELETE', pattern: '/domains/:domain', handler: (req) => {
        const d = findDomain(req.params.domain);
        if (!d) return notFound();
        for (const r of recordsOf(d.name)) retire(r.id);
        store.s.records = store.s.records.filter((r) => r.domain !== d.name);
        store.s.domains = store.s.domains.filter((x) => x !== d);
        return noContent();
      },
    },
    {
      method: 'GET', pattern: '/domains/:domain/records', handler: (req) => {
        const d = findDomain(req.params.domain);
        if (!d) return notFound();
        const name = req.query.get('name')?.toLowerCase().replace(/\.$/, '');
        const type = req.query.get('type')?.toUpperCase();
        const list = recordsOf(d.name).filter((r) => (!name || fqdnOf(r.name, d.name) === name) && (!type || r.type === type));
        return paginate(req, 'domain_records', list.map(recordWire));
      },
    },
    { method: 'POST', pattern: '/domains/:domain/records', handler: (req) => writeRecord(req, null) },
    {
      method: 'GET', pattern: '/domains/:domain/records/:recordId', handler: (req) => {
        const r = findRecord(req);
        return r ? ok({ domain_record: recordWire(r) }) : notFound();
      },
    },
    ...(['PUT', 'PATCH'] as const).map((method) => ({
      method, pattern: '/domains/:domain/records/:recordId', handler: (req: SimRequest) => {
        const r = findRecord(req);
        return r ? writeRecord(req, r) : notFound();
      },
    })),
    {
      method: 'DELETE', pattern: '/domains/:domain/records/:recordId', handler: (req) => {
        const r = findRecord(req);
        if (!r) return notFound();
        if (r.type === 'SOA') return unprocessable('SOA records cannot be deleted.');
        retire(r.id);
        store.s.records = store.s.records.filter((x) => x.id !== r.id);
        return noContent();
      },
    },
  ];
}

/** What the sandbox DNS servers serve: every zone, and every record version (SOA excluded). */
export function domainDnsSource(store: Store): DnsSource {
  return {
    zones: () => store.s.domains.map((d) => d.name),
    records: (): DnsRecordView[] => store.s.history.map(({ recordId: _id, ...v }) => v),
  };
}
