/** The shared DnsProvider contract, run against the Cloudflare adapter and its simulator. */
import { runDnsProviderContract } from '../contract/dns-provider.contract';
import { sandboxTarget } from '../contract/sandbox-target';

runDnsProviderContract('cloudflare', sandboxTarget('cloudflare'));
