/** Server reads and small actions: list, get, status with health, exec, reboot. */
import { upsertSearchAttributes } from '@temporalio/workflow';
import type { ExecResult, Server, ServerHealth } from '../domain/types';
import { SEARCH_ATTRIBUTES } from '../shared/constants';
import { Operation, infraFailure } from './operation';
import { DEFAULT_EXEC_TIMEOUT_MS, MAX_EXEC_TIMEOUT_MS } from './options';
import { bookkeeping, commands, probes, reads, writes } from './proxies';
import { resolveServer } from './steps/servers';
import { vpsExec, vpsReboot } from '../operations/catalogue';

/** Every managed server of every configured VPS provider, read in parallel. */
export async function listServers(): Promise<Server[]> {
  const cfg = await bookkeeping.infraConfig();
  const lists = await Promise.all(cfg.vpsProviders.map((p) => reads(p).vpsListManaged({ provider: p })));
  return lists.flat().sort((a, b) => a.name.localeCompare(b.name));
}

export async function getServer(input: { server: string }): Promise<Server> {
  return resolveServer(input.server);
}

/** Provider status plus what SSH says (one round trip); Fazt fields null when not installed. */
export async function serverStatus(input: { server: string }): Promise<ServerHealth> {
  const s = await resolveServer(input.server);
  const empty = { faztStatus: null, faztVersion: null, uptime: null, load: null, diskUsed: null, diskTotal: null, memUsed: null, memTotal: null } as const;
  if (s.status !== 'running' || !s.ip) return { id: s.id, status: s.status, ...empty };
  const health = await probes.sshHealth({ ip: s.ip });
  return { id: s.id, status: s.status, ...health };
}

export async function execOnServer(input: { server: string; command: string; timeoutMs?: number }): Promise<ExecResult> {
  const s = await resolveServer(input.server);
  upsertSearchAttributes({ [SEARCH_ATTRIBUTES.provider]: [s.provider], [SEARCH_ATTRIBUTES.operation]: [vpsExec.name], [SEARCH_ATTRIBUTES.server]: [s.name] });
  // A typed failure fails the workflow; a plain Error would fail the task and be retried forever.
  if (!s.ip) throw infraFailure('INFRA_CONFLICT', `${s.name} has no address yet (status ${s.status}); try again once it is running`);
  const timeoutMs = input.timeoutMs ?? DEFAULT_EXEC_TIMEOUT_MS;
  if (!Number.isInteger(timeoutMs) || timeoutMs < 1 || timeoutMs > MAX_EXEC_TIMEOUT_MS) {
    throw infraFailure('INFRA_INVALID_INPUT', `timeoutMs must be a whole number from 1 to ${MAX_EXEC_TIMEOUT_MS} (1 h); got ${timeoutMs}`);
  }
  return commands(timeoutMs).sshExec({ ip: s.ip, command: input.command, timeoutMs });
}

export async function rebootServer(input: { server: string }): Promise<{ id: string }> {
  const op = new Operation(vpsReboot.name);
  const s = await resolveServer(input.server);
  upsertSearchAttributes({ [SEARCH_ATTRIBUTES.provider]: [s.provider], [SEARCH_ATTRIBUTES.operation]: [vpsReboot.name], [SEARCH_ATTRIBUTES.server]: [s.name] });
  op.step('reboot', s.name);
  await writes(s.provider).vpsReboot({ provider: s.provider, providerId: s.providerId });
  op.finish();
  return { id: s.id };
}
