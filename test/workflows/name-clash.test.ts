/**
 * A name already taken at the provider by something this operation did not create is a permanent
 * conflict: `vps create` tries the order once and fails, instead of retrying it 20 times.
 */
import { InfraError } from '../../src/domain/errors';
import { providerDescriptor } from '../../src/providers/registry';
import { startSystem, type TestSystem } from '../helpers/system';

describe('a name clash at create', () => {
  let sys: TestSystem;
  beforeAll(async () => {
    sys = await startSystem({ sandbox: { providers: ['hetzner'] } });
  });
  afterAll(async () => {
    await sys?.stop();
  });

  it('fails with INFRA_CONFLICT after one order attempt', async () => {
    const cred = sys.store.resolveCredential('vps', 'hetzner');
    const vps = providerDescriptor('hetzner').create({ token: cred.token, endpoint: cred.endpoint }).vps!;
    await vps.create({ name: 'taken', type: 'cx22', region: 'fsn1', image: 'ubuntu-24.04', sshKeys: [], operationId: 'someone-else' });
    const orders = () => sys.requests('hetzner', 'POST', /\/v1\/servers$/).length;
    expect(orders()).toBe(1);

    const err = await sys.client.dev.infra.vps.create({ provider: 'hetzner', name: 'taken', type: 'cx22', region: 'fsn1' }, { autoApprove: true }).catch((e) => e);
    expect(err).toBeInstanceOf(InfraError);
    expect(err.code).toBe('INFRA_CONFLICT');
    expect(err.message).toContain('not created by this operation');
    expect(orders()).toBe(2);
  });
});
