/**
 * `/api/session`: POST signs in with the login token (from the page's own Origin, checked before
 * this), GET tells the page its user and CSRF token, DELETE signs out (with that CSRF token).
 */
import type http from 'node:http';
import { sameSecret, sessionCookie, type Session, type Sessions } from './sessions';

export interface Reply {
  json(status: number, body: unknown, headers?: Record<string, string>): void;
  /** Reads the JSON body (refusing oversized or malformed ones itself), then calls `then`. */
  withBody(then: (body: unknown) => void): void;
}

export const SIGN_IN = 'Sign in first: open the link the dashboard printed at start (…/#token=…) or enter its login token on the page';
export const CSRF_WRONG = 'Refused: the CSRF token is missing or wrong (reload the dashboard page); nothing was changed';
export const refusal = (code: string, message: string) => ({ error: { code, message } });

/** The request carries this session's CSRF token in its X-CSRF-Token header. */
export function csrfOk(req: http.IncomingMessage, session: Session): boolean {
  const sent = req.headers['x-csrf-token'];
  return typeof sent === 'string' && sameSecret(sent, session.csrf);
}

const describe = (s: Session) => ({ user: s.user, csrf: s.csrf, expiresAt: new Date(s.expiresAt).toISOString() });

export function sessionRoute(
  req: http.IncomingMessage, session: Session | null, sessions: Sessions, cookie: { name: string; tls: boolean }, reply: Reply,
): void {
  const method = req.method ?? 'GET';
  if (method === 'POST') {
    return reply.withBody((body) => {
      const token = body && typeof body === 'object' && !Array.isArray(body) ? (body as { token?: unknown }).token : undefined;
      if (typeof token !== 'string' || token.length > 512) return reply.json(400, refusal('INFRA_INVALID_INPUT', 'Send {"token": "<login token>"}'));
      const s = sessions.login(token);
      if (!s) return reply.json(401, refusal('INFRA_UNAUTHORIZED', 'Wrong login token'));
      return reply.json(200, describe(s), { 'Set-Cookie': sessionCookie(cookie.name, s.id, cookie.tls) });
    });
  }
  if (!session) return reply.json(401, refusal('INFRA_UNAUTHORIZED', SIGN_IN));
  if (method === 'GET' || method === 'HEAD') return reply.json(200, describe(session));
  if (method === 'DELETE') {
    if (!csrfOk(req, session)) return reply.json(403, refusal('INFRA_UNAUTHORIZED', CSRF_WRONG));
    sessions.logout(session.id);
    return reply.json(200, { signedOut: true }, { 'Set-Cookie': sessionCookie(cookie.name, '', cookie.tls, 0) });
  }
  return reply.json(405, refusal('INFRA_INVALID_INPUT', 'Use GET, POST or DELETE'));
}
