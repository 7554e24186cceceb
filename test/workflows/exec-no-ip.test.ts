/**
 * `vps exec` on a server that has no address yet (a DigitalOcean droplet still `new`) fails the
 * workflow with a typed infra failure; it does not fail the workflow task, which Temporal would
 * retry forever.
 */
import { WorkflowFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { providerDescriptor } from '../../src/providers/registry';
import { startSystem, type TestSystem } from '../helpers/system';
import { testClient } from '../helpers/temporal';

describe('execOnServer on a server without an address', () => {
  let sys: TestSystem;
  beforeAll(async () => {
    // Droplets stay `new` (no networks) for the whole test.
    sys = await startSystem({ sandbox: { providers: ['digitalocean'], bootMs: 600_000 } });
  });
  afterAll(async () => {
    await sys?.stop();
  });

  it('fails the workflow with a non-retryable typed failure and no workflow-task failures', async () => {
    const cred = sys.store.resolveCredential('vps', 'digitalocean');
    const vps = providerDescriptor('digitalocean').create({ token: cred.token, endpoint: cred.endpoint }).vps!;
    const server = await vps.create({ name: 'no-ip-yet', type: 's-1vcpu-1gb', region: 'fra1', image: 'ubuntu-24.04', sshKeys: [], operationId: 'op-no-ip' });
    expect(server.ip).toBeFalsy();

    const { client, connection } = await testClient(sys.dataConverter);
    try {
      const workflowId = `vps-exec-no-ip-${Date.now()}`;
      // The run timeout only bounds the test if the workflow task is retried forever.
      const err = await client.workflow
        .execute('execOnServer', { taskQueue: sys.taskQueue, workflowId, args: [{ server: server.id, command: 'true' }], workflowRunTimeout: '20s' })
        .catch((e) => e);
      expect(err).toBeInstanceOf(WorkflowFailedError);
      expect(err.cause).toBeInstanceOf(ApplicationFailure);
      expect(err.cause).toMatchObject({ type: 'INFRA_CONFLICT', nonRetryable: true });
      expect(err.cause.message).toContain('no-ip-yet has no address yet');
      const history = await client.workflow.getHandle(workflowId).fetchHistory();
      expect(history.events?.some((e) => e.workflowTaskFailedEventAttributes)).toBe(false);
    } finally {
      await connection.close();
    }
  });
});
