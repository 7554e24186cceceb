/**
 * Provider checks when no worker answers on this machine's read socket (the worker runs in a
 * container or on another host): the same cheap reads as workflows on the worker's task queue
 * (`infraCall`: the worker's own config, then each provider's regions or one managed zone's
 * records), each bounded by a run timeout so a provider in trouble cannot hold the doctor.
 * No rate budget here: the limiter's state lives in the worker.
 */
import { randomUUID } from 'node:crypto';
import { Client, type Connection, type DataConverter } from '@temporalio/client';
import type { InfraConfigView } from '../../activities/config';
import { fromFailure } from '../../domain/errors';
import type { Check } from './checks';

const RUN_TIMEOUT = '20s';

export async function providersThroughTemporal(connection: Connection, namespace: string, taskQueue: string, dataConverter?: DataConverter): Promise<Check[]> {
  // The worker seals results with the payload codec: read them with this machine's key.
  const client = new Client({ connection, namespace, dataConverter });
  const call = async (activity: string, input: Record<string, unknown>): Promise<unknown> => {
    const h = await client.workflow.start('infraCall', {
      taskQueue, workflowId: `doctor:${activity}:${randomUUID().slice(0, 8)}`, args: [{ activity, input }], workflowRunTimeout: RUN_TIMEOUT,
    });
    return h.result();
  };
  let cfg: InfraConfigView;
  try {
    cfg = (await call('infraConfig', {})) as InfraConfigView;
  } catch (err) {
    return [{ check: 'providers', status: 'fail', detail: `the worker did not report its config: ${fromFailure(err).message}`, fix: 'start the worker for this task queue' }];
  }
  const checks = [
    ...cfg.vpsProviders.map((provider) => ({ check: `vps ${provider}`, run: () => call('vpsRegions', { provider }) })),
    ...cfg.dnsProviders.map((provider) => {
      const zone = cfg.zones.find((z) => z.provider === provider);
      return { check: `dns ${provider}`, zone: zone?.zone, run: () => call('dnsCountRecords', { zone: zone?.zone, provider }) };
    }),
  ];
  return Promise.all(checks.map(async (c): Promise<Check> => {
    if ('zone' in c && !c.zone) return { check: c.check, status: 'warn', detail: 'not checked: no managed zone at this provider (and no local worker to ask directly)' };
    const started = Date.now();
    try {
      await c.run();
      return { check: c.check, status: 'ok', detail: `token valid, endpoint answered (through a workflow, ${Date.now() - started} ms; rate budget known only to the worker)` };
    } catch (err) {
      const e = fromFailure(err);
      return { check: c.check, status: 'fail', detail: `${e.code}: ${e.message}`, fix: e.hint ?? 'fazt dev config shows the provider settings' };
    }
  }));
}
