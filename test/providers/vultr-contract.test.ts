/** The shared VpsProvider/SshKeyProvider contract, run by the Vultr adapter against its simulator over HTTP. */
import { runVpsProviderContract } from '../contract/vps-provider.contract';
import { sandboxTarget } from '../contract/sandbox-target';

runVpsProviderContract('vultr', sandboxTarget('vultr'), { type: 'vc2-1c-1gb', region: 'ewr', image: 'ubuntu-24.04' });
