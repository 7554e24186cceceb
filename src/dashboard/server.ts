/**
 * The dashboard: a small node:http(s) server (no framework, no build step) serving one page from
 * ./public and the JSON API in ./routes.ts. It can approve paid and destructive operations, so:
 * loopback by default (another address needs TLS or an explicit insecureHttp), only its own Host
 * header (no DNS rebinding), every request needs a session got with the login token (./sessions.ts),
 * every state-changing one its own Origin and the session's CSRF token (./guard.ts).
 */
import fs from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import type { InfraClient } from '../client/api';
import { handleApi, type ProvidersFn } from './routes';
import { APP_CSP, BodyTooLarge, STATE_CHANGING, checkBind, foreignRequestProblem, readBody, securityHeaders } from './guard';
import { loginPage } from './login-page';
import { Sessions, cookieName, loginToken, osUser, readCookie } from './sessions';
import { CSRF_WRONG, SIGN_IN, csrfOk, refusal, sessionRoute } from './session-route';

export interface DashboardOptions {
  client: InfraClient;
  /** 0 picks a free port. @default 7420 */
  port?: number;
  /** Address to bind; `0.0.0.0` in a container (see {@link allowedHostHeaders}). @default '127.0.0.1' */
  host?: string;
  /** Which providers are configured, for the provider cards; inferred from servers/zones when absent. */
  providers?: ProvidersFn;
  /** The login token (configured: never printed). Generated when absent, and then in {@link DashboardHandle.loginUrl}. */
  token?: string;
  /** Who decides through this dashboard's sessions. @default the OS user running it */
  user?: string;
  /** Serve HTTPS with this certificate and key (PEM). */
  tls?: { cert: string | Buffer; key: string | Buffer };
  /** Allow plain HTTP on a non-loopback address (refused otherwise). */
  insecureHttp?: boolean;
}

export interface DashboardHandle {
  /** e.g. `http://127.0.0.1:7420/` */
  url: string;
  /** The URL that signs a browser in (`…/#token=…`), only when the token was generated here: print it once. */
  loginUrl?: string;
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


export async function startDashboard(opts: DashboardOptions): Promise<DashboardHandle> {
  const host = opts.host ?? '127.0.0.1';
  const tls = Boolean(opts.tls);
  checkBind(host, { tls, insecureHttp: opts.insecureHttp });
  const login = loginToken(opts.token);
  const sessions = new Sessions(login.token, opts.user ?? osUser());
  const dir = publicDir();
  const signInPage = loginPage(dir);
  let allowedHosts: Set<string> = new Set();
  let origins: Set<string> = new Set();
  let cookie = '';

  const handler = (req: http.IncomingMessage, res: http.ServerResponse) => {
    const send = (status: number, type: string, body: string | Buffer, extra: Record<string, string> = {}, csp = APP_CSP) => {
      if (res.headersSent) return; // answered already (e.g. a failure after the reply)
      res.writeHead(status, { 'Content-Type': type, ...securityHeaders(csp, tls), ...extra });
      res.end(req.method === 'HEAD' ? undefined : body);
    };
    const sendJson = (status: number, body: unknown, extra?: Record<string, string>) => send(status, 'application/json; charset=utf-8', JSON.stringify(body), extra);
    if (!allowedHosts.has(String(req.headers.host ?? '').toLowerCase())) {
      return sendJson(421, refusal('INFRA_INVALID_INPUT', 'Unexpected Host header'));
    }
    const url = new URL(req.url ?? '/', 'http://dashboard');
    const method = req.method ?? 'GET';
    const isApi = url.pathname.startsWith('/api/');
    const changes = STATE_CHANGING.has(method);

    if (changes) {
      const problem = foreignRequestProblem(req, origins);
      if (problem) return sendJson(403, refusal('INFRA_UNAUTHORIZED', `Refused: ${problem}; nothing was changed`));
      if (method !== 'DELETE' && !/^application\/json\b/i.test(String(req.headers['content-type'] ?? ''))) {
        return sendJson(415, refusal('INFRA_INVALID_INPUT', 'Refused: send the body as application/json; nothing was changed'));
      }
    }
    const session = sessions.find(readCookie(req.headers.cookie, cookie));
    const withBody = (then: (body: unknown) => Promise<void> | void) => void readBody(req).then(
      (raw) => {
        let body: unknown;
        try {
          body = raw ? JSON.parse(raw) : undefined;
        } catch {
          return sendJson(400, refusal('INFRA_INVALID_INPUT', 'Refused: the body is not valid JSON; nothing was changed'));
        }
        return then(body);
      },
      (e) => sendJson(413, refusal('INFRA_INVALID_INPUT', e instanceof BodyTooLarge ? 'Refused: the body is larger than 16 KiB; nothing was changed' : 'Refused: the body could not be read')),
    ).catch(() => sendJson(500, refusal('INFRA_PROVIDER_ERROR', 'Internal error')));

    if (url.pathname === '/api/session') return sessionRoute(req, session, sessions, { name: cookie, tls }, { json: sendJson, withBody });

    if (!session) {
      // Nothing but the sign-in page without a session: no asset, no route, not even which paths exist.
      if (url.pathname === '/' && (method === 'GET' || method === 'HEAD')) return send(401, 'text/html; charset=utf-8', signInPage.html, {}, signInPage.csp);
      return isApi ? sendJson(401, refusal('INFRA_UNAUTHORIZED', SIGN_IN)) : send(401, 'text/plain; charset=utf-8', SIGN_IN);
    }
    if (changes && !csrfOk(req, session)) return sendJson(403, refusal('INFRA_UNAUTHORIZED', CSRF_WRONG));

    if (isApi) return withBody((body) => handleApi(opts.client, opts.providers, method, url, body, session).then((r) => sendJson(r.status, r.body)));

    const asset = STATIC[url.pathname];
    if (!asset || (method !== 'GET' && method !== 'HEAD')) return send(404, 'text/plain; charset=utf-8', 'Not found');
    fs.readFile(path.join(dir, asset.file), (e, data) => {
      if (e) send(500, 'text/plain; charset=utf-8', 'Asset missing');
      else send(200, asset.type, data);
    });
  };
  const server = opts.tls ? https.createServer({ cert: opts.tls.cert, key: opts.tls.key }, handler) : http.createServer(handler);

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 7420, host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  allowedHosts = allowedHostHeaders(host, port);
  cookie = cookieName(tls, port);
  origins = new Set([...allowedHosts].map((h) => `${tls ? 'https' : 'http'}://${h}`));
  const shownHost = host.includes(':') ? `[${host}]` : host;
  const url = `${tls ? 'https' : 'http'}://${shownHost}:${port}/`;
  return {
    url,
    loginUrl: login.generated ? `${url}#token=${login.token}` : undefined,
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
