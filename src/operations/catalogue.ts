/**
 * The operation catalogue: every user-facing operation of the spec's JavaScript interface, defined
 * once. The client (src/client/) validates and starts from it, MCP tools take their names,
 * descriptions and confirmation gating from it, the CLI its decision handling, the audit trail its
 * types. Add an operation here and the compiler shows every surface that must learn about it.
 */
import { z } from 'zod';
import { canonicalName } from '../domain/names';
import type { DriftReport, HealthReport, RenewalReport } from '../domain/drift';
import type { Region, ServerType, SshKey, ZoneSummary } from '../domain/types';
import {
  createVpsSchema, fqdnSchema, launchSchema, recordInputSchema, recordRefSchema, serverRefSchema,
  sshKeyNameSchema, sshPublicKeySchema, zoneSchema,
} from '../domain/validate';
import { RECORD_TYPES } from '../domain/types';
import { defineOperation, idPart } from './define';
import {
  domainNameSchema, domainQuerySchema, launchRegisterSchema, registerDomainSchema, transferDomainSchema, type DomainCheck, type OwnedDomain,
} from '../domain/domains';

const vpsProvider = createVpsSchema.shape.provider;
const providerName = z.string().trim().regex(/^[a-z][a-z0-9-]{1,31}$/, 'is not a provider name').optional();
const server = z.object({ server: serverRefSchema }).strict();
const recordType = z.enum(RECORD_TYPES);

export const vpsTypes = defineOperation({
  name: 'vps.types', summary: 'Server types of a provider, with prices',
  input: z.object({ provider: vpsProvider }).strict(),
  workflow: 'infraCall', start: (i) => ({ activity: 'vpsTypes', input: { provider: i.provider }, kind: 'vps' }),
  id: (_i, s) => `vpsTypes:${s}`, decision: 'none', access: 'read', direct: true,
  audit: { type: 'vps.types', activities: ['vpsTypes'] }, result: (r) => r as ServerType[],
});

export const vpsRegions = defineOperation({
  name: 'vps.regions', summary: 'Regions of a provider',
  input: z.object({ provider: vpsProvider }).strict(),
  workflow: 'infraCall', start: (i) => ({ activity: 'vpsRegions', input: { provider: i.provider }, kind: 'vps' }),
  id: (_i, s) => `vpsRegions:${s}`, decision: 'none', access: 'read', direct: true,
  audit: { type: 'vps.regions', activities: ['vpsRegions'] }, result: (r) => r as Region[],
});

export const vpsCreate = defineOperation({
  name: 'vps.create', summary: 'Create new VPS (requires confirmation)',
  input: createVpsSchema,
  workflow: 'provisionServer', start: (i, o) => ({ server: i, confirmationTimeout: o.confirmationTimeout }),
  id: (i) => `vps-create:${i.provider ?? 'default'}:${i.name}`, decision: 'paid', access: 'write',
  audit: { type: 'vps.create', activities: ['vpsCreate'] },
});

export const vpsList = defineOperation({
  name: 'vps.list', summary: 'List all managed VPSes',
  input: z.object({}).strict(),
  workflow: 'listServers', start: () => undefined,
  id: (_i, s) => `vps-list:${s}`, decision: 'none', access: 'read', direct: true,
  audit: { type: 'vps.list', activities: ['vpsListManaged'] },
});

export const vpsGet = defineOperation({
  name: 'vps.get', summary: 'VPS details',
  input: server, workflow: 'getServer', start: (i) => i,
  id: (i, s) => `vps-get:${idPart(i.server)}:${s}`, decision: 'none', access: 'read', direct: true,
  audit: { type: 'vps.get', activities: ['vpsGet', 'vpsFindByName'] },
});

export const vpsStatus = defineOperation({
  name: 'vps.status', summary: 'Get VPS status and health',
  input: server, workflow: 'serverStatus', start: (i) => i,
  id: (i, s) => `vps-status:${idPart(i.server)}:${s}`, decision: 'none', access: 'read', direct: true,
  audit: { type: 'vps.status', activities: ['sshHealth'] },
});

