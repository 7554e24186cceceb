/**
 * The checks behind `fazt doctor`, each answering "is this fine, and if not, what do I do": the
 * Temporal connection, the worker (pollers on its task queues, its read socket), every configured
 * provider (token valid, endpoint reachable, rate budget left; checked inside the worker, where the
 * credentials are) and the dashboard. Each check has its own short time limit.
 */
import { Connection, type DataConverter } from '@temporalio/client';
import { readOverSocket } from '../../client/direct';
import { messageOf } from '../../domain/errors';
import { PROVIDERS } from '../../domain/providers';
import type { WorkerDoctorReport } from '../../runtime/doctor-report';
import { providerTaskQueue } from '../../shared/constants';
import { temporalTarget } from '../../shared/connection';

export type CheckStatus = 'ok' | 'warn' | 'fail';

export interface Check {
  check: string;
  status: CheckStatus;
  detail: string;
  fix?: string;
}

export interface DoctorTargets {
  address?: string;
  namespace?: string;
  taskQueue: string;
  socket: string;
  dashboardUrl: string;
  /** Opens the worker's sealed results (the payload codec). */
  dataConverter?: DataConverter;
}

// temporal.api.enums.v1.TaskQueueType (the proto enum's numbers; @temporalio/proto is not a runtime dependency).
const WORKFLOW_QUEUE = 1;
const ACTIVITY_QUEUE = 2;

export async function runChecks(t: DoctorTargets): Promise<Check[]> {
  const [worker, dashboard] = await Promise.all([workerChecks(t), dashboardCheck(t.dashboardUrl)]);
  // Without a local worker to ask, providers are checked through workflows on the worker's queue.
  const noSocket = worker.some((c) => c.check === 'worker read socket' && c.status === 'fail');
  const temporal = await temporalChecks(t, noSocket);
  // A worker that polls from elsewhere (a container, another host) is fine: no local socket is then a note.
  const polled = temporal.some((c) => c.check === 'worker pollers' && c.status === 'ok');
  const local = noSocket && polled ? worker.map((c) => (c.check === 'worker read socket' ? { ...c, status: 'warn' as const, detail: `${c.detail}; a worker polls from elsewhere, so reads go through Temporal` } : c)) : worker;
  return [...temporal, ...local, dashboard];
}

async function temporalChecks(t: DoctorTargets, providersToo: boolean): Promise<Check[]> {
  const target = temporalTarget({ address: t.address, namespace: t.namespace });
  let connection: Connection;
  try {
    connection = await Connection.connect({ address: target.address, tls: target.tls, apiKey: target.apiKey, metadata: target.metadata, connectTimeout: '3s' });
  } catch (err) {
    return [{ check: 'temporal', status: 'fail', detail: `cannot connect to ${target.address}: ${messageOf(err).split('\n')[0]}`, fix: 'start the local system (npm run up) or set TEMPORAL_ADDRESS to your cluster' }];
  }
  try {
    const pollers = async (name: string, type: number) => {
      const r = await connection.workflowService.describeTaskQueue({ namespace: target.namespace, taskQueue: { name }, taskQueueType: type });
      return r.pollers?.length ?? 0;
    };
    const out: Check[] = [{ check: 'temporal', status: 'ok', detail: `connected to ${target.address} (namespace ${target.namespace})` }];
    const [wf, act] = await Promise.all([pollers(t.taskQueue, WORKFLOW_QUEUE), pollers(t.taskQueue, ACTIVITY_QUEUE)]);
    const providerQueues = await Promise.all(PROVIDERS.map(async (p) => ({ p: p.name, n: await pollers(providerTaskQueue(p.name, t.taskQueue), ACTIVITY_QUEUE) })));
    const idle = providerQueues.filter((q) => q.n === 0).map((q) => q.p);
    out.push(wf > 0 && act > 0 && idle.length === 0
      ? { check: 'worker pollers', status: 'ok', detail: `${t.taskQueue}: ${wf} workflow, ${act} activity pollers; provider queues: ${providerQueues.map((q) => `${q.p} ${q.n}`).join(', ')}` }
      : {
        check: 'worker pollers', status: 'fail',
        detail: `${t.taskQueue}: ${wf} workflow, ${act} activity pollers${idle.length ? `; nobody polls the queues of ${idle.join(', ')}` : ''}`,
        fix: 'start the worker (npm run up, or node lib/worker.js with FAZT_TASK_QUEUE set to this queue)',
      });
    if (providersToo && wf > 0) {
      const { providersThroughTemporal } = await import('./remote');
      out.push(...(await providersThroughTemporal(connection, target.namespace, t.taskQueue, t.dataConverter)));
    }
    return out;
  } catch (err) {
    return [{ check: 'temporal', status: 'fail', detail: `connected to ${target.address}, but: ${messageOf(err).split('\n')[0]}`, fix: `check that namespace ${target.namespace} exists and that this client may use it` }];
  } finally {
    await connection.close();
  }
}

async function workerChecks(t: DoctorTargets): Promise<Check[]> {
  const answer = await readOverSocket(t.socket, 'doctor', {}, 20_000);
  if (!answer) {
    return [
      { check: 'worker read socket', status: 'fail', detail: `nothing answers at ${t.socket}`, fix: 'start the worker on this machine (npm run up); CLI reads then skip Temporal, and the doctor sees rate budgets' },
    ];
  }
  if ('error' in answer) return [{ check: 'worker read socket', status: 'fail', detail: `the worker answered with an error: ${String(answer.error.message)}`, fix: 'update the worker to this version of fazt' }];
  const report = answer.result as WorkerDoctorReport;
  const out: Check[] = [{ check: 'worker read socket', status: 'ok', detail: `${t.socket} (worker pid ${report.pid}, up ${report.uptimeSeconds} s)` }];
  if (report.providers.length === 0) out.push({ check: 'providers', status: 'fail', detail: 'no provider is configured', fix: 'fazt dev config infra.vps.<provider> --token <token>' });
  for (const p of report.providers) {
    const budget = p.rate.remaining === null ? 'no rate-limit headers' : `${p.rate.remaining} requests left${p.rate.resetAt ? ` (resets ${p.rate.resetAt})` : ''}`;
    if (p.ok) {
      const low = p.rate.remaining !== null && p.rate.remaining < 10;
      out.push({ check: `${p.kind} ${p.provider}`, status: low ? 'warn' : 'ok', detail: `token valid, ${p.endpoint} answered in ${p.ms} ms; ${budget}`, ...(low ? { fix: 'the request budget is nearly spent: wait for the reset before large changes' } : {}) });
    } else {
      out.push({ check: `${p.kind} ${p.provider}`, status: 'fail', detail: `${p.error!.code}: ${p.error!.message}`, fix: p.error!.hint ?? `fazt dev config infra.${p.kind}.${p.provider} --token <token>` });
    }
  }
  return out;
}

async function dashboardCheck(url: string): Promise<Check> {
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(3000), redirect: 'manual' });
    await res.body?.cancel();
    // 401 is the dashboard asking for its login token: it is up.
    const note = res.status === 401 ? 'sign-in required' : `HTTP ${res.status}`;
    return { check: 'dashboard', status: 'ok', detail: `${url} answers (${note})` };
  } catch (err) {
    const code = (err as { cause?: { code?: string } })?.cause?.code ?? messageOf(err);
    return { check: 'dashboard', status: 'warn', detail: `${url} does not answer (${code})`, fix: 'start it with: fazt dashboard (optional)' };
  }
}
