/**
 * The DnsProvider contract against a real account: INFRA_TEST_DNS_PROVIDER with its token, in a
 * zone you own there (INFRA_TEST_ZONE). Every record goes under a fazt-test-… label and is deleted
 * afterwards; the zone's own records are never touched. Only jest.live.config.js runs this file.
 */
import { runDnsProviderContract } from '../contract/dns-provider.contract';
import { liveProvider, liveTarget, runPrefix } from './targets';

const provider = liveProvider('dns');
const zone = process.env.INFRA_TEST_ZONE?.trim();
if (!zone) throw new Error('INFRA_TEST_ZONE must name a zone you own at ' + provider);

runDnsProviderContract(provider, liveTarget(provider), { zone, existingZone: true, prefix: runPrefix() });