export const vpsExec = defineOperation({
  name: 'vps.exec', summary: 'Run a command on a VPS over SSH',
  input: z.object({
    server: serverRefSchema,
    command: z.string().max(10_000).refine((c) => c.trim().length > 0, 'it is empty'),
    timeoutMs: z.number().int().positive().max(3_600_000).optional(),
  }).strict(),
  workflow: 'execOnServer', start: (i) => i,
  id: (i, s) => `vps-exec:${idPart(i.server)}:${s}`, decision: 'none', access: 'write',
  audit: { type: 'vps.exec', activities: ['sshExec'] },
});

export const vpsReboot = defineOperation({
  name: 'vps.reboot', summary: 'Reboot a VPS',
  input: server, workflow: 'rebootServer', start: (i) => i,
  id: (i, s) => `vps-reboot:${idPart(i.server)}:${s}`, decision: 'none', access: 'write',
  audit: { type: 'vps.reboot', activities: ['vpsReboot'] }, result: (): void => undefined,
});

export const vpsDestroy = defineOperation({
  name: 'vps.destroy', summary: 'Destroy VPS (requires confirmation)',
  input: server, workflow: 'destroyServer', start: (i, o) => ({ server: i.server, confirmationTimeout: o.confirmationTimeout }),
  id: (i) => `vps-destroy:${idPart(i.server)}`, decision: 'destroys', access: 'write',
  audit: { type: 'vps.destroy', activities: ['vpsDestroy'] }, result: (): void => undefined,
});

export const vpsSshKeys = defineOperation({
  name: 'vps.sshKeys', summary: 'SSH keys at a provider',
  input: z.object({ provider: vpsProvider }).strict(),
  workflow: 'infraCall', start: (i) => ({ activity: 'sshKeysList', input: { provider: i.provider }, kind: 'vps' }),
  id: (_i, s) => `sshKeysList:${s}`, decision: 'none', access: 'read', direct: true,
  audit: { type: 'vps.sshKeys', activities: ['sshKeysList'] }, result: (r) => r as SshKey[],
});

export const vpsAddSshKey = defineOperation({
  name: 'vps.addSshKey', summary: 'Add an SSH key at a provider',
  input: z.object({ provider: vpsProvider, name: sshKeyNameSchema, publicKey: sshPublicKeySchema }).strict(),
  workflow: 'infraCall', start: (i) => ({ activity: 'sshKeyAdd', input: i, kind: 'vps' }),
  id: (_i, s) => `sshKeyAdd:${s}`, decision: 'none', access: 'write',
  audit: { type: 'vps.addSshKey', activities: ['sshKeyAdd', 'registerWorkerKey'] }, result: (r) => r as SshKey,
});

export const vpsRemoveSshKey = defineOperation({
  name: 'vps.removeSshKey', summary: 'Remove an SSH key at a provider',
  input: z.object({ provider: vpsProvider, name: sshKeyNameSchema }).strict(),
  workflow: 'infraCall', start: (i) => ({ activity: 'sshKeyRemove', input: i, kind: 'vps' }),
  id: (_i, s) => `sshKeyRemove:${s}`, decision: 'none', access: 'write',
  audit: { type: 'vps.removeSshKey', activities: ['sshKeyRemove'] }, result: (): void => undefined,
});

export const dnsZones = defineOperation({
  name: 'dns.zones', summary: 'List managed DNS zones',
  input: z.object({}).strict(), workflow: 'listZones', start: () => undefined,
  id: (_i, s) => `dns-zones:${s}`, decision: 'none', access: 'read', direct: true,
  audit: { type: 'dns.zones', activities: ['dnsCountRecords'] },
});

export const dnsAddZone = defineOperation({
  name: 'dns.addZone', summary: 'Manage a zone',
  input: z.object({ zone: zoneSchema, provider: providerName }).strict(),
  workflow: 'infraCall', start: (i) => ({ activity: 'dnsAddZone', input: i, kind: 'dns' }),
  id: (_i, s) => `dnsAddZone:${s}`, decision: 'none', access: 'write',
  audit: { type: 'dns.addZone', activities: ['dnsAddZone'] }, result: (r) => r as ZoneSummary,
});

