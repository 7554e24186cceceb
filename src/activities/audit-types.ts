/**
 * The audit trail's operation type for each activity (the spec's `vps.create`, `dns.set`, ...).
 * Activities that perform a catalogue operation take its audit type from the catalogue; the rest
 * are steps inside operations and are named here. `null` leaves pure configuration lookups out.
 */
import { OPERATIONS } from '../operations/catalogue';
import type { InfraActivities } from '.';

const STEPS: Partial<Record<keyof InfraActivities, string | null>> = {
  infraConfig: null,
  chooseProvider: null,
  dnsZoneInfo: null,
  vpsPrepareCreate: 'vps.price',
  cloudInitCheck: 'vps.cloudInit',
  dnsApply: 'dns.apply',
  providerHealth: 'infra.doctor',
  recordDecision: 'decision',
  // The last report of a scheduled check, kept in the data folder: no provider, nothing to attribute.
  saveReport: null,
  lastReport: null,
  domainStatus: 'domain.status',
};

const TYPES: Partial<Record<string, string | null>> = { ...STEPS };
for (const op of Object.values(OPERATIONS)) {
  for (const activity of op.audit.activities) TYPES[activity] = op.audit.type;
}

export function auditTypeOf(activity: string): string | null | undefined {
  return activity in TYPES ? TYPES[activity] : undefined;
}
