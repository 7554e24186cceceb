/**
 * Issue 5, bulk DNS: `dns.setMany` of 1000 records into an empty Cloudflare zone, then the same
 * 1000 with 100 changed. Counts the provider API calls each run makes from the sandbox request
 * log (only `dns_records` calls: list reads and batch writes) and compares calls per record with
 * the goal of at most 1/50.
 *
 * Run: `npm run bench:dns` (or `npx tsx bench/dns-setmany.ts`).
 */
import { printSummary } from './summary';
import type { DnsRecordInput } from '../src/client/api';
import { startBenchSystem } from './common';

const ZONE = 'bench-setmany.test';
const RECORDS = 1000;
const CHANGED = 100;
const GOAL_CALLS_PER_RECORD = 1 / 50;

function records(changed: number): DnsRecordInput[] {
  return Array.from({ length: RECORDS }, (_, i) => ({
    type: 'A' as const,
    name: `host-${String(i).padStart(4, '0')}`,
    // The first `changed` records point somewhere else in the second run.
    content: `10.${i < changed ? 1 : 0}.${i >> 8}.${i & 255}`,
    ttl: 300,
  }));
}

interface RunFigures {
  label: string;
  records: number;
  changes: number;
  calls: number;
  reads: number;
  batches: number;
  other: number;
  wallMs: number;
  reported: number;
}

async function main(): Promise<void> {
  const sys = await startBenchSystem({
    sandbox: { providers: ['cloudflare'], hosts: false, dns: false },
    zones: [{ zone: ZONE, provider: 'cloudflare' }],
  });
  const log = sys.sandbox.harness.cloudflare.requests;
  const runs: RunFigures[] = [];
  try {
    const run = async (label: string, input: DnsRecordInput[]): Promise<void> => {
      const from = log.length;
      const t0 = performance.now();
      const result = await sys.client.dev.infra.dns.setMany(ZONE, input, { autoApprove: true });
      const wallMs = performance.now() - t0;
      const calls = log.slice(from).filter((r) => /\/dns_records(\/|\?|$)/.test(r.path));
      const reads = calls.filter((r) => r.method === 'GET').length;
      const batches = calls.filter((r) => r.method === 'POST' && /\/dns_records\/batch/.test(r.path)).length;
      const reported = (result as unknown as { calls?: number }).calls ?? NaN;
      runs.push({ label, records: input.length, changes: result.changes.length, calls: calls.length, reads, batches, other: calls.length - reads - batches, wallMs, reported });
      const statuses = [...new Set(calls.map((r) => r.status))].join(', ');
      console.log(`${label}: ${result.changes.length} changes, ${calls.length} dns_records calls (HTTP ${statuses}) in ${wallMs.toFixed(0)} ms`);
    };
    await run(`${RECORDS} new records into an empty zone`, records(0));
    await run(`same ${RECORDS} with ${CHANGED} changed`, records(CHANGED));
    const count = (await sys.client.dev.infra.dns.records(ZONE)).filter((r) => r.type === 'A').length;
    console.log(`A records in the zone afterwards: ${count}`);
  } finally {
    await sys.stop();
  }

  const perRecord = (r: RunFigures) => r.calls / r.records;
  printSummary('dns.setMany into Cloudflare (issue 5)', [
    ['run', 'changes', 'dns_records calls', 'reads', 'batch writes', 'other', 'calls / record', 'calls / change', `goal ≤ ${GOAL_CALLS_PER_RECORD}/record`, 'wall'],
    ...runs.map((r) => [
      r.label, String(r.changes), String(r.calls), String(r.reads), String(r.batches), String(r.other),
      perRecord(r).toFixed(4), (r.calls / Math.max(1, r.changes)).toFixed(4), perRecord(r) <= GOAL_CALLS_PER_RECORD ? 'met' : 'MISSED', `${(r.wallMs / 1000).toFixed(1)} s`,
    ]),
  ], [
    'calls counted from the sandbox request log: every request whose path contains /dns_records (list reads and batch writes)',
    `the workflow's own estimate of its calls: ${runs.map((r) => r.reported).join(' and ')}`,
  ]);
}


main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
