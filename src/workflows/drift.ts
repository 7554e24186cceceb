/**
 * The drift check (a Temporal Schedule runs it hourly; `fazt dev infra drift` runs it now): every
 * server and record set fazt made, compared with each provider's live lists, in parallel per
 * provider. Reports only; never fixes. A provider that cannot be read is `unknown` and the others
 * complete. The report is the workflow's result and is kept as the last drift report.
 */
import { upsertSearchAttributes } from '@temporalio/workflow';
import type { DriftReport } from '../domain/drift';
import { SEARCH_ATTRIBUTES } from '../shared/constants';
import { Operation } from './operation';
import { bookkeeping, reads } from './proxies';

export const DRIFT_OPERATION = 'infra.drift';

export async function driftCheck(): Promise<DriftReport> {
  const op = new Operation(DRIFT_OPERATION, 2);
  upsertSearchAttributes({ [SEARCH_ATTRIBUTES.operation]: [DRIFT_OPERATION] });
  op.step('read', 'listing servers and zones at each provider');
  const cfg = await bookkeeping.infraConfig();
  const dnsProviders = [...new Set(cfg.zones.map((z) => z.provider))];
  const parts = await Promise.all([
    ...cfg.vpsProviders.map((p) => reads(p).driftServers({ provider: p })),
    ...dnsProviders.map((p) => reads(p).driftRecords({ provider: p })),
  ]);
  const report: DriftReport = {
    checkedAt: new Date().toISOString(),
    providers: parts.map((p) => p.check),
    drift: parts.flatMap((p) => p.drift),
  };
  op.step('report', `${report.drift.length} drifted`);
  await bookkeeping.saveReport({ name: 'drift', report });
  op.finish();
  return report;
}
