/**
 * The flows the replay recorder drives, per system: one with a fast sandbox (flows run to the end),
 * one whose cloud-init never finishes in time, and one whose resolvers lag for minutes (paused
 * flows are captured while they wait, then terminated). Every workflow type of
 * src/workflows/index.ts appears at least once; `test/workflows/replay.test.ts` checks that.
 */
import type { Client } from '@temporalio/client';
import type { OperationProgress } from '../src/domain/operations';
import {
  dnsCheckPropagation, dnsRecords, dnsSet, dnsSetMany, dnsWaitForPropagation, dnsZones, launch,
  vpsCreate, vpsDestroy, vpsExec, vpsGet, vpsList, vpsReboot, vpsStatus, vpsTypes,
} from '../src/operations/catalogue';
import { startSystem, type SystemOptions, type TestSystem } from '../test/helpers/system';

export interface Recorder {
  temporal: Client;
  /** Saves the workflow's history now as `<workflowType>-<state>-<tag>.pb`. */
  save(workflowId: string, workflowType: string, state: string, description: string): Promise<void>;
}

export interface Scenario {
  name: string;
  run(r: Recorder): Promise<void>;
}

const ZONE = 'example.com';
const base: SystemOptions = { zones: [{ zone: ZONE, provider: 'cloudflare' }], settings: { 'infra.vps.default': 'hetzner' } };

async function withSystem(opts: SystemOptions, fn: (sys: TestSystem) => Promise<void>): Promise<void> {
  const sys = await startSystem({ ...base, ...opts });
  try {
    await fn(sys);
  } finally {
    await sys.stop();
  }
}

async function until<T>(what: string, fn: () => Promise<T | null | undefined | false>, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn().catch(() => undefined);
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((res) => setTimeout(res, 100));
  }
}

const waitingOn = (sys: TestSystem, id: string, on: NonNullable<OperationProgress['waiting']>['on']) =>
  until(`${id} waiting on ${on}`, async () => (await sys.client.progress(id)).waiting?.on === on);

/** A flow left running: its rejection (when it is ended) is expected, so it is caught at once. */
const later = (p: Promise<unknown>): Promise<unknown> => p.catch((e: unknown) => e);

/** Ends a flow captured mid-way. */
async function end(r: Recorder, id: string, pending: Promise<unknown>): Promise<void> {
  await r.temporal.workflow.getHandle(id).terminate('fixture recorded');
  await pending;
}

/** Starts a workflow by type with a raw argument (inputs the catalogue's surfaces never send). */
async function startRaw(sys: TestSystem, r: Recorder, type: string, workflowId: string, arg: unknown): Promise<unknown> {
  const h = await r.temporal.workflow.start(type, { taskQueue: sys.taskQueue, workflowId, args: [arg] });
  return h.result().catch((e: unknown) => e);
}

