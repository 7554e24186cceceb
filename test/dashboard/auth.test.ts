/**
 * Who may use the dashboard, over HTTP on the real system: nothing without the login token, a
 * state-changing request only from the page itself with its session's CSRF token, no plain HTTP
 * off loopback, security headers on every answer, and nothing decided by a refused request.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import https from 'node:https';
import os from 'node:os';
import path from 'node:path';
import { startDashboard, type DashboardHandle } from '../../src/dashboard/server';
import { Sessions, SESSION_TTL_MS, sameSecret } from '../../src/dashboard/sessions';
import { eventually } from '../helpers/eventually';
import { originOf, signIn, tokenOf, type DashboardSession } from '../helpers/dashboard-session';
import { startSystem, type TestSystem } from '../helpers/system';

describe('dashboard authentication', () => {
  let sys: TestSystem;
  let dash: DashboardHandle;
  let session: DashboardSession;

  beforeAll(async () => {
    sys = await startSystem({ sandbox: { providers: ['hetzner'], hosts: true, dns: false } });
    dash = await startDashboard({ client: sys.client, port: 0, host: '127.0.0.1' });
    session = await signIn(dash);
  });
  afterAll(async () => {
    await dash?.close();
    await sys?.stop();
  });

  const anonymous = async (p: string, init: RequestInit = {}) => {
    const res = await fetch(new URL(p, dash.url), init);
    return { status: res.status, headers: res.headers, text: await res.text() };
  };

  test('without a session nothing is served but the sign-in page, and every refusal says what to do', async () => {
    const page = await anonymous('/');
    expect(page.status).toBe(401);
    expect(page.text).toContain('Login token');
    expect(page.text).not.toContain('Managed servers');
    // Its only script is inline and allowed by hash; no other script may run.
    expect(page.headers.get('content-security-policy')).toMatch(/script-src 'sha256-[A-Za-z0-9+/=]+';/);
    for (const p of ['/app.js', '/style.css', '/api/servers', '/api/pending', '/api/session', '/no-such-page']) {
      const r = await anonymous(p);
      expect([p, r.status]).toEqual([p, 401]);
      expect(r.text).toContain('Sign in first');
    }
    // A made-up or stale session id is no session.
    expect((await anonymous('/api/servers', { headers: { Cookie: `${session.cookie.split('=')[0]}=forged` } })).status).toBe(401);
    // Nothing served anywhere names the token.
    expect(page.text + (await anonymous('/api/pending')).text).not.toContain(tokenOf(dash));
  });

  test('the login token is checked: wrong or missing is refused; right gives an HttpOnly SameSite=Strict cookie', async () => {
    const login = (body: string, headers: Record<string, string> = {}) => anonymous('/api/session', {
      method: 'POST', body, headers: { 'Content-Type': 'application/json', Origin: originOf(dash), ...headers },
    });
    const wrong = await login(JSON.stringify({ token: `${tokenOf(dash)}x` }));
    expect(wrong.status).toBe(401);
    expect(JSON.parse(wrong.text)).toEqual({ error: { code: 'INFRA_UNAUTHORIZED', message: 'Wrong login token' } });
    expect(wrong.headers.get('set-cookie')).toBeNull();
    expect((await login('{}')).status).toBe(400);
    expect((await login('{"token":')).status).toBe(400);
    // A sign-in from another origin is refused even with the right token.
    expect((await login(JSON.stringify({ token: tokenOf(dash) }), { Origin: 'http://localhost:1' })).status).toBe(403);
    const ok = await fetch(new URL('/api/session', dash.url), {
      method: 'POST', body: JSON.stringify({ token: tokenOf(dash) }), headers: { 'Content-Type': 'application/json', Origin: originOf(dash) },
    });
    expect(ok.status).toBe(200);
    const cookie = ok.headers.get('set-cookie')!;
    expect(cookie).toMatch(new RegExp(`^fazt_session_${dash.port}=[A-Za-z0-9_-]{43}; Path=/; HttpOnly; SameSite=Strict; Max-Age=43200$`));
    expect(await ok.json()).toEqual({ user: os.userInfo().username, csrf: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/), expiresAt: expect.any(String) });
  });

  test('security headers on every response: page, API, refusals', async () => {
    const answers = [
      await fetch(dash.url, { headers: { Cookie: session.cookie } }),
      await fetch(new URL('/api/pending', dash.url), { headers: { Cookie: session.cookie } }),
      await fetch(new URL('/nope', dash.url), { headers: { Cookie: session.cookie } }),
      await fetch(dash.url),
      await session.post('/api/pending/x/approve', '{}', { 'X-CSRF-Token': 'forged' }),
    ];
    expect(answers.map((r) => r.status)).toEqual([200, 200, 404, 401, 403]);
    for (const r of answers) {
      expect(r.headers.get('content-security-policy')).toMatch(/default-src 'none';.*frame-ancestors 'none'/);
      expect(r.headers.get('content-security-policy')).not.toContain('unsafe-inline');
      expect(r.headers.get('x-frame-options')).toBe('DENY');
      expect(r.headers.get('x-content-type-options')).toBe('nosniff');
      expect(r.headers.get('referrer-policy')).toBe('no-referrer');
      expect(r.headers.get('cache-control')).toBe('no-store');
    }
  });

  test('a pending paid create is decided by nothing but a same-origin request with the session and its CSRF token', async () => {
    const id = 'vps-create:hetzner:auth-1';
    const created = sys.client.dev.infra.vps.create({ provider: 'hetzner', name: 'auth-1', type: 'cx22', region: 'fsn1' });
    await eventually(async () => (await sys.client.pending()).some((p) => p.workflowId === id));
    const approve = `/api/pending/${encodeURIComponent(id)}/approve`;
    const refusals: Array<[string, Promise<Response>, number, string]> = [
      ['no session', fetch(new URL(approve, dash.url), { method: 'POST', body: '{}', headers: { 'Content-Type': 'application/json', Origin: originOf(dash) } }), 401, 'Sign in first'],
      ['forged CSRF token', session.post(approve, '{}', { 'X-CSRF-Token': 'A'.repeat(43) }), 403, 'CSRF token is missing or wrong'],
      ['no CSRF token', session.post(approve, '{}', { 'X-CSRF-Token': '' }), 403, 'CSRF token is missing or wrong'],
      ['no Origin', fetch(new URL(approve, dash.url), { method: 'POST', body: '{}', headers: { 'Content-Type': 'application/json', Cookie: session.cookie, 'X-CSRF-Token': session.csrf } }), 403, 'Origin header missing'],
      ['another origin', session.post(approve, '{}', { Origin: 'http://localhost:9' }), 403, 'cross-origin request refused'],
      ['cross-site fetch metadata', session.post(approve, '{}', { 'Sec-Fetch-Site': 'same-site' }), 403, 'cross-site request refused'],
      ['a form post', session.post(approve, 'a=1', { 'Content-Type': 'application/x-www-form-urlencoded' }), 415, 'application/json'],
      ['malformed JSON', session.post(approve, '{"reason":'), 400, 'not valid JSON'],
      ['oversized body', session.post(approve, JSON.stringify({ reason: 'x'.repeat(100_000) })), 413, 'larger than 16 KiB'],
    ];
    for (const [what, res, status, message] of refusals) {
      const r = await res;
      const body = (await r.json()) as { error: { code: string; message: string } };
      expect([what, r.status, body.error.message]).toEqual([what, status, expect.stringContaining(message)]);
    }
    // Nothing was decided: still pending, and the provider was never asked to create anything.
    expect((await sys.client.pending()).map((p) => p.workflowId)).toContain(id);
    expect(sys.requests('hetzner', 'POST', /\/v1\/servers$/)).toHaveLength(0);

    const ok = await session.post(approve);
    expect(ok.status).toBe(200);
    expect((await created).name).toBe('auth-1');
    expect(sys.requests('hetzner', 'POST', /\/v1\/servers$/)).toHaveLength(1);
  });

  test('signing out ends the session', async () => {
    const mine = await signIn(dash);
    expect((await mine.get('/api/servers')).status).toBe(200);
    const out = await fetch(new URL('/api/session', dash.url), { method: 'DELETE', headers: { Origin: originOf(dash), Cookie: mine.cookie, 'X-CSRF-Token': mine.csrf } });
    expect(out.status).toBe(200);
    expect(out.headers.get('set-cookie')).toContain('Max-Age=0');
    expect((await mine.get('/api/servers')).status).toBe(401);
    expect((await session.get('/api/servers')).status).toBe(200);
  });

  test('a non-loopback address is refused without TLS or --insecure-http, with what to do', async () => {
    for (const host of ['0.0.0.0', '192.0.2.10', '::']) {
      await expect(startDashboard({ client: sys.client, port: 0, host })).rejects.toMatchObject({
        code: 'INFRA_INVALID_INPUT', message: expect.stringMatching(/^Refusing to serve the dashboard on .* over plain HTTP.*--tls-cert and --tls-key.*--insecure-http/),
      });
    }
  });

  test('a configured token is too short to guess or is refused, and is never handed back', async () => {
    await expect(startDashboard({ client: sys.client, port: 0, token: 'short' })).rejects.toMatchObject({ code: 'INFRA_INVALID_INPUT' });
    const token = 'configured-token-0123456789';
    const d = await startDashboard({ client: sys.client, port: 0, token, user: 'ops-bob' });
    try {
      expect(d.loginUrl).toBeUndefined();
      const s = await signIn(d, token);
      expect(s.user).toBe('ops-bob');
      expect(JSON.stringify(await s.get('/api/session'))).not.toContain(token);
    } finally {
      await d.close();
    }
  });

  test('over TLS the cookie is __Host- and Secure, and HSTS is sent', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fazt-dash-tls-'));
    try {
      const [key, cert] = [path.join(dir, 'key.pem'), path.join(dir, 'cert.pem')];
      execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', cert, '-days', '1',
        '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1'], { stdio: 'ignore' });
      const ca = fs.readFileSync(cert);
      const d = await startDashboard({ client: sys.client, port: 0, tls: { cert: ca, key: fs.readFileSync(key) } });
      try {
        expect(d.url).toBe(`https://127.0.0.1:${d.port}/`);
        const res = await new Promise<{ status: number; headers: Record<string, unknown> }>((resolve, reject) => {
          const req = https.request(new URL('/api/session', d.url), {
            method: 'POST', ca, headers: { 'Content-Type': 'application/json', Origin: new URL(d.url).origin },
          }, (r) => {
            r.resume();
            resolve({ status: r.statusCode ?? 0, headers: r.headers });
          });
          req.on('error', reject);
          req.end(JSON.stringify({ token: tokenOf(d) }));
        });
        expect(res.status).toBe(200);
        expect(String(res.headers['set-cookie'])).toMatch(new RegExp(`^__Host-fazt_session_${d.port}=.*; HttpOnly; SameSite=Strict; .*; Secure$`));
        expect(res.headers['strict-transport-security']).toBe('max-age=31536000');
      } finally {
        await d.close();
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test('sessions expire; secrets compare whole', () => {
    let now = 1_000;
    const sessions = new Sessions('the-login-token-123', 'ops', () => now);
    expect(sessions.login('the-login-token-12')).toBeNull();
    const s = sessions.login('the-login-token-123')!;
    expect(sessions.find(s.id)).toBe(s);
    now += SESSION_TTL_MS;
    expect(sessions.find(s.id)).toBeNull();
    expect(sameSecret('abc', 'abc')).toBe(true);
    expect(sameSecret('abc', 'abcd')).toBe(false);
  });
});