export const dnsRecords = defineOperation({
  name: 'dns.records', summary: 'List records in a zone',
  input: z.object({ zone: zoneSchema }).strict(), workflow: 'zoneRecords', start: (i) => i,
  id: (i, s) => `dns-records:${idPart(i.zone)}:${s}`, decision: 'none', access: 'read', direct: true,
  audit: { type: 'dns.records', activities: ['dnsRecords'] },
});

export const dnsSet = defineOperation({
  name: 'dns.set', summary: 'Create or update DNS record',
  input: z.object({ zone: zoneSchema, record: recordInputSchema }).strict(),
  workflow: 'syncDnsRecords', start: (i) => ({ zone: i.zone, records: [i.record] }),
  id: (i, s) => `dns-set:${i.zone}:${s}`, decision: 'none', access: 'write', overwrites: true,
  audit: { type: 'dns.set', activities: [] }, result: (r) => r.desired[0],
});

export const dnsDelete = defineOperation({
  name: 'dns.delete', summary: 'Delete DNS record',
  input: z.object({ zone: zoneSchema, record: recordRefSchema }).strict(),
  workflow: 'syncDnsRecords', start: (i) => ({ zone: i.zone, records: [i.record], mode: 'remove' }),
  id: (i, s) => `dns-delete:${i.zone}:${s}`, decision: 'none', access: 'write', overwrites: true,
  audit: { type: 'dns.delete', activities: [] }, result: (): void => undefined,
});

export const dnsSetMany = defineOperation({
  name: 'dns.setMany', summary: 'Apply many records as one plan (confirmation when the plan is unsafe)',
  input: z.object({
    zone: zoneSchema,
    records: z.array(recordInputSchema).min(1, 'give at least one record'),
    dryRun: z.boolean().optional(),
    prune: z.boolean().optional(),
  }).strict(),
  workflow: 'syncDnsRecords',
  start: (i, o) => ({ zone: i.zone, records: i.records, mode: i.prune ? 'sync' : 'upsert', dryRun: i.dryRun, confirmationTimeout: o.confirmationTimeout }),
  id: (i, s) => (i.dryRun ? `dns-plan:${i.zone}:${s}` : `dns-sync:${i.zone}`), decision: 'unsafe-plan', access: 'write', overwrites: true,
  audit: { type: 'dns.setMany', activities: [] },
});

const propagationQuery = { fqdn: fqdnSchema, type: recordType.optional(), expected: z.string().trim().min(1).max(4096).optional() };

export const dnsCheckPropagation = defineOperation({
  name: 'dns.checkPropagation', summary: 'Check DNS propagation once, across resolvers',
  input: z.object({ ...propagationQuery, resolvers: z.array(z.string().min(1).max(64)).max(20).optional() }).strict(),
  workflow: 'checkPropagation', start: (i) => i,
  id: (i, s) => `dns-check:${canonicalName(i.fqdn)}:${s}`, decision: 'none', access: 'read',
  audit: { type: 'dns.checkPropagation', activities: ['dnsCheck'] },
});

export const dnsWaitForPropagation = defineOperation({
  name: 'dns.waitForPropagation', summary: 'Wait until every resolver agrees',
  input: z.object({ ...propagationQuery, timeout: z.string().regex(/^\d+(ms|s|m|h|d)$/, 'timeout must look like 30s, 2m or 1h').optional() }).strict(),
  workflow: 'waitForPropagation', start: (i) => i,
  id: (i, s) => `dns-wait:${canonicalName(i.fqdn)}:${s}`, decision: 'none', access: 'read',
  audit: { type: 'dns.waitForPropagation', activities: [] },
});

export const launch = defineOperation({
  name: 'launch', summary: 'Create a server and point a name at it, end to end (requires confirmation)',
  input: launchSchema,
  workflow: 'launchApp', start: (i, o) => ({ app: i, confirmationTimeout: o.confirmationTimeout }),
  id: (i) => `launch:${i.fqdn}`, decision: 'paid', access: 'write',
  audit: { type: 'launch', activities: [] },
});