const fast: Scenario = {
  name: 'fast sandbox: completed, rejected, failed, awaiting a decision',
  run: (r) => withSystem({ sandbox: { resolvers: [{ name: 'google', delayMs: 200 }, { name: 'quad9', delayMs: 400 }] } }, async (sys) => {
    const run = sys.client.run;
    await run(vpsTypes, { provider: 'hetzner' }, { workflowId: 'fx:vps-types' });
    await r.save('fx:vps-types', 'infraCall', 'completed', 'vps.types at hetzner');
    await startRaw(sys, r, 'infraCall', 'fx:infra-call-unknown', { activity: 'noSuchCall', input: { provider: 'hetzner' } });
    await r.save('fx:infra-call-unknown', 'infraCall', 'failed', 'an unknown call: INFRA_INVALID_INPUT');

    const create = { provider: 'hetzner' as const, name: 'fx-web-1', type: 'cx22', region: 'fsn1' };
    await run(vpsCreate, create, { autoApprove: true, workflowId: 'vps-create:hetzner:fx-web-1' });
    await r.save('vps-create:hetzner:fx-web-1', 'provisionServer', 'completed', 'vps.create approved (--yes), ordered, running');
    await run(vpsCreate, { ...create, name: 'fx-web-2' }, { autoApprove: true, workflowId: 'vps-create:hetzner:fx-web-2' });
    await run(vpsCreate, { ...create, name: 'fx-no' }, { confirm: async () => false, workflowId: 'vps-create:hetzner:fx-no' }).catch(() => undefined);
    await r.save('vps-create:hetzner:fx-no', 'provisionServer', 'rejected', 'vps.create rejected: INFRA_CANCELED, nothing ordered');
    await run(vpsCreate, { ...create, name: 'fx-bad', type: 'no-such-type' }, { autoApprove: true, workflowId: 'vps-create:hetzner:fx-bad' }).catch(() => undefined);
    await r.save('vps-create:hetzner:fx-bad', 'provisionServer', 'failed', 'vps.create of an unknown server type fails at pricing');
    const waiting = later(run(vpsCreate, { ...create, name: 'fx-wait' }, { workflowId: 'vps-create:hetzner:fx-wait' }));
    await waitingOn(sys, 'vps-create:hetzner:fx-wait', 'confirmation');
    await r.save('vps-create:hetzner:fx-wait', 'provisionServer', 'awaiting-decision', 'vps.create waiting for a decision (paid)');
    await end(r, 'vps-create:hetzner:fx-wait', waiting);

    await run(vpsList, {}, { workflowId: 'fx:vps-list' });
    await r.save('fx:vps-list', 'listServers', 'completed', 'vps.list across every configured provider');
    await run(vpsGet, { server: 'fx-web-1' }, { workflowId: 'fx:vps-get' });
    await r.save('fx:vps-get', 'getServer', 'completed', 'vps.get by name');
    await run(vpsGet, { server: 'fx-missing' }, { workflowId: 'fx:vps-get-missing' }).catch(() => undefined);
    await r.save('fx:vps-get-missing', 'getServer', 'failed', 'vps.get of an unknown name: INFRA_NOT_FOUND');
    await run(vpsStatus, { server: 'fx-web-1' }, { workflowId: 'fx:vps-status' });
    await r.save('fx:vps-status', 'serverStatus', 'completed', 'vps.status with SSH health');
    await run(vpsExec, { server: 'fx-web-1', command: 'echo hello' }, { workflowId: 'fx:vps-exec' });
    await r.save('fx:vps-exec', 'execOnServer', 'completed', 'vps.exec over SSH');
    await run(vpsReboot, { server: 'fx-web-1' }, { workflowId: 'fx:vps-reboot' });
    await r.save('fx:vps-reboot', 'rebootServer', 'completed', 'vps.reboot');

    await run(vpsDestroy, { server: 'fx-web-1' }, { confirm: async () => false, workflowId: 'vps-destroy:fx-web-1' }).catch(() => undefined);
    await r.save('vps-destroy:fx-web-1', 'destroyServer', 'rejected', 'vps.destroy rejected: the server stays');
    const destroying = later(run(vpsDestroy, { server: 'fx-web-2' }, { workflowId: 'vps-destroy:fx-web-2' }));
    await waitingOn(sys, 'vps-destroy:fx-web-2', 'confirmation');
    await r.save('vps-destroy:fx-web-2', 'destroyServer', 'awaiting-decision', 'vps.destroy waiting for a decision (destroys)');
    await sys.client.approve('vps-destroy:fx-web-2', { decider: { by: 'fixture-recorder', surface: 'api' } });
    await destroying;
    await r.save('vps-destroy:fx-web-2', 'destroyServer', 'completed', 'vps.destroy approved from another surface (update), destroyed');

    await run(dnsSet, { zone: ZONE, record: { type: 'A', name: 'www', content: '192.0.2.10', ttl: 300 } }, { workflowId: 'fx:dns-set' });
    await r.save('fx:dns-set', 'syncDnsRecords', 'completed', 'dns.set of one A record');
    const unsafe = later(run(dnsSetMany, { zone: ZONE, records: [{ type: 'NS', name: '@', content: 'ns1.example.net' }] }, { workflowId: 'dns-sync:example.com' }));
    await waitingOn(sys, 'dns-sync:example.com', 'confirmation');
    await r.save('dns-sync:example.com', 'syncDnsRecords', 'awaiting-decision', 'dns.setMany of an unsafe plan (apex NS) waiting for a decision');
    await sys.client.reject('dns-sync:example.com', { decider: { by: 'fixture-recorder', surface: 'api' }, reason: 'not now' });
    await unsafe;
    await r.save('dns-sync:example.com', 'syncDnsRecords', 'rejected', 'dns.setMany unsafe plan rejected: nothing applied');
    await run(dnsZones, {}, { workflowId: 'fx:dns-zones' });
    await r.save('fx:dns-zones', 'listZones', 'completed', 'dns.zones with record counts');
    await run(dnsRecords, { zone: ZONE }, { workflowId: 'fx:dns-records' });
    await r.save('fx:dns-records', 'zoneRecords', 'completed', 'dns.records of a managed zone');
    await run(dnsCheckPropagation, { fqdn: 'www.example.com' }, { workflowId: 'fx:dns-check' });
    await r.save('fx:dns-check', 'checkPropagation', 'completed', 'dns.checkPropagation against our own record');
    await run(dnsWaitForPropagation, { fqdn: 'www.example.com', timeout: '1m' }, { workflowId: 'fx:dns-wait' });
    await r.save('fx:dns-wait', 'waitForPropagation', 'completed', 'dns.waitForPropagation until every resolver agrees');

    await run(launch, { fqdn: 'blog.example.com' }, { autoApprove: true, workflowId: 'launch:blog.example.com' });
    await r.save('launch:blog.example.com', 'launchApp', 'completed', 'launch approved: server, cloud-init, DNS, propagation');
    await run(launch, { fqdn: 'no.example.com' }, { confirm: async () => false, workflowId: 'launch:no.example.com' }).catch(() => undefined);
    await r.save('launch:no.example.com', 'launchApp', 'rejected', 'launch rejected: INFRA_CANCELED, nothing created');
    const launching = later(run(launch, { fqdn: 'later.example.com' }, { workflowId: 'launch:later.example.com' }));
    await waitingOn(sys, 'launch:later.example.com', 'confirmation');
    await r.save('launch:later.example.com', 'launchApp', 'awaiting-decision', 'launch waiting for a decision (paid)');
    await end(r, 'launch:later.example.com', launching);
  }),
};

