/** The shared VpsProvider/SshKeyProvider and DnsProvider contracts, run against the Hetzner simulator. */
import { runDnsProviderContract } from '../contract/dns-provider.contract';
import { sandboxAsLiveAccount, sandboxTarget } from '../contract/sandbox-target';
import { runVpsProviderContract } from '../contract/vps-provider.contract';

const shape = { type: 'cx22', region: 'fsn1', image: 'ubuntu-24.04' };
runVpsProviderContract('hetzner', sandboxTarget('hetzner'), shape);
runDnsProviderContract('hetzner', sandboxTarget('hetzner'));

// As test/live runs them: next to the user's own server and zone, which stay as they were.
runVpsProviderContract('hetzner', sandboxAsLiveAccount('hetzner', { server: shape }), { ...shape, prefix: 'fazt-test-rehearsal', burst: false });
runDnsProviderContract('hetzner', sandboxAsLiveAccount('hetzner', { zone: 'users-zone.example' }), {
  zone: 'users-zone.example', existingZone: true, prefix: 'fazt-test-rehearsal',
});
