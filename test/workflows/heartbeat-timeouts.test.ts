/**
 * Fast crash recovery: every activity a new launch schedules carries a heartbeat timeout of
 * seconds (src/workflows/proxies.ts), so a worker killed -9 costs an activity in flight that long
 * instead of its start-to-close timeout; the flow records the `activity-heartbeat-timeout` patch
 * marker that keeps older histories replaying with their old options (test/workflows/replay.test.ts).
 */
import { temporal } from '@temporalio/proto';
import { startSystem, type TestSystem } from '../helpers/system';
import { testClient } from '../helpers/temporal';

const seconds = (d: { seconds?: unknown; nanos?: number | null } | null | undefined) => Number(d?.seconds ?? 0) + (d?.nanos ?? 0) / 1e9;

describe('heartbeat timeouts on every activity', () => {
  let sys: TestSystem;
  beforeAll(async () => {
    sys = await startSystem({ sandbox: { providers: ['hetzner', 'cloudflare'] }, zones: [{ zone: 'example.com', provider: 'cloudflare' }], settings: { 'infra.vps.default': 'hetzner' } });
  });
  afterAll(async () => {
    await sys?.stop();
  });

  it('a launch schedules each of its activities with a heartbeat timeout of at most 10 s', async () => {
    const result = await sys.client.dev.infra.launch({ fqdn: 'hb.example.com' }, { autoApprove: true });
    expect(result.server.ip).toBeTruthy();
    const { client, connection } = await testClient();
    try {
      const history = await client.workflow.getHandle('launch:hb.example.com').fetchHistory();
      const scheduled = history.events!.map((e) => e.activityTaskScheduledEventAttributes).filter((a) => !!a);
      const names = new Set(scheduled.map((a) => a!.activityType!.name));
      // The whole flow: bookkeeping, provider reads and writes, and the SSH and DNS probes.
      for (const n of ['infraConfig', 'vpsPrepareCreate', 'vpsCreate', 'vpsGet', 'cloudInitCheck', 'dnsApply', 'dnsCheck']) expect(names).toContain(n);
      for (const a of scheduled) {
        expect(seconds(a!.heartbeatTimeout)).toBeGreaterThan(0);
        expect(seconds(a!.heartbeatTimeout)).toBeLessThanOrEqual(10);
      }
      const markers = history.events!.filter((e) => e.eventType === temporal.api.enums.v1.EventType.EVENT_TYPE_MARKER_RECORDED);
      expect(markers.map((m) => m.markerRecordedEventAttributes?.markerName)).toContain('core_patch');
    } finally {
      await connection.close();
    }
  });
});
