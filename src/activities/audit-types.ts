/**
 * The audit trail's operation type for each activity (the spec's `vps.create`, `dns.set`, ...).
 * `null` leaves pure configuration lookups out of the trail.
 */
const TYPES: Record<string, string | null> = {
  infraConfig: null,
  chooseProvider: null,
  dnsZoneInfo: null,
  vpsTypes: 'vps.types',
  vpsRegions: 'vps.regions',
  vpsListManaged: 'vps.list',
  vpsGet: 'vps.get',
  vpsFindByName: 'vps.get',
  vpsPrepareCreate: 'vps.price',
  vpsCreate: 'vps.create',
  vpsReboot: 'vps.reboot',
  vpsDestroy: 'vps.destroy',
  sshKeysList: 'vps.sshKeys',
  sshKeyAdd: 'vps.addSshKey',
  sshKeyRemove: 'vps.removeSshKey',
  registerWorkerKey: 'vps.addSshKey',
  sshExec: 'vps.exec',
  sshHealth: 'vps.status',
  cloudInitCheck: 'vps.cloudInit',
  dnsAddZone: 'dns.addZone',
  dnsRecords: 'dns.records',
  dnsCountRecords: 'dns.zones',
  dnsApply: 'dns.apply',
  dnsCheck: 'dns.checkPropagation',
};

export function auditTypeOf(activity: string): string | null | undefined {
  return activity in TYPES ? TYPES[activity] : undefined;
}