const slowCloudInit: Scenario = {
  name: 'cloud-init that takes minutes: flows waiting for it',
  run: (r) => withSystem({ sandbox: { cloudInitMs: 600_000 } }, async (sys) => {
    const create = later(sys.client.run(vpsCreate, { provider: 'hetzner', name: 'fx-fazt', type: 'cx22', region: 'fsn1', installFazt: true, faztConfig: { domain: 'app.example.com' } }, { autoApprove: true, workflowId: 'vps-create:hetzner:fx-fazt' }));
    const launching = later(sys.client.run(launch, { fqdn: 'init.example.com' }, { autoApprove: true, workflowId: 'launch:init.example.com' }));
    await waitingOn(sys, 'vps-create:hetzner:fx-fazt', 'cloud-init');
    await r.save('vps-create:hetzner:fx-fazt', 'provisionServer', 'waiting-cloud-init', 'vps.create with installFazt, running, waiting for cloud-init');
    await end(r, 'vps-create:hetzner:fx-fazt', create);
    await waitingOn(sys, 'launch:init.example.com', 'cloud-init');
    await r.save('launch:init.example.com', 'launchApp', 'waiting-cloud-init', 'launch approved, server running, waiting for cloud-init');
    await end(r, 'launch:init.example.com', launching);
  }),
};

const slowResolvers: Scenario = {
  name: 'resolvers that lag for minutes: flows waiting for propagation',
  run: (r) => withSystem({ sandbox: { resolvers: [{ name: 'google', delayMs: 600_000 }] } }, async (sys) => {
    const launching = later(sys.client.run(launch, { fqdn: 'slow.example.com' }, { autoApprove: true, workflowId: 'launch:slow.example.com' }));
    await sys.client.run(dnsSet, { zone: ZONE, record: { type: 'A', name: 'api', content: '192.0.2.20', ttl: 300 } }, { workflowId: 'fx:dns-set-api' });
    const waiting = later(sys.client.run(dnsWaitForPropagation, { fqdn: 'api.example.com', timeout: '10m' }, { workflowId: 'fx:dns-wait-slow' }));
    const failing = startRaw(sys, r, 'launchApp', 'launch:fail.example.com', { app: { fqdn: 'fail.example.com' }, propagationTimeout: '3s' });
    await until('launch:fail.example.com pending', async () => (await sys.client.pending()).some((p) => p.workflowId === 'launch:fail.example.com'));
    await sys.client.approve('launch:fail.example.com', { decider: { by: 'fixture-recorder', surface: 'api' } });
    await waitingOn(sys, 'fx:dns-wait-slow', 'propagation');
    await r.save('fx:dns-wait-slow', 'waitForPropagation', 'waiting-propagation', 'dns.waitForPropagation polling, resolvers not agreeing yet');
    await end(r, 'fx:dns-wait-slow', waiting);
    await waitingOn(sys, 'launch:slow.example.com', 'propagation');
    await r.save('launch:slow.example.com', 'launchApp', 'waiting-propagation', 'launch with DNS set, waiting for propagation');
    await end(r, 'launch:slow.example.com', launching);
    await failing;
    await r.save('launch:fail.example.com', 'launchApp', 'failed', 'launch whose propagation timed out: compensation restored DNS and removed the server');
  }),
};

export const SCENARIOS: Scenario[] = [fast, slowCloudInit, slowResolvers];