/* Day two (issue 10): scheduled checks and what they report. Reads: nothing here changes anything. */

export const driftCheck = defineOperation({
  name: 'drift.check', summary: 'Compare what fazt made with each provider now (reports, never fixes)',
  input: z.object({}).strict(), workflow: 'driftCheck', start: () => undefined,
  id: (_i, s) => `drift-check:${s}`, decision: 'none', access: 'read',
  audit: { type: 'drift.check', activities: ['driftServers', 'driftRecords'] },
});

export const driftLast = defineOperation({
  name: 'drift.last', summary: 'The last drift report (from the schedule or the last check)',
  input: z.object({}).strict(), workflow: 'lastReport', start: () => ({ name: 'drift' as const }),
  id: (_i, s) => `drift-last:${s}`, decision: 'none', access: 'read', direct: true,
  audit: { type: 'drift.last', activities: [] }, result: (r) => r as DriftReport | null,
});

export const healthLast = defineOperation({
  name: 'health.last', summary: 'The last health sweep: healthy, degraded or unreachable per server, with when',
  input: z.object({}).strict(), workflow: 'lastReport', start: () => ({ name: 'health' as const }),
  id: (_i, s) => `health-last:${s}`, decision: 'none', access: 'read', direct: true,
  audit: { type: 'health.last', activities: [] }, result: (r) => r as HealthReport | null,
});

export const renewalsCheck = defineOperation({
  name: 'renewals.check', summary: 'Domains expiring within 30 days with auto-renew off',
  input: z.object({ withinDays: z.number().int().min(1).max(365).optional() }).strict(), workflow: 'renewalWatch', start: (i) => i,
  id: (_i, s) => `renewals-check:${s}`, decision: 'none', access: 'read',
  audit: { type: 'renewals.check', activities: ['listOwnedDomains'] }, result: (r) => r as RenewalReport,
});

export const orphansList = defineOperation({
  name: 'orphans.list', summary: "Billed servers with fazt's label no operation owns, and servers fazt knows that are gone",
  input: z.object({}).strict(), workflow: 'findOrphans', start: () => undefined,
  id: (_i, s) => `orphans:${s}`, decision: 'none', access: 'read',
  audit: { type: 'orphans.list', activities: ['orphanScan'] },
});

const domainProvider = z.string().trim().regex(/^[a-z][a-z0-9-]{1,31}$/, 'is not a provider name').optional();

export const domainCheck = defineOperation({
  name: 'domain.check', summary: 'Check domain availability',
  input: z.object({ domain: domainNameSchema, provider: domainProvider }).strict(),
  workflow: 'domainRead', start: (i) => ({ call: 'check', domains: [i.domain], provider: i.provider }),
  id: (i, s) => `domain-check:${i.domain}:${s}`, decision: 'none', access: 'read',
  audit: { type: 'domain.check', activities: ['domainCheck'] }, result: (r) => (r as DomainCheck[])[0],
});

export const domainSearch = defineOperation({
  name: 'domain.search', summary: 'Suggest available domains for a query (not authoritative)',
  input: z.object({ query: domainQuerySchema, provider: domainProvider }).strict(),
  workflow: 'domainRead', start: (i) => ({ call: 'search', query: i.query, provider: i.provider }),
  id: (i, s) => `domain-search:${idPart(i.query)}:${s}`, decision: 'none', access: 'read',
  audit: { type: 'domain.search', activities: ['domainSearch'] }, result: (r) => r as DomainCheck[],
});

export const domainRegister = defineOperation({
  name: 'domain.register', summary: 'Register domain (requires confirmation)',
  input: registerDomainSchema,
  workflow: 'registerDomain', start: (i, o) => ({ request: i, confirmationTimeout: o.confirmationTimeout }),
  id: (i) => `domain-register:${i.domain}`, decision: 'paid', access: 'write',
  audit: { type: 'domain.register', activities: ['domainRegister'] },
});

