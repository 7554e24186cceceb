/** The exec activity's options are derived from the requested timeout (pure, no server). */
import { execActivityOptions, MAX_EXEC_TIMEOUT_MS } from '../../src/workflows/options';

describe('execActivityOptions', () => {
  it('gives the command its whole timeout plus a margin, up to the CLI\'s hour, with one attempt and a heartbeat', () => {
    expect(execActivityOptions(120_000)).toMatchObject({ startToCloseTimeout: 150_000, heartbeatTimeout: '5s', retry: { maximumAttempts: 1 } });
    expect(execActivityOptions(MAX_EXEC_TIMEOUT_MS).startToCloseTimeout).toBe(3_630_000);
    expect(execActivityOptions(1000).startToCloseTimeout).toBe(31_000);
  });
});
