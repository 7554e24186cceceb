/**
 * Signs in to a running dashboard over HTTP the way its page does (POST /api/session with the
 * login token, from its own Origin) and sends requests with the session cookie and CSRF token.
 */
import type { DashboardHandle } from '../../src/dashboard/server';

export interface DashboardSession {
  user: string;
  csrf: string;
  cookie: string;
  get(path: string): Promise<{ status: number; body: any; headers: Headers }>;
  /** A same-origin JSON POST with the session's cookie and CSRF token; `headers` override them. */
  post(path: string, body?: string, headers?: Record<string, string>): Promise<Response>;
}

/** The login token in a handle's sign-in link (`…/#token=…`). */
export function tokenOf(dash: DashboardHandle): string {
  const m = /#token=(.+)$/.exec(dash.loginUrl ?? '');
  if (!m) throw new Error('the dashboard was started with a configured token: no sign-in link');
  return m[1];
}

export const originOf = (dash: DashboardHandle) => new URL(dash.url).origin;

export async function signIn(dash: DashboardHandle, token = tokenOf(dash)): Promise<DashboardSession> {
  const res = await fetch(new URL('/api/session', dash.url), {
    method: 'POST', headers: { 'Content-Type': 'application/json', Origin: originOf(dash) }, body: JSON.stringify({ token }),
  });
  if (res.status !== 200) throw new Error(`sign-in failed: HTTP ${res.status} ${await res.text()}`);
  const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0];
  const { user, csrf } = (await res.json()) as { user: string; csrf: string };
  return {
    user, csrf, cookie,
    async get(path) {
      const r = await fetch(new URL(path, dash.url), { headers: { Cookie: cookie } });
      return { status: r.status, body: await r.json(), headers: r.headers };
    },
    post: (path, body = '{}', headers = {}) => fetch(new URL(path, dash.url), {
      method: 'POST', body,
      headers: { 'Content-Type': 'application/json', Origin: originOf(dash), Cookie: cookie, 'X-CSRF-Token': csrf, ...headers },
    }),
  };
}
