/** The shared VpsProvider/SshKeyProvider and DnsProvider contracts, run against the Hetzner simulator. */
import { runDnsProviderContract } from '../contract/dns-provider.contract';
import { sandboxTarget } from '../contract/sandbox-target';
import { runVpsProviderContract } from '../contract/vps-provider.contract';

runVpsProviderContract('hetzner', sandboxTarget('hetzner'), { type: 'cx22', region: 'fsn1', image: 'ubuntu-24.04' });
runDnsProviderContract('hetzner', sandboxTarget('hetzner'));
