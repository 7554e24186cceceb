/**
 * What the worker tells `fazt doctor` over its read socket: who it is (task queue, process,
 * uptime) and one health check per configured provider and kind, run concurrently with the
 * activity functions themselves (credentials stay here; each check has its audit record).
 */
import type { ProviderHealth } from '../activities/health';
import type { Call } from './read-server';

export interface WorkerDoctorReport {
  taskQueue: string;
  pid: number;
  uptimeSeconds: number;
  providers: ProviderHealth[];
}

export async function doctorReport(taskQueue: string, call: Call): Promise<WorkerDoctorReport> {
  const cfg = await call('infraConfig', undefined as never);
  const targets = [
    ...cfg.vpsProviders.map((provider) => ({ kind: 'vps' as const, provider })),
    ...cfg.dnsProviders.map((provider) => ({ kind: 'dns' as const, provider })),
  ];
  const providers = await Promise.all(targets.map((t) => call('providerHealth', t, t.provider)));
  return { taskQueue, pid: process.pid, uptimeSeconds: Math.round(process.uptime()), providers };
}
