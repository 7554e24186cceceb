/**
 * The health sweep (a Temporal Schedule runs it every 5 minutes): the provider's status and, for
 * running servers, the SSH health of every managed server (the same activities as `vps.status`),
 * classified healthy / degraded / unreachable with when. Kept as the last health report, which
 * `vps list` and the dashboard show.
 */
import { upsertSearchAttributes } from '@temporalio/workflow';
import { DEGRADED_USAGE, type HealthReport, type ServerHealthEntry } from '../domain/drift';
import type { Server } from '../domain/types';
import { SEARCH_ATTRIBUTES } from '../shared/constants';
import { Operation } from './operation';
import { bookkeeping, probes } from './proxies';
import { listServers } from './servers';

export const HEALTH_OPERATION = 'infra.health';

async function healthOf(s: Server): Promise<ServerHealthEntry> {
  const at = () => new Date().toISOString();
  const base = { id: s.id, name: s.name };
  if (s.status !== 'running' || !s.ip) return { ...base, health: 'unreachable', at: at(), detail: `provider status ${s.status}${s.ip ? '' : ', no address'}` };
  try {
    const h = await probes.sshHealth({ ip: s.ip });
    const usage = (used: number | null, total: number | null) => (used !== null && total ? used / total : 0);
    const problems = [
      h.faztStatus === 'unhealthy' ? 'fazt unhealthy' : null,
      usage(h.diskUsed, h.diskTotal) > DEGRADED_USAGE ? 'disk almost full' : null,
      usage(h.memUsed, h.memTotal) > DEGRADED_USAGE ? 'memory almost full' : null,
    ].filter((p): p is string => !!p);
    const load = h.load ? `load ${h.load[0]}` : 'no load figure';
    return { ...base, health: problems.length ? 'degraded' : 'healthy', at: at(), detail: problems.length ? problems.join(', ') : load };
  } catch (err) {
    return { ...base, health: 'unreachable', at: at(), detail: `ssh: ${(err as { cause?: Error }).cause?.message ?? (err as Error).message}` };
  }
}

export async function healthSweep(): Promise<HealthReport> {
  const op = new Operation(HEALTH_OPERATION, 2);
  upsertSearchAttributes({ [SEARCH_ATTRIBUTES.operation]: [HEALTH_OPERATION] });
  op.step('probe', 'status and health of every managed server');
  const servers = await listServers();
  const report: HealthReport = { checkedAt: new Date().toISOString(), servers: await Promise.all(servers.map(healthOf)) };
  op.step('report', `${report.servers.filter((s) => s.health !== 'healthy').length} not healthy`);
  await bookkeeping.saveReport({ name: 'health', report });
  op.finish();
  return report;
}