export const domainList = defineOperation({
  name: 'domain.list', summary: 'List owned domains',
  input: z.object({ provider: domainProvider }).strict(),
  workflow: 'domainRead', start: (i) => ({ call: 'list', provider: i.provider }),
  id: (_i, s) => `domain-list:${s}`, decision: 'none', access: 'read',
  audit: { type: 'domain.list', activities: ['domainList'] }, result: (r) => r as OwnedDomain[],
});

export const domainGet = defineOperation({
  name: 'domain.get', summary: 'Domain details',
  input: z.object({ domain: domainNameSchema, provider: domainProvider }).strict(),
  workflow: 'domainRead', start: (i) => ({ call: 'get', domain: i.domain, provider: i.provider }),
  id: (i, s) => `domain-get:${i.domain}:${s}`, decision: 'none', access: 'read',
  audit: { type: 'domain.get', activities: ['domainGet'] }, result: (r) => r as OwnedDomain,
});

export const domainUpdate = defineOperation({
  name: 'domain.update', summary: 'Turn auto-renew on or off',
  input: z.object({ domain: domainNameSchema, autoRenew: z.boolean(), provider: domainProvider }).strict(),
  workflow: 'updateDomain', start: (i) => i,
  id: (i, s) => `domain-update:${i.domain}:${s}`, decision: 'none', access: 'write',
  audit: { type: 'domain.update', activities: ['domainUpdate'] },
});

export const domainTransfer = defineOperation({
  name: 'domain.transfer', summary: 'Transfer a domain in from another registrar',
  input: transferDomainSchema,
  workflow: 'transferDomain', start: (i) => i,
  id: (i) => `domain-transfer:${i.domain}`, decision: 'paid', access: 'write',
  audit: { type: 'domain.transfer', activities: ['domainTransfer'] },
});

export const launchRegister = defineOperation({
  name: 'launchRegister', summary: 'Register a domain, then launch on it, end to end (requires confirmation)',
  input: launchRegisterSchema,
  workflow: 'launchWithDomain', start: (i, o) => ({ request: i, confirmationTimeout: o.confirmationTimeout }),
  id: (i) => `launch-register:${i.app.fqdn}`, decision: 'paid', access: 'write',
  audit: { type: 'launchRegister', activities: [] },
});

/** Every operation, by its spec name. */
export const OPERATIONS = {
  [vpsTypes.name]: vpsTypes, [vpsRegions.name]: vpsRegions, [vpsCreate.name]: vpsCreate, [vpsList.name]: vpsList,
  [vpsGet.name]: vpsGet, [vpsStatus.name]: vpsStatus, [vpsExec.name]: vpsExec, [vpsReboot.name]: vpsReboot,
  [vpsDestroy.name]: vpsDestroy, [vpsSshKeys.name]: vpsSshKeys, [vpsAddSshKey.name]: vpsAddSshKey,
  [vpsRemoveSshKey.name]: vpsRemoveSshKey, [dnsZones.name]: dnsZones, [dnsAddZone.name]: dnsAddZone,
  [dnsRecords.name]: dnsRecords, [dnsSet.name]: dnsSet, [dnsDelete.name]: dnsDelete, [dnsSetMany.name]: dnsSetMany,
  [dnsCheckPropagation.name]: dnsCheckPropagation, [dnsWaitForPropagation.name]: dnsWaitForPropagation, [launch.name]: launch,
  [driftCheck.name]: driftCheck, [driftLast.name]: driftLast, [healthLast.name]: healthLast,
  [renewalsCheck.name]: renewalsCheck, [orphansList.name]: orphansList,
  [domainCheck.name]: domainCheck, [domainSearch.name]: domainSearch, [domainRegister.name]: domainRegister, [domainList.name]: domainList,
  [domainGet.name]: domainGet, [domainUpdate.name]: domainUpdate, [domainTransfer.name]: domainTransfer, [launchRegister.name]: launchRegister,
} as const;

export type OperationName = keyof typeof OPERATIONS;
