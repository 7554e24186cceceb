/** The last report of a scheduled check, as a read (the fallback of the direct read path). */
import type { ReportName } from '../activities/drift';
import { bookkeeping } from './proxies';

export async function lastReport(input: { name: ReportName }): Promise<unknown> {
  return bookkeeping.lastReport({ name: input.name });
}
