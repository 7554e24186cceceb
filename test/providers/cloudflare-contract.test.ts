/** The shared DnsProvider contract, run against the Cloudflare adapter and its simulator. */
import { runDnsProviderContract } from '../contract/dns-provider.contract';
import { sandboxAsLiveAccount, sandboxTarget } from '../contract/sandbox-target';

runDnsProviderContract('cloudflare', sandboxTarget('cloudflare'));

// As test/live runs it: in the user's zone, under a fazt-test- label, leaving the zone as it was.
runDnsProviderContract('cloudflare', sandboxAsLiveAccount('cloudflare', { zone: 'users-zone.example' }), {
  zone: 'users-zone.example', existingZone: true, prefix: 'fazt-test-rehearsal',
});
