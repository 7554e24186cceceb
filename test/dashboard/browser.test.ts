/**
 * The dashboard in a real browser: Debian's Chromium driven by playwright-core (no browser
 * download), the page served by startDashboard on a random loopback port over the real system
 * (client, worker, Temporal, sandbox). Signing in with the printed link, and what another page
 * in the same browser cannot do.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { startDashboard, type DashboardHandle } from '../../src/dashboard/server';
import { eventually } from '../helpers/eventually';
import { startSystem, type TestSystem } from '../helpers/system';

const CHROMIUM = '/usr/bin/chromium';

async function cells(page: Page, table: string): Promise<string[][]> {
  // The callback runs in the page; typed loosely because this project compiles without the DOM lib.
  return page.$$eval(`#${table} tbody tr`, (rows: any[]) => rows.map((r) => Array.from(r.querySelectorAll('td') as ArrayLike<any>).map((td) => String(td.textContent ?? '').trim())));
}

describe('dashboard in Chromium', () => {
  let browser: BrowserContext;
  let dash: DashboardHandle;
  let sys: TestSystem;
  let profile: string;
  let page: Page;
  const create = (name: string) => sys.client.dev.infra.vps.create({ provider: 'hetzner', name, type: 'cx22', region: 'fsn1' }, { autoApprove: true });
  /** Starts a destroy whose decision is left to a human (here: the page). */
  const pendingDestroy = async (name: string) => {
    sys.client.dev.infra.vps.destroy(name, { confirm: async () => undefined }).catch(() => undefined);
    await eventually(async () => (await sys.client.pending()).some((p) => p.workflowId === `vps-destroy:${name}`));
  };
  /** Opens the dashboard signed in (the sign-in link once, then the plain address keeps the session). */
  let signedIn = false;
  const open = async () => {
    page = await browser.newPage();
    await page.goto(signedIn ? dash.url : dash.loginUrl!);
    await page.waitForSelector('body[data-loaded="true"]');
    signedIn = true;
  };

  beforeAll(async () => {
    if (!fs.existsSync(CHROMIUM)) execFileSync('bash', [path.join(__dirname, '..', '..', 'scripts', 'ensure-chromium.sh')], { stdio: 'inherit' });
    profile = fs.mkdtempSync(path.join(os.tmpdir(), 'fazt-chromium-'));
    // A fresh profile directory per run (playwright takes it as the persistent context's folder).
    browser = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      viewport: { width: 1100, height: 1400 },
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
        '--disable-component-update', '--disable-sync'],
    });
    sys = await startSystem({ sandbox: { providers: ['hetzner', 'cloudflare'], hosts: true, dns: false }, zones: [{ zone: 'dash.test', provider: 'cloudflare' }] });
    for (const name of ['edge-1', 'fazt-staging', 'web-1']) await create(name);
    // A provider may hand back names with markup; the sandbox's own state is edited to make one.
    const state = sys.sandbox.sims.hetzner.dump() as { servers: Array<{ name: string }> };
    state.servers.find((x) => x.name === 'edge-1')!.name = 'edge<b>1</b>';
    sys.sandbox.sims.hetzner.load(state);
    await pendingDestroy('fazt-staging');
    dash = await startDashboard({
      client: sys.client, port: 0, host: '127.0.0.1',
      providers: async () => [{ kind: 'vps', provider: 'hetzner', configured: true }, { kind: 'dns', provider: 'cloudflare', configured: true }],
    });
  }, 600_000);

  afterAll(async () => {
    await dash?.close();
    await sys?.stop();
    await browser?.close();
    if (profile) fs.rmSync(profile, { recursive: true, force: true });
  });

  afterEach(async () => {
    await page?.close();
  });

  test('without the token: only the sign-in page, no data; a wrong token is refused; the link signs in and leaves the address bar', async () => {
    page = await browser.newPage();
    const res = await page.goto(dash.url);
    expect(res!.status()).toBe(401);
    expect(await page.textContent('h1')).toBe('Infrastructure · sign in');
    expect(await page.$('#servers')).toBeNull();
    // The page's own scripts cannot read the API either.
    const api = await page.evaluate("fetch('/api/pending').then(async (r) => [r.status, await r.text()])") as [number, string];
    expect(api[0]).toBe(401);
    expect(api[1]).not.toContain('vps-destroy');
    expect((await page.goto(new URL('/app.js', dash.url).href))!.status()).toBe(401);

    await page.goto(`${dash.url}#token=wrong-token-0123456789`);
    // Waits by selector, not by a polled function: the pages' CSP forbids the eval that would need.
    await page.locator('#status', { hasText: /^Wrong login token$/ }).waitFor();
    expect(page.url()).toBe(dash.url);
    expect((await browser.cookies(dash.url)).filter((c) => c.name.startsWith('fazt_session'))).toEqual([]);

    await page.goto(dash.loginUrl!);
    await page.waitForSelector('body[data-loaded="true"]');
    signedIn = true;
    // The token is gone from the address bar (and so from history and bookmarks).
    expect(page.url()).toBe(dash.url);
    expect(await page.textContent('#user')).toBe(`Signed in as ${os.userInfo().username}`);
    const [cookie] = (await browser.cookies(dash.url)).filter((c) => c.name === `fazt_session_${dash.port}`);
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Strict' });
    // HttpOnly: the page's scripts cannot read the session.
    expect(await page.evaluate('document.cookie')).toBe('');
  });

  test('renders provider cards, servers, zones, pending decisions and operations', async () => {
    await open();
    const servers = await sys.client.dev.infra.vps.list();
    const euro = (v: number) => `€${v.toFixed(2)}`;
    const hetznerCard = await page.textContent('#vps-providers [data-provider="hetzner"]');
    expect(hetznerCard).toContain('✓ Connected');
    expect(hetznerCard).toContain('3 servers');
    expect(hetznerCard).toContain(`${euro(Math.round(servers.reduce((n, x) => n + x.monthlyCost!, 0) * 100) / 100)}/mo`);
    expect(await page.textContent('#vps-providers [data-provider="digitalocean"]')).toContain('○ Not set up');
    const cloudflareCard = await page.textContent('#dns-providers [data-provider="cloudflare"]');
    expect(cloudflareCard).toContain('1 zone');
    expect(cloudflareCard).toContain('Free tier');

    // Health: '—' until the first health sweep; the drift panel says no check has run yet.
    expect(await cells(page, 'servers')).toEqual(servers.map((x) => [x.name, 'Hetzner', x.ip, 'running', euro(x.monthlyCost!), '—']));
    expect(await page.textContent('#drift-status')).toBe('No drift check yet.');
    expect(servers.map((x) => x.name)).toEqual(['edge<b>1</b>', 'fazt-staging', 'web-1']);
    // The name with markup is shown as text, not parsed as HTML.
    expect(await page.$$('#servers b')).toHaveLength(0);
    const zone = (await sys.client.dev.infra.dns.zones())[0];
    expect(await cells(page, 'zones')).toEqual([['dash.test', 'Cloudflare', String(zone.records), '✓ Active']]);
    const staging = servers.find((x) => x.name === 'fazt-staging')!;
    const decision = page.locator('.decision[data-workflow-id="vps-destroy:fazt-staging"]');
    expect(await decision.locator('.reason').textContent()).toBe(`Destroy server fazt-staging (${staging.ip})?`);
    expect(await decision.textContent()).toContain('server.name');
    const ops = (await cells(page, 'operations')).map((r) => r.slice(0, 3));
    expect(ops).toEqual(expect.arrayContaining([
      ['vps-create:hetzner:web-1', 'provisionServer', 'completed'],
      ['vps-destroy:fazt-staging', 'destroyServer', 'running'],
    ]));

    const shot = path.join(os.tmpdir(), `fazt-dashboard-${process.pid}.png`);
    await page.screenshot({ path: shot, fullPage: true });
    expect(fs.statSync(shot).size).toBeGreaterThan(10_000);
    if (process.env.FAZT_KEEP_SCREENSHOT !== '1') fs.rmSync(shot);
  });

  test('Approve decides the workflow and the panel empties', async () => {
    await open();
    await page.click('.decision[data-workflow-id="vps-destroy:fazt-staging"] button.approve');
    await page.waitForSelector('#pending .none');
    expect(await page.textContent('#pending')).toBe('Nothing is waiting for a decision.');
    // The page says who the decision was recorded under and which request (hash) it named.
    expect(await page.textContent('#status')).toMatch(new RegExp(`^Approved vps-destroy:fazt-staging \\(by ${os.userInfo().username} via dashboard, sha256 [0-9a-f]{12}\\)$`));
    await eventually(async () => (await sys.client.progress('vps-destroy:fazt-staging')).status === 'COMPLETED');
    await page.locator('#servers', { hasText: 'fazt-staging' }).waitFor({ state: 'detached' });
  });

  test('Reject cancels the operation and the server stays', async () => {
    await pendingDestroy('web-1');
    await open();
    await page.click('.decision[data-workflow-id="vps-destroy:web-1"] button.reject');
    await page.waitForSelector('#pending .none');
    const p = await eventually(async () => {
      const x = await sys.client.progress('vps-destroy:web-1');
      return x.status === 'RUNNING' ? null : x;
    });
    // The decider is the signed-in session's user (the OS user who started the dashboard).
    expect(p.error).toMatchObject({ code: 'INFRA_CANCELED', message: expect.stringContaining(`Rejected by ${os.userInfo().username}`) });
    expect((await sys.client.dev.infra.vps.list()).map((x) => x.name)).toContain('web-1');
  });

  test('another page in the same browser cannot approve, nor a forged CSRF token; the signed-in page approves a paid create', async () => {
    const id = 'vps-create:hetzner:paid-1';
    const created = sys.client.dev.infra.vps.create({ provider: 'hetzner', name: 'paid-1', type: 'cx22', region: 'fsn1' }, { confirm: async () => undefined });
    created.catch(() => undefined); // awaited below; a failure before that must not end the suite
    await eventually(async () => (await sys.client.pending()).some((p) => p.workflowId === id));
    const creates = () => sys.requests('hetzner', 'POST', /\/v1\/servers$/).length;
    const before = creates();
    await open(); // the browser now holds the session cookie
    const approveUrl = new URL(`/api/pending/${encodeURIComponent(id)}/approve`, dash.url).href;

    // Another origin on this machine: 127.0.0.1 on another port (same site: the browser even sends the cookie) and localhost (another site).
    const elsewhere = http.createServer((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
      res.end('<!doctype html><title>elsewhere</title><body></body>');
    });
    await new Promise<void>((resolve) => elsewhere.listen(0, '127.0.0.1', resolve));
    const port = (elsewhere.address() as AddressInfo).port;
    try {
      for (const origin of [`http://127.0.0.1:${port}`, `http://localhost:${port}`]) {
        const other = await browser.newPage();
        await other.goto(`${origin}/`);
        // A "simple" fetch (no preflight) does go out with credentials (refused there, see below), and
        // its answer is not even handed to the page (Cross-Origin-Resource-Policy: same-origin).
        const sent = other.waitForRequest(approveUrl);
        expect(await other.evaluate(`fetch(${JSON.stringify(approveUrl)}, { method: 'POST', mode: 'no-cors', credentials: 'include', headers: { 'Content-Type': 'text/plain' }, body: '{}' }).then(() => 'read', (e) => String(e))`)).toBe('TypeError: Failed to fetch');
        expect((await sent).method()).toBe('POST');
        // A JSON fetch needs a CORS preflight, which the dashboard never grants.
        expect(await other.evaluate(`fetch(${JSON.stringify(approveUrl)}, { method: 'POST', credentials: 'include', headers: { 'Content-Type': 'application/json' }, body: '{}' }).then((r) => 'status ' + r.status, () => 'blocked')`)).toBe('blocked');
        // A form posting JSON-looking text/plain (the classic CSRF form) lands on the refusal.
        await Promise.all([
          other.waitForURL(approveUrl),
          other.evaluate(`(() => {
            const f = document.createElement('form');
            f.method = 'POST'; f.action = ${JSON.stringify(approveUrl)}; f.enctype = 'text/plain';
            const i = document.createElement('input');
            i.name = '{"reason":"x","a":"'; i.value = '"}';
            f.append(i); document.body.append(f); f.submit();
          })()`),
        ]);
        expect(await other.textContent('body')).toContain('Refused: cross-site request refused');
        await other.close();
      }
    } finally {
      elsewhere.closeAllConnections(); // the browser keeps its connections alive: close would wait for them
      await new Promise((resolve) => elsewhere.close(resolve));
    }

    // On the dashboard's own page, with the session cookie but a forged or missing CSRF token.
    for (const csrf of ['forged', null]) {
      const headers = { 'Content-Type': 'application/json', ...(csrf ? { 'X-CSRF-Token': csrf } : {}) };
      const [status, message] = (await page.evaluate(`fetch(${JSON.stringify(approveUrl)}, { method: 'POST', headers: ${JSON.stringify(headers)}, body: '{}' })
        .then(async (r) => [r.status, (await r.json()).error.message])`)) as [number, string];
      expect([csrf, status, message]).toEqual([csrf, 403, expect.stringContaining('CSRF token is missing or wrong')]);
    }
    // Nothing was decided: still pending, and the provider never asked to create.
    expect((await sys.client.pending()).map((p) => p.workflowId)).toContain(id);
    expect(creates()).toBe(before);

    await page.reload();
    await page.waitForSelector(`.decision[data-workflow-id="${id}"]`);
    await page.click(`.decision[data-workflow-id="${id}"] button.approve`);
    await page.locator('#status', { hasText: `Approved ${id}` }).waitFor();
    expect((await created).name).toBe('paid-1');
    expect(creates()).toBe(before + 1);
  });
});
