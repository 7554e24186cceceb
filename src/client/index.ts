/**
 * The typed client behind every surface: `connect()` returns an object whose `dev.infra.*` calls
 * start workflows and await their results (the spec's JavaScript interface), plus pending
 * decisions, approve/reject and progress. Input is validated here, before anything starts.
 */
import { randomUUID } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import type { CallOptions, InfraApi, InfraClient, LaunchInput, StartedOperation } from './api';
import { Driver } from './driver';
import { decisions } from './decisions';
import { InfraError, fromFailure } from '../domain/errors';
import { canonicalName } from '../domain/names';
import { createVpsSchema, launchSchema, parseInput, recordInputSchema, recordRefSchema, sshKeyNameSchema, sshPublicKeySchema, zoneSchema, fqdnSchema } from '../domain/validate';
import { TASK_QUEUE } from '../shared/constants';
import { temporalTarget, unreachable } from '../shared/connection';

export type { InfraClient, InfraApi, CallOptions } from './api';

export interface ConnectOptions {
  address?: string;
  namespace?: string;
  /** @default TASK_QUEUE */
  taskQueue?: string;
  /** Reuse an existing connection (tests). */
  connection?: Connection;
  /** Temporal Web UI base, for links. @default FAZT_TEMPORAL_UI, or http://localhost:8233 for a local server */
  uiUrl?: string;
}

const short = () => randomUUID().slice(0, 8);
const idPart = (s: string) => s.replace(/[^A-Za-z0-9.@_-]+/g, '-');

