/**
 * The embedded default as `npm run up` starts it: a dev server whose Temporal UI is pointed at
 * `fazt codec-server` (--ui-codec-endpoint). A workflow started with an encrypted admin email is
 * unreadable in the stored history, and a real browser on the UI shows the email decoded: the UI
 * called the codec server from its loopback origin and CORS let it.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { chromium, type BrowserContext } from 'playwright-core';
import { infraDataConverter, payloadCodec } from '../../src/codec';
import { startCodecServer, type CodecServer } from '../../src/codec/server';
import { startDevServer, type DevServer } from '../../src/runtime/dev-server';
import { freePort } from '../helpers/free-port';

const CHROMIUM = '/usr/bin/chromium';

describe('the Temporal UI decodes through the codec server', () => {
  let dir: string;
  let dev: DevServer | undefined;
  let codecServer: CodecServer | undefined;
  let browser: BrowserContext | undefined;
  let connection: Connection | undefined;
  const decodeCalls: number[] = [];

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fazt-codec-ui-'));
    const codec = payloadCodec({ dir, env: {} });
    // Count the UI's decode calls by wrapping the real codec (what it answers is unchanged).
    codecServer = await startCodecServer({
      port: 0,
      codec: { encode: (p) => codec.encode(p), decode: (p) => (decodeCalls.push(p.length), codec.decode(p)) },
    });
    dev = await startDevServer({ dbFile: path.join(dir, 'temporal.db'), port: await freePort(), uiPort: await freePort(), logFile: path.join(dir, 'temporal.log'), uiCodecEndpoint: codecServer.url });
    connection = await Connection.connect({ address: dev.address });
    if (!fs.existsSync(CHROMIUM)) execFileSync('bash', [path.join(__dirname, '..', '..', 'scripts', 'ensure-chromium.sh')], { stdio: 'inherit' });
    browser = await chromium.launchPersistentContext(path.join(dir, 'profile'), {
      executablePath: CHROMIUM, headless: true,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await connection?.close();
    await dev?.stop();
    await codecServer?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('shows the decrypted input of a workflow whose stored input is encrypted', async () => {
    const email = 'ui.reader@pii-test.example.org';
    const workflowId = 'codec-ui-probe';
    const client = new Client({ connection: connection!, dataConverter: infraDataConverter({ dir, env: {} }) });
    // Nobody polls this queue: the started event holds the input as the client sealed it.
    const handle = await client.workflow.start('uiProbe', { taskQueue: 'codec-ui-nobody', workflowId, args: [{ adminEmail: email }] });
    const stored = JSON.stringify(await handle.fetchHistory(), (_k, v) => (v instanceof Uint8Array ? Buffer.from(v).toString('utf8') : v));
    expect(stored).not.toContain(email);

    const page = await browser!.newPage();
    await page.goto(`${dev!.uiUrl}/namespaces/default/workflows/${workflowId}/${handle.firstExecutionRunId}/history`);
    // A function, not a string: the UI's CSP forbids eval. (No DOM lib here: the page's document, typed locally.)
    await page.waitForFunction((text) => (globalThis as unknown as { document: { body: { innerText: string } } }).document.body.innerText.includes(text), email, { timeout: 90_000 });
    expect(decodeCalls.length).toBeGreaterThan(0);
    await page.close();
    await handle.terminate('test over');
  });
});
