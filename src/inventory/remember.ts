/**
 * What activities call right after a successful provider write, so the inventory follows fazt's
 * own changes. Best effort by design: the provider call already happened and must not be
 * reported as failed (and retried) because the local record could not be written.
 */
import type { Change } from '../domain/dns-plan';
import type { Server } from '../domain/types';
import type { Inventory } from './store';

export function rememberServer(inv: Inventory | undefined, s: Server): void {
  // One operation, one server: a server ordered again by the same operation (drift --fix) replaces the gone one.
  if (s.operationId) safely(() => inv?.read().servers.filter((k) => k.operationId === s.operationId && k.id !== s.id).forEach((k) => inv.deleteServer(k.id)));
  safely(() => inv?.putServer({
    id: s.id, provider: s.provider, providerId: s.providerId, name: s.name, type: s.type, region: s.region,
    ip: s.ip, operationId: s.operationId, monthlyCost: s.monthlyCost,
  }));
}

export function forgetServer(inv: Inventory | undefined, id: string): void {
  safely(() => inv?.deleteServer(id));
}

export function rememberChanges(inv: Inventory | undefined, zone: string, provider: string, changes: Change[]): void {
  for (const c of changes) safely(() => inv?.putRecordSet({ zone, provider, name: c.name, type: c.type, records: c.after }));
}

function safely(fn: () => void): void {
  try {
    fn();
  } catch {
    // The drift check will report what this could not record; the write itself succeeded.
  }
}
