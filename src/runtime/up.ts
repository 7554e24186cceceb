/**
 * `npm run up`: the whole system on one machine. Starts the Temporal dev server (unless
 * TEMPORAL_ADDRESS points at one), the provider sandbox when no real credentials are configured
 * (with a managed zone example.com, so `fazt dev infra launch blog.example.com` works), and the
 * worker; prints where everything is; stops it all on Ctrl-C.
 */
import path from 'node:path';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import { applySandboxSettings, ConfigStore, dataDir } from '../config';
import { providerDescriptor } from '../providers/registry';
import { startSandbox, type Sandbox } from '../sandbox';
import { connect } from '../client';
import { startDashboard, type DashboardHandle } from '../dashboard/server';
import { TOKEN_ENV, signInLine } from '../dashboard/sign-in';
import { createWorkers } from '../worker';
import { payloadCodec } from '../codec';
import { startCodecServer, type CodecServer } from '../codec/server';
import { startDevServer, type DevServer } from './dev-server';

const SANDBOX_ZONE = 'example.com';

async function main(): Promise<void> {
  Runtime.install({ logger: new DefaultLogger('ERROR') });
  const data = dataDir();
  const store = new ConfigStore();
  const stops: Array<() => Promise<void>> = [];
  const stopAll = async () => {
    for (const stop of stops.reverse()) await stop().catch(() => undefined);
  };

  let server: DevServer | undefined;
  let address = process.env.TEMPORAL_ADDRESS;
  let uiUrl = process.env.FAZT_TEMPORAL_UI;
  let codec: CodecServer | undefined;
  if (!address) {
    // Payloads are encrypted (src/codec): the embedded UI decodes them through a loopback codec
    // server holding this machine's key, so the operator sees them in the clear there.
    codec = await startLocalCodecServer(store);
    stops.push(() => codec!.close());
    console.log('fazt: starting the Temporal dev server (SQLite in ' + path.join(data, 'temporal.db') + ') ...');
    server = await startDevServer({ dbFile: path.join(data, 'temporal.db'), logFile: path.join(data, 'temporal.log'), uiCodecEndpoint: codec.url });
    stops.push(() => server!.stop());
    address = server.address;
    uiUrl = server.uiUrl;
  }

  const real = ['vps', 'dns'].some((k) => store.configuredProviders(k as 'vps').length > 0) && !store.isSandbox();
  let sandbox: Sandbox | undefined;
  if (!real) {
    console.log('fazt: no real provider credentials configured: starting the provider sandbox ...');
    sandbox = await startSandbox({ dataFile: path.join(data, 'sandbox.json'), bootMs: 5000, cloudInitMs: 5000 });
    stops.push(() => sandbox!.stop());
    applySandboxSettings(store, sandbox.settings(), { force: true });
    // The example zone lives at the sandbox's default DNS provider (the catalogue's first).
    await ensureZone(store, sandbox, SANDBOX_ZONE, store.defaultProvider('dns'));
  }

  const intervals = process.env.FAZT_SCHEDULE_INTERVALS ? JSON.parse(process.env.FAZT_SCHEDULE_INTERVALS) : true;
  const workers = await createWorkers({ address, store, dataDir: data, schedules: intervals });
  const running = workers.run();
  stops.push(async () => {
    workers.shutdown();
    await running.catch(() => undefined);
  });

  const client = await connect({ address });
  stops.push(() => client.close());
  const providers = async () => (['vps', 'dns', 'domain'] as const).flatMap((kind) => store.configuredProviders(kind).map((provider) => ({ kind, provider, configured: true })));
  let dashboard: DashboardHandle;
  const token = process.env[TOKEN_ENV]; // else generated, and printed once below
  try {
    dashboard = await startDashboard({ client, port: 7420, providers, token });
  } catch {
    dashboard = await startDashboard({ client, port: 0, providers, token }); // 7420 taken: any free port
  }
  stops.push(() => dashboard.close());

  console.log('');
  console.log(signInLine(dashboard));
  console.log(`fazt is up.  Temporal: ${address}${uiUrl ? `   Temporal UI: ${uiUrl}` : ''}`);
  if (codec) console.log(`Payloads are encrypted; the Temporal UI decodes them through the codec server ${codec.url}`);
  else console.log('Payloads are encrypted; to read them in your Temporal UI run `fazt codec-server` and set it as the UI\'s codec endpoint (README).');
  console.log(`Schedules (Temporal UI → Schedules): ${workers.schedules.map((s) => `${s.name} every ${s.every}`).join(', ')}`);
  if (sandbox) {
    console.log(`Sandbox providers: ${Object.entries(sandbox.urls).map(([n, u]) => `${n} ${u}`).join(', ')}`);
    console.log(`Managed zone: ${SANDBOX_ZONE} (${store.defaultProvider('dns')} sandbox). Try:  bin/fazt dev infra launch blog.${SANDBOX_ZONE} --yes`);
  }
  console.log('Press Ctrl-C to stop.');

  let stopping = false;
  const onSignal = () => {
    if (stopping) return;
    stopping = true;
    console.log('\nfazt: stopping ...');
    void stopAll().then(() => process.exit(0));
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  await running.catch(async (err) => {
    console.error(`fazt: worker stopped: ${err?.message ?? err}`);
    await stopAll();
    process.exit(1);
  });
}

/** The codec server on 8888, or any free port when that is taken. */
async function startLocalCodecServer(store: ConfigStore): Promise<CodecServer> {
  const codec = payloadCodec({ dir: store.dir, env: store.env });
  try {
    return await startCodecServer({ codec, port: 8888 });
  } catch {
    return startCodecServer({ codec, port: 0 });
  }
}

/** Creates the zone in the sandbox (through the real adapter, over HTTP) and records the mapping. */
async function ensureZone(store: ConfigStore, sandbox: Sandbox, zone: string, provider: string): Promise<void> {
  const cred = store.resolveCredential('dns', provider);
  const dns = providerDescriptor(provider).create({ token: cred.token, endpoint: cred.endpoint ?? sandbox.urls[provider] }).dns!;
  const ref = (await dns.findZone(zone)) ?? (await dns.createZone(zone));
  store.addZone(zone, provider, ref.id);
}

main().catch((err) => {
  console.error(`fazt: ${err?.message ?? err}`);
  process.exit(1);
});
