/**
 * The dashboard: a small node:http server (no framework, no build step) serving one page from
 * ./public and the JSON API in ./routes.ts. It can approve paid and destructive operations, so it
 * binds loopback by default, accepts only its own Host header (no DNS rebinding) and takes POSTs
 * only as same-origin JSON (a foreign page cannot send one without a CORS preflight we refuse).
 */
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import type { InfraClient } from '../client/api';
import { handleApi, type ProvidersFn } from './routes';

export interface DashboardOptions {
  client: InfraClient;
  /** 0 picks a free port. @default 7420 */
  port?: number;
  /** Address to bind; `0.0.0.0` in a container (see {@link allowedHostHeaders}). @default '127.0.0.1' */
  host?: string;
  /** Which providers are configured, for the provider cards; inferred from servers/zones when absent. */
  providers?: ProvidersFn;
}

export interface DashboardHandle {
  /** e.g. `http://127.0.0.1:7420/` */
  url: string;
  port: number;
  close(): Promise<void>;
}

const STATIC: Record<string, { file: string; type: string }> = {
  '/': { file: 'index.html', type: 'text/html; charset=utf-8' },
  '/app.js': { file: 'app.js', type: 'text/javascript; charset=utf-8' },
  '/style.css': { file: 'style.css', type: 'text/css; charset=utf-8' },
};

/** The page's folder: next to this file in src/, or back in src/ when running from lib/ (tsc copies no assets). */
function publicDir(): string {
  const candidates = [path.join(__dirname, 'public'), path.join(__dirname, '..', '..', 'src', 'dashboard', 'public')];
  const found = candidates.find((d) => fs.existsSync(path.join(d, 'index.html')));
  if (!found) throw new Error(`dashboard assets not found (looked in ${candidates.join(', ')})`);
  return found;
}

const SECURITY_HEADERS = {
  'Content-Security-Policy': "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cache-Control': 'no-store',
};

export async function startDashboard(opts: DashboardOptions): Promise<DashboardHandle> {
  const host = opts.host ?? '127.0.0.1';
  const dir = publicDir();
  let allowedHosts: Set<string> = new Set();

  const server = http.createServer((req, res) => {
    const send = (status: number, type: string, body: string | Buffer) => {
      res.writeHead(status, { 'Content-Type': type, ...SECURITY_HEADERS });
      res.end(body);
    };
    const sendJson = (status: number, body: unknown) => send(status, 'application/json; charset=utf-8', JSON.stringify(body));
    if (!allowedHosts.has(String(req.headers.host ?? '').toLowerCase())) {
      return sendJson(421, { error: { code: 'INFRA_INVALID_INPUT', message: 'Unexpected Host header' } });
    }
    const url = new URL(req.url ?? '/', `http://${req.headers.host}`);
    const method = req.method ?? 'GET';

    if (url.pathname.startsWith('/api/')) {
      if (method === 'POST') {
        const origin = req.headers.origin;
        const sameOrigin = origin === undefined || allowedHosts.has(origin.replace(/^https?:\/\//, '').toLowerCase());
        const isJson = /^application\/json\b/i.test(String(req.headers['content-type'] ?? ''));
        if (!sameOrigin || !isJson) return sendJson(403, { error: { code: 'INFRA_UNAUTHORIZED', message: 'Same-origin JSON requests only' } });
      }
      readBody(req).then(
        (raw) => {
          let body: unknown;
          try {
            body = raw ? JSON.parse(raw) : undefined;
          } catch {
            return sendJson(400, { error: { code: 'INFRA_INVALID_INPUT', message: 'Body is not JSON' } });
          }
          return handleApi(opts.client, opts.providers, method, url, body).then((r) => sendJson(r.status, r.body));
        },
        () => sendJson(413, { error: { code: 'INFRA_INVALID_INPUT', message: 'Body too large' } }),
      ).catch(() => sendJson(500, { error: { code: 'INFRA_PROVIDER_ERROR', message: 'Internal error' } }));
      return;
    }

    const asset = STATIC[url.pathname];
    if (!asset || (method !== 'GET' && method !== 'HEAD')) return send(404, 'text/plain; charset=utf-8', 'Not found');
    fs.readFile(path.join(dir, asset.file), (err, data) => {
      if (err) send(500, 'text/plain; charset=utf-8', 'Asset missing');
      else send(200, asset.type, data);
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 7420, host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  allowedHosts = allowedHostHeaders(host, port);
  const shownHost = host.includes(':') ? `[${host}]` : host;
  return {
    url: `http://${shownHost}:${port}/`,
    port,
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}

const WILDCARDS = new Set(['0.0.0.0', '::']);

/**
 * The Host headers the dashboard answers for when bound to `host`:`port` (anything else is refused,
 * against DNS rebinding). A loopback bind also answers for `localhost`. A wildcard bind (`0.0.0.0`,
 * `::`, as in a container whose port is published on the host's loopback) answers for the loopback
 * names only, the ones a browser on the host sends; a published port must keep the same number.
 */
export function allowedHostHeaders(host: string, port: number): Set<string> {
  const names = WILDCARDS.has(host) ? ['localhost', '127.0.0.1', '::1'] : [host, ...(host === '127.0.0.1' || host === '::1' ? ['localhost'] : [])];
  return new Set(names.map((h) => `${h.includes(':') ? `[${h}]` : h}:${port}`.toLowerCase()));
}

function readBody(req: http.IncomingMessage, limit = 16_384): Promise<string> {
  return new Promise((resolve, reject) => {
    let size = 0;
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > limit) {
        reject(new Error('too large'));
        req.destroy();
      } else chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}
