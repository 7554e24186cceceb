/**
 * The VpsProvider/SshKeyProvider contract against a real account: INFRA_TEST_VPS_PROVIDER with its
 * token. It buys about three of the smallest servers for a few minutes (billed by the hour); each is
 * named fazt-test-… and destroyed afterwards, and so is the SSH key. Only jest.live.config.js runs
 * this file.
 */
import { runVpsProviderContract } from '../contract/vps-provider.contract';
import { liveProvider, liveTarget, runPrefix } from './targets';

/** The cheapest shapes per provider; INFRA_TEST_VPS_TYPE / INFRA_TEST_VPS_REGION override them. */
const SMALLEST: Record<string, { type: string; region: string; image: string }> = {
  hetzner: { type: 'cx22', region: 'fsn1', image: 'ubuntu-24.04' },
  digitalocean: { type: 's-1vcpu-1gb', region: 'fra1', image: 'ubuntu-24.04' },
  vultr: { type: 'vc2-1c-1gb', region: 'ewr', image: 'ubuntu-24.04' },
};

const provider = liveProvider('vps');
const shape = SMALLEST[provider];
if (!shape) throw new Error(`${provider} offers no servers`);

runVpsProviderContract(provider, liveTarget(provider), {
  ...shape,
  type: process.env.INFRA_TEST_VPS_TYPE?.trim() || shape.type,
  region: process.env.INFRA_TEST_VPS_REGION?.trim() || shape.region,
  prefix: runPrefix(),
  // Real servers take a minute or two to boot, reboot or go away.
  waitMs: 5 * 60_000,
  burst: false,
});