export async function connect(opts: ConnectOptions = {}): Promise<InfraClient> {
  const target = temporalTarget({ address: opts.address, namespace: opts.namespace });
  let connection = opts.connection;
  const owned = !connection;
  if (!connection) {
    try {
      connection = await Connection.connect({ address: target.address, tls: target.tls, apiKey: target.apiKey, metadata: target.metadata, connectTimeout: '5s' });
    } catch (err) {
      throw unreachable(target.address, err);
    }
  }
  const client = new Client({ connection, namespace: target.namespace });
  const taskQueue = opts.taskQueue ?? TASK_QUEUE;
  const driver = new Driver(client, taskQueue);
  const local = /^(localhost|127\.0\.0\.1):7233$/.test(target.address);
  const uiUrl = opts.uiUrl ?? process.env.FAZT_TEMPORAL_UI ?? (local ? 'http://localhost:8233' : undefined);
  const link = (id: string) => (uiUrl ? `${uiUrl}/namespaces/${target.namespace}/workflows/${encodeURIComponent(id)}` : undefined);

  const call = <T>(activity: string, input: Record<string, unknown>, kind?: 'vps' | 'dns') =>
    driver.run<T>({ workflow: 'infraCall', args: [{ activity, input, kind }], workflowId: `${activity}:${short()}` });
  const run = <T>(workflow: string, arg: unknown, workflowId: string, o?: CallOptions) =>
    driver.run<T>({ workflow, args: [arg], workflowId: o?.workflowId ?? workflowId }, o);

  const api: InfraApi = {
    vps: {
      types: (provider) => call('vpsTypes', { provider }, 'vps'),
      regions: (provider) => call('vpsRegions', { provider }, 'vps'),
      create: async (input, o) => {
        const v = parseInput(createVpsSchema, input, 'server');
        return run('provisionServer', { server: v, confirmationTimeout: o?.confirmationTimeout }, `vps-create:${v.provider ?? 'default'}:${v.name}`, o);
      },
      list: () => run('listServers', undefined, `vps-list:${short()}`),
      get: (ref) => run('getServer', { server: ref }, `vps-get:${idPart(ref)}:${short()}`),
      status: (ref) => run('serverStatus', { server: ref }, `vps-status:${idPart(ref)}:${short()}`),
      exec: async (ref, command, o) => {
        if (!command || !command.trim()) throw new InfraError('INFRA_INVALID_INPUT', 'Invalid command: it is empty');
        return run('execOnServer', { server: ref, command, timeoutMs: o?.timeoutMs }, `vps-exec:${idPart(ref)}:${short()}`);
      },
      reboot: async (ref) => {
        await run('rebootServer', { server: ref }, `vps-reboot:${idPart(ref)}:${short()}`);
      },
      destroy: async (ref, o) => {
        await run('destroyServer', { server: ref, confirmationTimeout: o?.confirmationTimeout }, `vps-destroy:${idPart(ref)}`, o);
      },
      sshKeys: (provider) => call('sshKeysList', { provider }, 'vps'),
      addSshKey: async (provider, key) => {
        const name = parseInput(sshKeyNameSchema, key.name, 'key name');
        const publicKey = parseInput(sshPublicKeySchema, key.publicKey, 'public key');
        return call('sshKeyAdd', { provider, name, publicKey }, 'vps');
      },
      removeSshKey: async (provider, name) => {
        await call('sshKeyRemove', { provider, name: parseInput(sshKeyNameSchema, name, 'key name') }, 'vps');
      },
    },
    dns: {
      zones: () => run('listZones', undefined, `dns-zones:${short()}`),
      addZone: async (zone, o) => call('dnsAddZone', { zone: parseInput(zoneSchema, zone, 'zone'), provider: o.provider }, 'dns'),
      records: async (zone) => run('zoneRecords', { zone: parseInput(zoneSchema, zone, 'zone') }, `dns-records:${idPart(zone)}:${short()}`),
      set: async (zone, record) => {
        const z = parseInput(zoneSchema, zone, 'zone');
        const r = parseInput(recordInputSchema, record, 'record');
        const res = await run<{ desired: any[] }>('syncDnsRecords', { zone: z, records: [r] }, `dns-set:${z}:${short()}`);
        return res.desired[0];
      },
      delete: async (zone, record) => {
        const z = parseInput(zoneSchema, zone, 'zone');
        const r = parseInput(recordRefSchema, record, 'record');
        await run('syncDnsRecords', { zone: z, records: [r], mode: 'remove' }, `dns-delete:${z}:${short()}`);
      },
      setMany: async (zone, records, o) => {
        const z = parseInput(zoneSchema, zone, 'zone');
        if (!Array.isArray(records) || records.length === 0) throw new InfraError('INFRA_INVALID_INPUT', 'Invalid records: give at least one record');
        records.forEach((r, i) => parseInput(recordInputSchema, r, `record ${i + 1}`));
        return run('syncDnsRecords', { zone: z, records, mode: o?.prune ? 'sync' : 'upsert', dryRun: o?.dryRun, confirmationTimeout: o?.confirmationTimeout },
          o?.dryRun ? `dns-plan:${z}:${short()}` : `dns-sync:${z}`, o);
      },
      checkPropagation: async (fqdn, o) => run('checkPropagation', { fqdn: parseInput(fqdnSchema, fqdn, 'name'), ...o }, `dns-check:${canonicalName(fqdn)}:${short()}`),
      waitForPropagation: async (fqdn, o) => run('waitForPropagation', { fqdn: parseInput(fqdnSchema, fqdn, 'name'), type: o?.type, expected: o?.expected, timeout: o?.timeout },
        `dns-wait:${canonicalName(fqdn)}:${short()}`, o),
    },
    launch: async (input, o) => {
      const v = parseInput(launchSchema, input, 'launch');
      return run('launchApp', { app: v, confirmationTimeout: o?.confirmationTimeout }, `launch:${v.fqdn}`, o);
    },
  };

  const startLaunch = async (input: LaunchInput, o?: CallOptions): Promise<StartedOperation> => {
    const v = parseInput(launchSchema, input, 'launch');
    const h = await driver.start({ workflow: 'launchApp', args: [{ app: v, confirmationTimeout: o?.confirmationTimeout }], workflowId: o?.workflowId ?? `launch:${v.fqdn}` });
    return { workflowId: h.workflowId, runId: h.firstExecutionRunId, uiUrl: link(h.workflowId) };
  };

  return {
    dev: { infra: api },
    startLaunch,
    ...decisions(client, driver),
    uiUrl,
    close: async () => {
      if (owned) await connection!.close();
    },
  };
}

export { fromFailure, InfraError };
