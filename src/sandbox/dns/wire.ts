/** Presentation-form records ({@link Rr}) to DNS wire messages, with dns2's packet codec. */
import DNS from 'dns2';
import type { Answer, Rr } from './answer';

const { Packet } = DNS;
type Resource = InstanceType<typeof Packet.Resource> & Record<string, unknown>;

const TYPE_NAMES: Record<number, string> = Object.fromEntries(Object.entries(Packet.TYPE).map(([k, v]) => [v, k]));

export function typeName(code: number): string {
  return TYPE_NAMES[code] ?? `TYPE${code}`;
}

/** Builds the dns2 resource for one record; throws on a value that cannot be encoded. */
function toResource(rr: Rr): Resource {
  const type = (Packet.TYPE as Record<string, number>)[rr.type];
  if (type === undefined) throw new Error(`unsupported record type ${rr.type}`);
  const base = { name: rr.name, type, class: Packet.CLASS.IN, ttl: rr.ttl } as Resource;
  const v = rr.value.trim();
  switch (rr.type) {
    case 'A':
    case 'AAAA':
      return { ...base, address: v };
    case 'CNAME':
      return { ...base, domain: v.replace(/\.$/, '') };
    case 'NS':
      return { ...base, ns: v.replace(/\.$/, '') };
    case 'MX': {
      const m = /^(\d+)\s+(\S+)$/.exec(v);
      return { ...base, priority: m ? Number(m[1]) : 0, exchange: (m ? m[2] : v).replace(/\.$/, '') };
    }
    case 'TXT': {
      // Long TXT values go out as several <character-string>s of at most 255 bytes.
      const bytes = Buffer.from(unquoteTxt(v), 'utf8');
      const chunks: Buffer[] = [];
      for (let i = 0; i < bytes.length; i += 255) chunks.push(bytes.subarray(i, i + 255));
      return { ...base, data: (chunks.length ? chunks : [Buffer.alloc(0)]) as unknown as string[] };
    }
    case 'CAA': {
      const m = /^(\d+)\s+(\S+)\s+"?(.*?)"?$/.exec(v);
      if (!m) throw new Error(`bad CAA value ${v}`);
      return { ...base, flags: Number(m[1]), tag: m[2], value: m[3] };
    }
    case 'SOA': {
      const [primary, admin, serial, refresh, retry, expiration, minimum] = v.split(/\s+/);
      return { ...base, primary, admin, serial: Number(serial), refresh: Number(refresh), retry: Number(retry), expiration: Number(expiration), minimum: Number(minimum) };
    }
    default:
      throw new Error(`unsupported record type ${rr.type}`);
  }
}

/** A TXT value may arrive quoted (`"a" "b"`); the wire wants the raw text. */
function unquoteTxt(v: string): string {
  if (!v.startsWith('"')) return v;
  const parts = v.match(/"((?:[^"\\]|\\.)*)"/g);
  return parts ? parts.map((p) => p.slice(1, -1).replace(/\\(.)/g, '$1')).join('') : v;
}

export interface ParsedQuery {
  packet: InstanceType<typeof Packet>;
  name: string;
  type: string;
  /** UDP payload size the client accepts (EDNS), at least 512. */
  udpSize: number;
}

export function parseQuery(buf: Buffer): ParsedQuery | null {
  try {
    const packet = Packet.parse(buf);
    const q = packet.questions[0];
    if (!q) return null;
    const opt = packet.additionals.find((r) => r.type === Packet.TYPE.EDNS);
    return { packet, name: q.name, type: typeName(q.type), udpSize: Math.max(512, opt?.class ?? 0) };
  } catch {
    return null;
  }
}

/**
 * Encodes the response. Records that cannot be encoded are skipped (a simulator bug must not take
 * the server down). `maxBytes` truncates like a UDP server: TC set, question only.
 */
export function encodeResponse(query: ParsedQuery, ans: Answer, flags: { aa: boolean; ra: boolean }, maxBytes?: number): Buffer {
  const res = Packet.createResponseFromRequest(query.packet);
  res.header.aa = flags.aa ? 1 : 0;
  res.header.ra = flags.ra ? 1 : 0;
  res.header.rcode = ans.rcode;
  const safe = (rrs: Rr[]) =>
    rrs.flatMap((rr) => {
      try {
        return [toResource(rr)];
      } catch {
        return [];
      }
    });
  res.answers = safe(ans.answers);
  res.authorities = safe(ans.authorities);
  res.additionals = [];
  const buf = res.toBuffer();
  if (maxBytes === undefined || buf.length <= maxBytes) return buf;
  res.header.tc = 1;
  res.answers = [];
  res.authorities = [];
  return res.toBuffer();
}
