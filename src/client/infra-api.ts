/**
 * The spec's `dev.infra.*` functions, each a one-line mapping of its positional arguments onto a
 * catalogue operation's input. Validation, workflow, id and decision handling all come from the
 * catalogue through `run`, so this file holds no rules of its own.
 */
import * as op from '../operations/catalogue';
import type { InfraApi, RunOperation } from './api';

export function createInfraApi(run: RunOperation): InfraApi {
  return {
    vps: {
      types: (provider) => run(op.vpsTypes, { provider }),
      regions: (provider) => run(op.vpsRegions, { provider }),
      create: (input, o) => run(op.vpsCreate, input, o),
      list: () => run(op.vpsList, {}),
      get: (server) => run(op.vpsGet, { server }),
      status: (server) => run(op.vpsStatus, { server }),
      exec: (server, command, o) => run(op.vpsExec, { server, command, timeoutMs: o?.timeoutMs }),
      reboot: (server) => run(op.vpsReboot, { server }),
      destroy: (server, o) => run(op.vpsDestroy, { server }, o),
      sshKeys: (provider) => run(op.vpsSshKeys, { provider }),
      addSshKey: (provider, key) => run(op.vpsAddSshKey, { provider, name: key.name, publicKey: key.publicKey }),
      removeSshKey: (provider, name) => run(op.vpsRemoveSshKey, { provider, name }),
    },
    dns: {
      zones: () => run(op.dnsZones, {}),
      addZone: (zone, o) => run(op.dnsAddZone, { zone, provider: o.provider }),
      records: (zone) => run(op.dnsRecords, { zone }),
      set: (zone, record) => run(op.dnsSet, { zone, record }),
      delete: (zone, record) => run(op.dnsDelete, { zone, record }),
      setMany: (zone, records, o) => run(op.dnsSetMany, { zone, records, dryRun: o?.dryRun, prune: o?.prune }, o),
      checkPropagation: (fqdn, o) => run(op.dnsCheckPropagation, { fqdn, ...o }),
      waitForPropagation: (fqdn, o) => run(op.dnsWaitForPropagation, { fqdn, type: o?.type, expected: o?.expected, timeout: o?.timeout }, o),
    },
    domain: {
      check: (domain) => run(op.domainCheck, { domain }),
      search: (query) => run(op.domainSearch, { query }),
      register: (input, o) => run(op.domainRegister, input, o),
      list: () => run(op.domainList, {}),
      get: (domain) => run(op.domainGet, { domain }),
      update: (domain, changes) => run(op.domainUpdate, { domain, autoRenew: changes.autoRenew }),
      transfer: (input, o) => run(op.domainTransfer, input, o),
    },
    launch: (input, o) => run(op.launch, input, o),
    launchRegister: (input, o) => run(op.launchRegister, input, o),
  };
}
