/**
 * What the sandbox's DNS servers answer, as pure data: the records of every zone as they stood at
 * a given moment (so a lagging "public resolver" is the same function at `now - delay`), with
 * SOA, NXDOMAIN vs NODATA, CNAME chasing inside served zones, and REFUSED outside them.
 */
import type { DnsRecordView, DnsSource } from '../core/types';

/** SOA minimum (negative-caching TTL, RFC 2308) of every sandbox zone, in seconds. */
export const SOA_MINIMUM_TTL = 300;
/** TTL of the SOA record itself. */
export const SOA_TTL = 3600;

export const RCODE = { NOERROR: 0, SERVFAIL: 2, NXDOMAIN: 3, REFUSED: 5 } as const;

/** One resource record in presentation form (see {@link DnsRecordView.value}). */
export interface Rr {
  name: string;
  type: string;
  ttl: number;
  value: string;
}

export interface Answer {
  rcode: number;
  answers: Rr[];
  authorities: Rr[];
}

export interface ZoneView {
  zones: string[];
  records: DnsRecordView[];
}

/** Merges every source (several simulators may host the same zone: their records are united). */
export function collect(sources: DnsSource[]): ZoneView {
  const zones = new Set<string>();
  const records: DnsRecordView[] = [];
  for (const s of sources) {
    for (const z of s.zones()) zones.add(norm(z));
    for (const r of s.records()) records.push(r);
  }
  return { zones: [...zones], records };
}

export function norm(name: string): string {
  return name.toLowerCase().replace(/\.$/, '');
}

function visible(r: DnsRecordView, at: number): boolean {
  return r.createdAt <= at && (r.deletedAt === undefined || r.deletedAt > at);
}

/** The zone a name falls in (the longest match), or undefined. */
export function zoneOf(name: string, zones: string[]): string | undefined {
  let best: string | undefined;
  for (const z of zones) {
    if ((name === z || name.endsWith(`.${z}`)) && (!best || z.length > best.length)) best = z;
  }
  return best;
}

/** The synthesised SOA of a zone as it stood at `at` (serial = last change, in seconds). */
export function soaOf(zone: string, view: ZoneView, at: number): Rr {
  const inZone = view.records.filter((r) => zoneOf(norm(r.fqdn), view.zones) === zone);
  let last = 0;
  for (const r of inZone) {
    if (r.createdAt <= at) last = Math.max(last, r.createdAt);
    if (r.deletedAt !== undefined && r.deletedAt <= at) last = Math.max(last, r.deletedAt);
  }
  const ns = inZone.find((r) => r.type === 'NS' && norm(r.fqdn) === zone && visible(r, at));
  const primary = ns ? norm(ns.value) : `ns1.${zone}`;
  const serial = Math.max(1, Math.floor(last / 1000)) >>> 0;
  return { name: zone, type: 'SOA', ttl: SOA_TTL, value: `${primary} hostmaster.${zone} ${serial} 10000 2400 604800 ${SOA_MINIMUM_TTL}` };
}

/** Answers one question against the records visible at `at`. */
export function answer(view: ZoneView, qname: string, qtype: string, at: number): Answer {
  const name = norm(qname);
  const type = qtype.toUpperCase();
  const zone = zoneOf(name, view.zones);
  if (!zone) return { rcode: RCODE.REFUSED, answers: [], authorities: [] };
  const live = view.records.filter((r) => visible(r, at));
  const rrs = (n: string) => live.filter((r) => norm(r.fqdn) === n).map((r) => ({ name: n, type: r.type.toUpperCase(), ttl: r.ttl, value: r.value }));
  const soa = soaOf(zone, view, at);
  const negative = { ...soa, ttl: Math.min(SOA_TTL, SOA_MINIMUM_TTL) };

  const answers: Rr[] = [];
  let current = name;
  for (let hops = 0; hops < 8; hops++) {
    const here = rrs(current);
    if (type === 'SOA' && current === zoneOf(current, view.zones)) {
      answers.push({ ...soaOf(current, view, at), name: current });
      break;
    }
    const exact = type === 'ANY' ? here : here.filter((r) => r.type === type);
    if (exact.length) {
      answers.push(...exact);
      break;
    }
    const cname = here.find((r) => r.type === 'CNAME');
    if (!cname || type === 'CNAME') break;
    answers.push(cname);
    current = norm(cname.value);
    // A target outside our zones is left for the client to resolve, as authoritative servers do.
    if (!zoneOf(current, view.zones)) break;
  }
  if (answers.length) return { rcode: RCODE.NOERROR, answers, authorities: [] };
  // The name exists (has records, or is an empty non-terminal) → NODATA; otherwise NXDOMAIN.
  const exists = name === zone || live.some((r) => {
    const f = norm(r.fqdn);
    return f === name || f.endsWith(`.${name}`);
  });
  return { rcode: exists ? RCODE.NOERROR : RCODE.NXDOMAIN, answers: [], authorities: [negative] };
}
