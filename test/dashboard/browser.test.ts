/**
 * The dashboard in a real browser: Debian's Chromium driven by playwright-core (no browser
 * download), the page served by startDashboard over the fake client on a random loopback port.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { startDashboard, type DashboardHandle } from '../../src/dashboard/server';
import { FakeInfraClient } from '../helpers/fake-client';

const CHROMIUM = '/usr/bin/chromium';

async function cells(page: Page, table: string): Promise<string[][]> {
  // The callback runs in the page; typed loosely because this project compiles without the DOM lib.
  return page.$$eval(`#${table} tbody tr`, (rows: any[]) => rows.map((r) => Array.from(r.querySelectorAll('td') as ArrayLike<any>).map((td) => String(td.textContent ?? '').trim())));
}

describe('dashboard in Chromium', () => {
  let browser: BrowserContext;
  let dash: DashboardHandle;
  let client: FakeInfraClient;
  let profile: string;
  let page: Page;

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
  }, 600_000);

  afterAll(async () => {
    await browser?.close();
    if (profile) fs.rmSync(profile, { recursive: true, force: true });
  });

  beforeEach(async () => {
    client = new FakeInfraClient();
    // One decision waits for a human, one operation is done.
    client.dev.infra.vps.destroy('fazt-staging').catch(() => undefined);
    await client.dev.infra.vps.create({ provider: 'hetzner', name: 'web-1', type: 'cx22', region: 'fsn1' }, { autoApprove: true });
    dash = await startDashboard({
      client, port: 0, host: '127.0.0.1',
      providers: async () => [{ kind: 'vps', provider: 'hetzner', configured: true }, { kind: 'dns', provider: 'cloudflare', configured: true }, { kind: 'dns', provider: 'hetzner', configured: true }],
    });
    page = await browser.newPage();
    await page.goto(dash.url);
    await page.waitForSelector('body[data-loaded="true"]');
  });

  afterEach(async () => {
    await page?.close();
    await dash?.close();
  });

  test('renders provider cards, servers, zones, pending decisions and operations', async () => {
    const hetznerCard = await page.textContent('#vps-providers [data-provider="hetzner"]');
    expect(hetznerCard).toContain('✓ Connected');
    expect(hetznerCard).toContain('3 servers');
    expect(hetznerCard).toContain('€11.37/mo');
    expect(await page.textContent('#vps-providers [data-provider="digitalocean"]')).toContain('○ Not set up');
    expect(await page.textContent('#dns-providers [data-provider="cloudflare"]')).toContain('1 zone');

    expect(await cells(page, 'servers')).toEqual([
      ['fazt-prod-1', 'Hetzner', '123.45.67.89', 'running', '€3.79'],
      ['fazt-staging', 'Hetzner', '123.45.67.90', 'running', '€3.79'],
      ['edge<b>1</b>', 'DigitalOcean', '—', 'provisioning', '$6.00'],
      ['web-1', 'Hetzner', '127.12.0.4', 'running', '€3.79'],
    ]);
    // The name with markup is shown as text, not parsed as HTML.
    expect(await page.$$('#servers b')).toHaveLength(0);
    expect(await cells(page, 'zones')).toEqual([
      ['example.com', 'Cloudflare', '4', '✓ Active'],
      ['test.dev', 'Hetzner', '1', '✓ Active'],
    ]);
    const decision = page.locator('.decision[data-workflow-id="vps-destroy:hetzner:102"]');
    expect(await decision.locator('.reason').textContent()).toBe('Destroy server fazt-staging (123.45.67.90)?');
    expect(await decision.textContent()).toContain('server.name');
    const ops = await cells(page, 'operations');
    expect(ops.map((r) => r.slice(0, 3))).toEqual([
      ['vps-create:hetzner:web-1', 'provisionServer', 'completed'],
      ['vps-destroy:hetzner:102', 'destroyServer', 'running'],
    ]);

    const shot = path.join(os.tmpdir(), `fazt-dashboard-${process.pid}.png`);
    await page.screenshot({ path: shot, fullPage: true });
    expect(fs.statSync(shot).size).toBeGreaterThan(10_000);
    if (process.env.FAZT_KEEP_SCREENSHOT !== '1') fs.rmSync(shot);
  });

  test('Approve sends the decision to the client and the panel empties', async () => {
    await page.click('.decision[data-workflow-id="vps-destroy:hetzner:102"] button.approve');
    await page.waitForSelector('#pending .none');
    expect(await page.textContent('#pending')).toBe('Nothing is waiting for a decision.');
    expect(await page.textContent('#status')).toBe('Approved vps-destroy:hetzner:102');
    expect(client.callsOf('approve').map((c) => c.args)).toEqual([['vps-destroy:hetzner:102', { by: 'dashboard' }]]);
    expect(client.ops.get('vps-destroy:hetzner:102')?.decisions).toEqual([{ approved: true, by: 'dashboard' }]);
    await page.waitForFunction("!document.querySelector('#servers').textContent.includes('fazt-staging')");
  });

  test('Reject cancels the operation', async () => {
    await page.click('.decision button.reject');
    await page.waitForSelector('#pending .none');
    expect(client.ops.get('vps-destroy:hetzner:102')?.status).toBe('FAILED');
    expect(client.servers.some((s) => s.name === 'fazt-staging')).toBe(true);
  });
});
