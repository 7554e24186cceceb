/**
 * `fazt codec-server`: Temporal's remote codec endpoints (`POST /encode`, `POST /decode`) over the
 * payload codec, so the Temporal UI shows decrypted
 * payloads to the operator who holds the key. Loopback by default; browsers only from the
 * origins of ./cors.ts. The key never leaves this process; only payloads do.
 */
import http from 'node:http';
import type { PayloadCodec } from '@temporalio/common';
import { messageOf } from '../domain/errors';
import { corsHeaders, originAllowed } from './cors';
import { BadBody, parsePayloads, toJson } from './wire';

export interface CodecServerOptions {
  codec: PayloadCodec;
  /** @default 127.0.0.1 */
  host?: string;
  /** 0: any free port. @default 8888 */
  port?: number;
  /** Temporal UI origins allowed besides loopback ones, e.g. https://temporal.example.com. */
  uiOrigins?: readonly string[];
}

export interface CodecServer {
  url: string;
  close(): Promise<void>;
}

/** Bodies above this are refused (history pages are far smaller). */
const MAX_BODY = 16 * 1024 * 1024;

export async function startCodecServer(o: CodecServerOptions): Promise<CodecServer> {
  const uiOrigins = o.uiOrigins ?? [];
  const server = http.createServer((req, res) => {
    const origin = req.headers.origin;
    const cors = origin !== undefined && originAllowed(origin, uiOrigins) ? corsHeaders(origin) : {};
    const send = (status: number, body?: unknown) => {
      res.writeHead(status, { ...cors, ...(body === undefined ? {} : { 'content-type': 'application/json' }) });
      res.end(body === undefined ? undefined : JSON.stringify(body));
    };
    if (origin !== undefined && !originAllowed(origin, uiOrigins)) {
      return send(403, { error: `origin ${origin.slice(0, 100)} is not allowed; start the codec server with --ui-origin ${origin.slice(0, 100)} if it is your Temporal UI` });
    }
    const op = /^\/(encode|decode)\/?$/.exec(new URL(req.url ?? '/', 'http://x').pathname)?.[1] as 'encode' | 'decode' | undefined;
    if (!op) return send(404, { error: 'not found; the codec endpoints are POST /encode and POST /decode' });
    if (req.method === 'OPTIONS') return send(204);
    if (req.method !== 'POST') return send(405, { error: `use POST /${op}` });
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size <= MAX_BODY) chunks.push(c);
    });
    req.on('end', () => {
      if (size > MAX_BODY) return send(413, { error: `the body is larger than ${MAX_BODY / 1024 / 1024} MB` });
      let payloads;
      try {
        payloads = parsePayloads(Buffer.concat(chunks).toString('utf8'));
      } catch (err) {
        return send(400, { error: err instanceof BadBody ? err.message : 'the body could not be read' });
      }
      o.codec[op](payloads).then(
        (out) => send(200, toJson(out)),
        // A wrong key or an altered ciphertext: the codec's message names the key id, never data.
        (err) => send(422, { error: messageOf(err) }),
      );
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(o.port ?? 8888, o.host ?? '127.0.0.1', () => resolve());
  });
  const addr = server.address() as { address: string; port: number };
  const host = addr.address.includes(':') ? `[${addr.address}]` : addr.address;
  return {
    url: `http://${host}:${addr.port}`,
    close: () => new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    }),
  };
}
