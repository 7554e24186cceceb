/** The shared DnsProvider contract, run against the Cloudflare adapter and its simulator. */
import { runDnsProviderContract } from '../contract/dns-provider.contract';

runDnsProviderContract('cloudflare');
