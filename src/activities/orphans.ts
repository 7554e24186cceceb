/**
 * The orphan sweeper's look at one provider, both ways: servers carrying fazt's label whose
 * operation fazt does not know or whose workflow ended without them (failed, terminated, timed
 * out, canceled), and servers fazt knows that the provider no longer has. Only servers with the
 * managed marker and an operation label are ever candidates; nothing is removed here.
 */
import { Context } from '@temporalio/activity';
import type { Orphan } from '../domain/drift';
import { operationIdFor } from '../domain/ids';
import { currencyOf } from '../domain/providers';
import { ProviderAccess } from './context';
import type { ActivityDeps } from './deps';

/** Workflows that order servers, labelled with operationIdFor(their workflow id). */
const CREATING_WORKFLOWS = ['provisionServer', 'launchApp'];
const ENDED_WITHOUT = new Set(['FAILED', 'TERMINATED', 'TIMED_OUT', 'CANCELLED', 'CANCELED']);

/**
 * Operation id → the status of the newest run of the workflow it names (from visibility), among
 * this deployment's workflows only (its task queue): a namespace may hold other deployments, whose
 * payloads are sealed with keys this worker does not have.
 */
async function operationStatuses(taskQueue: string): Promise<Map<string, { workflowId: string; status: string }>> {
  const out = new Map<string, { workflowId: string; status: string; start: number }>();
  const query = `(${CREATING_WORKFLOWS.map((t) => `WorkflowType = '${t}'`).join(' OR ')}) AND TaskQueue = '${taskQueue.replace(/'/g, '')}'`;
  for await (const wf of Context.current().client.workflow.list({ query })) {
    const op = operationIdFor(wf.workflowId);
    const start = wf.startTime.getTime();
    const prev = out.get(op);
    if (!prev || prev.start < start) out.set(op, { workflowId: wf.workflowId, status: wf.status.name, start });
  }
  return out;
}

export function orphanActivities(deps: ActivityDeps) {
  const access = new ProviderAccess(deps);
  return {
    /** `taskQueue`: the deployment's main queue, whose workflows own its servers. */
    async orphanScan(input: { provider: string; taskQueue: string }): Promise<Orphan[]> {
      const live = (await access.vps(input.provider).listManaged()).filter((s) => s.managed && s.operationId);
      const known = (deps.inventory?.read().servers ?? []).filter((s) => s.provider === input.provider);
      const ops = live.length ? await operationStatuses(input.taskQueue) : new Map();
      const currency = currencyOf(input.provider);
      const out: Orphan[] = [];
      for (const s of live) {
        const op = ops.get(s.operationId!);
        const isKnown = known.some((k) => k.id === s.id);
        let reason: string | null = null;
        if (op && ENDED_WITHOUT.has(op.status)) reason = `its operation ${op.workflowId} ended ${op.status.toLowerCase()} without cleaning up`;
        else if (!op && !isKnown) reason = `no operation fazt knows created it (label ${s.operationId})`;
        if (reason) out.push({ kind: 'billed-unowned', id: s.id, provider: s.provider, name: s.name, operationId: s.operationId, reason, monthlyCost: s.monthlyCost, currency });
      }
      for (const k of known) {
        if (live.some((s) => s.id === k.id)) continue;
        out.push({
          kind: 'missing', id: k.id, provider: k.provider, name: k.name, operationId: k.operationId,
          reason: 'fazt created it; the provider no longer has it', monthlyCost: k.monthlyCost, currency,
        });
      }
      return out;
    },
  };
}
