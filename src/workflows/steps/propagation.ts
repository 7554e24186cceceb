/** The propagation polling loop (CertMagic style), shared by waitForPropagation and launchApp. */
import { sleep } from '@temporalio/workflow';
import type { RecordType } from '../../domain/types';
import type { Operation } from '../operation';
import { durationMs } from '../operation';
import { probes } from '../proxies';
import type { WaitForPropagationResult } from '../dns';

export interface PollInput {
  fqdn: string;
  type: RecordType;
  expected: string;
  resolvers?: string[];
  timeout: string;
  interval?: string;
  ttl?: number;
}

/** Checks until every resolver agrees or the deadline passes, reporting on `op`. */
export async function pollPropagation(op: Operation, input: PollInput): Promise<WaitForPropagationResult> {
  const started = Date.now();
  const deadline = started + durationMs(input.timeout);
  let checks = 0;
  for (;;) {
    const r = await probes.dnsCheck({ fqdn: input.fqdn, type: input.type, expected: input.expected, resolvers: input.resolvers });
    checks++;
    if (r.allPropagated) {
      op.wait(null);
      return { ...r, checks };
    }
    op.wait('propagation', `${input.fqdn}: waiting on ${r.results.filter((x) => !x.propagated).map((x) => x.resolver).join(', ')}`);
    if (Date.now() >= deadline) {
      // Negative answers may be cached up to the SOA minimum, positive ones up to the TTL.
      const ttlMs = Math.max(input.ttl ?? 300, 300) * 1000;
      op.wait(null);
      return { ...r, checks, cacheExpiresAt: new Date(started + ttlMs).toISOString() };
    }
    await sleep(durationMs(input.interval ?? '2s'));
  }
}
