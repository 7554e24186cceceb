/** The shared Registrar contract, run against the Cloudflare adapter and its simulator. */
import { runRegistrarProviderContract } from '../contract/registrar-provider.contract';
import { sandboxTarget } from '../contract/sandbox-target';

runRegistrarProviderContract('cloudflare', sandboxTarget('cloudflare'), { domain: 'fazt-contract-domain.com' });
