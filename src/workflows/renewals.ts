/**
 * The renewal watch (a Temporal Schedule runs it daily): domains at the registrar expiring within
 * 30 days with auto-renew off. The registrar is read through one activity seam,
 * `listOwnedDomains`, which says why when there is nothing to read.
 */
import { upsertSearchAttributes } from '@temporalio/workflow';
import { expiringDomains, type RenewalReport } from '../domain/drift';
import { SEARCH_ATTRIBUTES } from '../shared/constants';
import { Operation } from './operation';
import { bookkeeping } from './proxies';

export const RENEWALS_OPERATION = 'infra.renewals';

export async function renewalWatch(input: { withinDays?: number } = {}): Promise<RenewalReport> {
  const op = new Operation(RENEWALS_OPERATION, 1);
  upsertSearchAttributes({ [SEARCH_ATTRIBUTES.operation]: [RENEWALS_OPERATION] });
  op.step('list', 'domains at the registrar');
  const owned = await bookkeeping.listOwnedDomains();
  const report: RenewalReport = {
    checkedAt: new Date().toISOString(),
    ...(owned.reason ? { reason: owned.reason } : {}),
    domains: owned.domains.length,
    expiring: expiringDomains(owned.domains, Date.now(), input.withinDays ?? 30),
  };
  await bookkeeping.saveReport({ name: 'renewals', report });
  op.finish();
  return report;
}
