/** Server steps shared by provisionServer and launchApp. */
import { sleep } from '@temporalio/workflow';
import { resolveServerWith } from '../../domain/resolve-server';
import type { CreateServerRequest, Server } from '../../domain/types';
import type { InfraConfigView } from '../../activities/config';
import type { Operation } from '../operation';
import { durationMs, infraFailure } from '../operation';
import { reads, writes, probes, bookkeeping } from '../proxies';

/** Finds a managed server by `<provider>:<id>` or by name across configured providers. */
export async function resolveServer(ref: string, cfg?: InfraConfigView): Promise<Server> {
  return resolveServerWith(ref, {
    get: (provider, providerId) => reads(provider).vpsGet({ provider, providerId }),
    findByName: (provider, name) => reads(provider).vpsFindByName({ provider, name }),
    vpsProviders: async () => (cfg ?? (await bookkeeping.infraConfig())).vpsProviders,
    fail: (code, message) => infraFailure(code, message),
  });
}

/** Registers the worker's key and orders the server (idempotent per operation id). */
export async function orderServer(op: Operation, provider: string, request: Omit<CreateServerRequest, 'operationId'>, operationId: string): Promise<Server> {
  op.step('create-server', `${request.name} at ${provider}`);
  op.wait('provider', `ordering ${request.name}`);
  const workerKey = await writes(provider).registerWorkerKey({ provider });
  const server = await writes(provider).vpsCreate({ provider, request: { ...request, sshKeys: [...new Set([...request.sshKeys, workerKey])], operationId } });
  op.progress.created.push({ kind: 'server', id: server.id, description: `server ${server.name} (${server.id})` });
  op.wait(null);
  return server;
}

/**
 * Polls (durable timers) until the server runs and has an address. `kept`: whether the caller
 * leaves the server on failure (the message says so) or removes it (its own message says that).
 */
export async function waitRunning(op: Operation, server: Server, timeout = '10m', kept = true): Promise<Server> {
  op.step('wait-running', server.name);
  const deadline = Date.now() + durationMs(timeout);
  let current: Server | null = server;
  while (!(current && current.status === 'running' && current.ip)) {
    if (Date.now() > deadline) throw infraFailure('INFRA_TIMEOUT', `${server.name} did not reach running within ${timeout}${leftNote(kept)}`);
    op.wait('boot', `${server.name} is ${current?.status ?? 'missing'}`);
    await sleep('2s');
    current = await reads(server.provider).vpsGet({ provider: server.provider, providerId: server.providerId });
    if (!current) throw infraFailure('INFRA_NOT_FOUND', `${server.name} disappeared while booting`);
  }
  op.wait(null);
  return current;
}

/** Polls cloud-init over SSH until it is done and the marker file exists. `kept` as for {@link waitRunning}. */
export async function waitCloudInit(op: Operation, server: Server, timeout = '15m', kept = true): Promise<void> {
  op.step('wait-cloud-init', `${server.name} (${server.ip})`);
  const deadline = Date.now() + durationMs(timeout);
  for (;;) {
    const s = await probes.cloudInitCheck({ ip: server.ip! });
    if (s.status === 'done' && s.markerPresent) break;
    if (s.status === 'error') throw infraFailure('INFRA_PROVIDER_ERROR', `cloud-init failed on ${server.name}${leftNote(kept)}`);
    if (Date.now() > deadline) {
      throw infraFailure('INFRA_TIMEOUT', `cloud-init on ${server.name} (${server.ip}) did not finish within ${timeout}${leftNote(kept)}`);
    }
    op.wait('cloud-init', `${server.name}: ${s.status}`);
    await sleep('2s');
  }
  op.wait(null);
}

function leftNote(kept: boolean): string {
  return kept ? '; the server is left for inspection' : '';
}
