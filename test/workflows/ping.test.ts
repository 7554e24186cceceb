import { testClient, testWorker } from '../helpers/temporal';

describe('the real Temporal dev server', () => {
  it('runs a workflow on a worker with the prebuilt bundle', async () => {
    const { client, connection } = await testClient();
    const { worker, connection: wc } = await testWorker({ taskQueue: 'ping-test' });
    try {
      const result = await worker.runUntil(
        client.workflow.execute('ping', { taskQueue: 'ping-test', workflowId: `ping-${Date.now()}`, args: [{ message: 'hi' }] }),
      );
      expect(result).toEqual({ message: 'hi' });
    } finally {
      await connection.close();
      await wc.close();
    }
  });
});
