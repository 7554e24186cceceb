/** Every workflow the worker registers (the workflowsPath target). */
export { infraCall } from './read';
export { listServers, getServer, serverStatus, execOnServer, rebootServer } from './servers';
export { provisionServer } from './provision-server';
export { destroyServer } from './destroy-server';
export { syncDnsRecords } from './sync-dns';
export { listZones, zoneRecords, waitForPropagation, checkPropagation } from './dns';
export { launchApp } from './launch-app';
export { driftCheck } from './drift';
export { healthSweep } from './health';
export { renewalWatch } from './renewals';
export { findOrphans } from './orphans';
export { lastReport } from './reports';
export { registerDomain } from './register-domain';
export { domainRead, updateDomain, transferDomain } from './domains';
export { launchWithDomain } from './launch-with-domain';
