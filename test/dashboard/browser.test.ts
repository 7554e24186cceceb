/**
 * The dashboard in a real browser: Debian's Chromium driven by playwright-core (no browser
 * download), the page served by startDashboard on a random loopback port over the real system
 * (client, worker, Temporal, sandbox).
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
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
  const open = async () => {
    page = await browser.newPage();
    await page.goto(dash.url);
    await page.waitForSelector('body[data-loaded="true"]');
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
    expect(await page.textContent('#status')).toBe('Approved vps-destroy:fazt-staging');
    await eventually(async () => (await sys.client.progress('vps-destroy:fazt-staging')).status === 'COMPLETED');
    await page.waitForFunction("!document.querySelector('#servers').textContent.includes('fazt-staging')");
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
    expect(p.error).toMatchObject({ code: 'INFRA_CANCELED' });
    expect((await sys.client.dev.infra.vps.list()).map((x) => x.name)).toContain('web-1');
  });
});
