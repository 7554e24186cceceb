/**
 * `POST /zones/{zone_id}/dns_records/batch` (CF-TS records.ts `batch()`): deletes, then patches,
 * then puts, then posts, in one transaction. Each step sees the effect of the ones before (a post
 * may reuse a name a delete just freed); on the first error everything is rolled back and the
 * error envelope names the failing operation in `source.pointer`.
 */
import type { Route } from '../core/types';
import { CF, CfFailure, guard, ok, reject, type CfMessage } from './envelope';
import { normalizeRecord } from './record-rules';
import { insertRecord, recordWire, removeRecord, replaceRecord } from './record-store';
import { recordOr404 } from './records';
import type { CfState } from './state';
import { zoneOr404 } from './zones';

/** Free-plan limit of record changes per batch (developers.cloudflare.com, "Batch record changes"). */
export const MAX_BATCH_CHANGES = 200;
const KINDS = ['deletes', 'patches', 'puts', 'posts'] as const;

export function batchRoutes(state: () => CfState, now: () => number): Route[] {
  return [{
    method: 'POST', pattern: '/zones/:zone/dns_records/batch', handler: (req) => guard(() => {
      const s = state();
      const zone = zoneOr404(s, req.params.zone, req.path);
      const b = req.body as Record<string, unknown> | undefined;
      if (!b || typeof b !== 'object' || Array.isArray(b)) reject(400, CF.badBody('expected a JSON object'));
      const ops: Record<(typeof KINDS)[number], Array<Record<string, unknown>>> = { deletes: [], patches: [], puts: [], posts: [] };
      for (const k of KINDS) {
        const v = b[k];
        if (v === undefined || v === null) continue;
        if (!Array.isArray(v) || v.some((x) => !x || typeof x !== 'object' || Array.isArray(x))) reject(400, CF.badBody(`${k} must be an array of objects`));
        ops[k] = v as Array<Record<string, unknown>>;
      }
      const total = KINDS.reduce((n, k) => n + ops[k].length, 0);
      if (total > MAX_BATCH_CHANGES) reject(400, CF.batchTooLarge(MAX_BATCH_CHANGES));

      const t = now();
      const saved = { records: structuredClone(s.records), historyLength: s.history.length, live: s.records.map((r) => r.version) };
      const result: Record<string, unknown[]> = { deletes: [], patches: [], puts: [], posts: [] };
      const messages: CfMessage[] = [];
      let pointer = '';
      try {
        for (const k of KINDS) {
          for (const [i, op] of ops[k].entries()) {
            pointer = `/${k}/${i}`;
            if (k === 'posts') {
              const { rec, messages: m } = normalizeRecord(zone, op);
              messages.push(...m);
              result.posts.push(recordWire(insertRecord(s, zone, rec, t)));
              continue;
            }
            if (typeof op.id !== 'string') reject(400, CF.badBody('id is required'));
            const existing = recordOr404(s, zone, op.id);
            if (k === 'deletes') {
              result.deletes.push(recordWire(existing));
              removeRecord(s, existing, t);
              continue;
            }
            const { id: _id, ...fields } = op;
            const { rec, messages: m } = normalizeRecord(zone, fields, k === 'patches' ? existing : undefined);
            messages.push(...m);
            result[k].push(recordWire(replaceRecord(s, zone, existing, rec, t)));
          }
        }
      } catch (err) {
        if (!(err instanceof CfFailure)) throw err;
        s.records = saved.records;
        s.history.length = saved.historyLength;
        for (const v of saved.live) if (s.history[v]) delete s.history[v].deletedAt;
        throw new CfFailure(err.status, err.errors.map((e, i) => (i === 0 ? { ...e, source: { pointer } } : e)));
      }
      return ok(result, { messages: dedupe(messages) });
    }),
  }];
}

function dedupe(ms: CfMessage[]): CfMessage[] {
  const seen = new Set<number>();
  return ms.filter((m) => (seen.has(m.code) ? false : (seen.add(m.code), true)));
}
