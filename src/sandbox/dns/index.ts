/**
 * The sandbox's DNS servers on loopback (UDP, plus TCP on the same port for truncated answers):
 * one authoritative server for every zone of the simulators' DNS sources, and "public resolvers"
 * that each see the records as they were `delayMs` ago, so propagation takes visible time.
 */
import dgram from 'node:dgram';
import net from 'node:net';
import type { DnsSource } from '../core/types';
import { answer, collect } from './answer';
import { encodeResponse, parseQuery } from './wire';

export { SOA_MINIMUM_TTL, SOA_TTL, answer, collect, type Answer, type Rr } from './answer';

export interface DnsServersOptions {
  sources: DnsSource[];
  host: string;
  /** Port of the authoritative server (0 = random); resolvers take random ports. */
  port: number;
  resolvers: Array<{ name: string; delayMs: number }>;
  /** Clock. @default Date.now */
  now?: () => number;
}

export interface DnsServers {
  /** `host:port` of the authoritative server. */
  authoritative: string;
  resolvers: Array<{ name: string; address: string; delayMs: number }>;
  stop(): Promise<void>;
}

interface Endpoint {
  port: number;
  close(): Promise<void>;
}

type Responder = (query: Buffer, maxBytes?: number) => Buffer | null;

export async function startDnsServers(opts: DnsServersOptions): Promise<DnsServers> {
  const now = opts.now ?? Date.now;
  const started: Endpoint[] = [];
  try {
    const auth = await serve(opts.host, opts.port, responder(opts.sources, () => now(), true));
    started.push(auth);
    const resolvers: DnsServers['resolvers'] = [];
    for (const r of opts.resolvers) {
      const ep = await serve(opts.host, 0, responder(opts.sources, () => now() - r.delayMs, false));
      started.push(ep);
      resolvers.push({ name: r.name, address: `${opts.host}:${ep.port}`, delayMs: r.delayMs });
    }
    return {
      authoritative: `${opts.host}:${auth.port}`,
      resolvers,
      stop: async () => {
        await Promise.all(started.map((e) => e.close()));
      },
    };
  } catch (err) {
    await Promise.all(started.map((e) => e.close()));
    throw err;
  }
}

/** Answers queries from the sources' records as they stood at `at()`. */
function responder(sources: DnsSource[], at: () => number, authoritative: boolean): Responder {
  return (buf, maxBytes) => {
    const q = parseQuery(buf);
    if (!q) return null;
    const ans = answer(collect(sources), q.name, q.type, at());
    return encodeResponse(q, ans, { aa: authoritative && ans.rcode !== 5, ra: !authoritative }, maxBytes === undefined ? undefined : Math.min(maxBytes, q.udpSize));
  };
}

/** UDP and TCP on one port; with port 0 a few ports are tried until both bind. */
async function serve(host: string, port: number, respond: Responder): Promise<Endpoint> {
  let last: unknown;
  for (let attempt = 0; attempt < (port === 0 ? 8 : 1); attempt++) {
    const udp = dgram.createSocket('udp4');
    try {
      const bound = await bindUdp(udp, host, port);
      const tcp = await listenTcp(host, bound, respond);
      udp.on('message', (msg, rinfo) => {
        const out = safe(() => respond(msg, 65_535));
        if (out) udp.send(out, rinfo.port, rinfo.address, () => {});
      });
      udp.on('error', () => {});
      return {
        port: bound,
        close: () =>
          new Promise<void>((resolve) => {
            udp.close(() => tcp.close(() => resolve()));
            for (const s of tcpSockets.get(tcp) ?? []) s.destroy();
          }),
      };
    } catch (err) {
      last = err;
      udp.close();
    }
  }
  throw last;
}

const tcpSockets = new WeakMap<net.Server, Set<net.Socket>>();

function bindUdp(sock: dgram.Socket, host: string, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    sock.once('error', reject);
    sock.bind({ address: host, port, exclusive: true }, () => {
      sock.off('error', reject);
      resolve(sock.address().port);
    });
  });
}

function listenTcp(host: string, port: number, respond: Responder): Promise<net.Server> {
  const sockets = new Set<net.Socket>();
  const srv = net.createServer((sock) => {
    sockets.add(sock);
    sock.on('close', () => sockets.delete(sock));
    sock.on('error', () => {});
    let buf = Buffer.alloc(0);
    sock.on('data', (d: Buffer) => {
      buf = Buffer.concat([buf, d]);
      while (buf.length >= 2 && buf.length >= 2 + buf.readUInt16BE(0)) {
        const len = buf.readUInt16BE(0);
        const msg = buf.subarray(2, 2 + len);
        buf = buf.subarray(2 + len);
        const out = safe(() => respond(msg));
        if (!out) continue;
        const head = Buffer.alloc(2);
        head.writeUInt16BE(out.length);
        sock.write(Buffer.concat([head, out]));
      }
    });
  });
  tcpSockets.set(srv, sockets);
  return new Promise((resolve, reject) => {
    srv.once('error', reject);
    srv.listen({ host, port, exclusive: true }, () => {
      srv.off('error', reject);
      resolve(srv);
    });
  });
}

function safe<T>(fn: () => T): T | null {
  try {
    return fn();
  } catch {
    return null;
  }
}
