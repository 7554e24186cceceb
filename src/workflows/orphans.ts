/**
 * The orphan sweeper: at every configured VPS provider, labelled servers no operation of fazt's
 * owns (or whose workflow ended without cleaning up) and servers fazt knows that are gone, each
 * with its monthly cost. It lists only; removal is `vps.destroy` with its normal confirmation.
 */
import { upsertSearchAttributes, workflowInfo } from '@temporalio/workflow';
import type { Orphan } from '../domain/drift';
import { SEARCH_ATTRIBUTES } from '../shared/constants';
import { bookkeeping, reads } from './proxies';

export const ORPHANS_OPERATION = 'infra.orphans';

export async function findOrphans(): Promise<Orphan[]> {
  upsertSearchAttributes({ [SEARCH_ATTRIBUTES.operation]: [ORPHANS_OPERATION] });
  const cfg = await bookkeeping.infraConfig();
  const lists = await Promise.all(cfg.vpsProviders.map((p) => reads(p).orphanScan({ provider: p, taskQueue: workflowInfo().taskQueue })));
  return lists.flat().sort((a, b) => a.provider.localeCompare(b.provider) || a.name.localeCompare(b.name));
}
