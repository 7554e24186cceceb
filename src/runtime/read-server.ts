/**
 * The worker's fast read path: a small HTTP server on a Unix socket in the data folder (mode 0600,
 * so only the user who runs the worker may use it) that serves the catalogue's `direct` reads
 * (`vps.list`, `vps.get`, `vps.status`, `vps.types`, `vps.regions`, `vps.sshKeys`, `dns.zones`,
 * `dns.records`) without starting a workflow, plus `pending`, `progress` and `operations` through the
 * worker's own Temporal connection (so the CLI loads no gRPC for them).
 *
 * Why: a read that changes nothing needs no history, and through a workflow it costs a start, a
 * workflow task and one or two activity tasks, queued behind rate-limited writes on the provider
 * queue. Here it runs the very activity functions the workflow would run (same credential lookup,
 * inside the worker; same provider adapters and request pacing, as reads ahead of writes), each through
 * {@link auditedCall}, so the audit trail gets the same sanitized record per call. Server types and
 * regions are kept for {@link CATALOGUE_TTL_MS} per provider. Results are what
 * the workflow returns (no credential is ever in them); errors are InfraErrors as JSON.
 */
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import type { InfraActivities } from '../activities';
import { auditedCall, type AuditInterceptorOptions, type AuditLog } from '../audit';
import { InfraError, fromFailure } from '../domain/errors';
import { resolveServerWith } from '../domain/resolve-server';
import type { Server } from '../domain/types';
import { parseInput } from '../domain/validate';
import { OPERATIONS } from '../operations/catalogue';
import type { AnyOperation } from '../operations/define';
import { providerTaskQueue } from '../shared/constants';
import { doctorReport } from './doctor-report';
import { asRead } from '../providers/pacing/priority';

export interface ReadServerOptions {
  socket: string;
  taskQueue: string;
  activities: InfraActivities;
  audit: AuditLog | null;
  auditOptions: AuditInterceptorOptions;
  /**
   * Reads of Temporal itself through the worker's own connection (visibility and queries): decisions
   * waiting across workflows, one operation's progress, recent operations. Served as `pending`,
   * `progress` and `operations`, so those CLI lines need no connection of their own.
   */
  temporal?: TemporalReads;
}

export interface TemporalReads {
  pending(): Promise<unknown>;
  progress(workflowId: string): Promise<unknown>;
  operations(opts: { limit?: number }): Promise<unknown>;
}

export interface ReadServer {
  readonly socket: string;
  close(): Promise<void>;
}

/** Server types and regions (with prices) change rarely: kept this long per worker and provider. */
export const CATALOGUE_TTL_MS = 5 * 60_000;
const CACHED = new Set(['vps.types', 'vps.regions']);

export type Call = <K extends keyof InfraActivities>(name: K, input: Parameters<InfraActivities[K]>[0], provider?: string) => ReturnType<InfraActivities[K]>;

/** The workflows' server resolution (src/domain/resolve-server.ts) over audited calls. */
function resolveServer(ref: string, call: Call): Promise<Server> {
  return resolveServerWith(ref, {
    get: (provider, providerId) => call('vpsGet', { provider, providerId }, provider),
    findByName: (provider, name) => call('vpsFindByName', { provider, name }, provider),
    vpsProviders: async () => (await call('infraConfig', undefined as never)).vpsProviders,
    fail: (code, message) => new InfraError(code, message),
  });
}

const NO_HEALTH = { faztStatus: null, faztVersion: null, uptime: null, load: null, diskUsed: null, diskTotal: null, memUsed: null, memTotal: null } as const;

/** What each direct read does: the steps of its workflow (src/workflows/servers.ts, dns.ts, read.ts). */
const READS: Record<string, (input: any, call: Call) => Promise<unknown>> = {
  'vps.get': (i, call) => resolveServer(i.server, call),
  'vps.status': async (i, call) => {
    const s = await resolveServer(i.server, call);
    if (s.status !== 'running' || !s.ip) return { id: s.id, status: s.status, ...NO_HEALTH };
    return { id: s.id, status: s.status, ...(await call('sshHealth', { ip: s.ip })) };
  },
  'vps.sshKeys': async (i, call) => {
    const provider = i.provider ?? (await call('chooseProvider', { kind: 'vps' }));
    return call('sshKeysList', { provider }, provider);
  },
  'vps.list': async (_i, call) => {
    const cfg = await call('infraConfig', undefined as never);
    const lists = await Promise.all(cfg.vpsProviders.map((p) => call('vpsListManaged', { provider: p }, p)));
    return lists.flat().sort((a, b) => a.name.localeCompare(b.name));
  },
  'vps.types': async (i, call) => {
    const provider = i.provider ?? (await call('chooseProvider', { kind: 'vps' }));
    return call('vpsTypes', { provider }, provider);
  },
  'vps.regions': async (i, call) => {
    const provider = i.provider ?? (await call('chooseProvider', { kind: 'vps' }));
    return call('vpsRegions', { provider }, provider);
  },
  'dns.zones': async (_i, call) => {
    const cfg = await call('infraConfig', undefined as never);
    return Promise.all(cfg.zones.map((z) => call('dnsCountRecords', { zone: z.zone, provider: z.provider } as { zone: string }, z.provider)));
  },
  'drift.last': async (_i, call) => call('lastReport', { name: 'drift' }),
  'health.last': async (_i, call) => call('lastReport', { name: 'health' }),
  'dns.records': async (i, call) => {
    const info = await call('dnsZoneInfo', { zone: i.zone });
    return call('dnsRecords', { zone: i.zone }, info.provider);
  },
};

/** Serves one read: validates (INFRA_INVALID_INPUT), runs its steps through the audit path. */
async function serve(o: ReadServerOptions, body: { op?: unknown; input?: unknown }): Promise<unknown> {
  const t = o.temporal;
  const input = (body.input ?? {}) as { workflowId?: unknown; limit?: unknown };
  if (t && body.op === 'pending') return t.pending();
  if (t && body.op === 'progress') {
    if (typeof input.workflowId !== 'string' || !input.workflowId) throw new InfraError('INFRA_INVALID_INPUT', 'progress needs a workflowId');
    return t.progress(input.workflowId);
  }
  if (t && body.op === 'operations') return t.operations({ limit: typeof input.limit === 'number' ? input.limit : undefined });
  // `fazt doctor`: one check per configured provider, in here where the credentials are.
  if (body.op === 'doctor') return doctorReport(o.taskQueue, caller(o, `infra-doctor:${randomUUID().slice(0, 8)}`, false));
  const op: AnyOperation | undefined = Object.values(OPERATIONS).find((x) => x.name === body.op);
  const read = op && op.direct && op.access === 'read' && op.decision === 'none' ? READS[op.name] : undefined;
  if (!op || !read) throw new InfraError('INFRA_INVALID_INPUT', `${String(body.op)} is not a direct read`);
  const parsed = parseInput(op.input, body.input ?? {}, `${op.name} input`);
  // Its provider requests go before waiting writes (src/providers/pacing/priority.ts).
  return asRead(() => read(parsed, caller(o, op.id(parsed, randomUUID().slice(0, 8)))));
}

/** Runs activities through the audit path (and, for reads, the bounded retries below). */
function caller(o: ReadServerOptions, workflowId: string, retry = true): Call {
  return (name, input, provider) => {
    const fn = () => (o.activities[name] as (a: unknown) => Promise<unknown>)(input);
    const taskQueue = provider ? providerTaskQueue(provider, o.taskQueue) : o.taskQueue;
    const attempt = (n: number) => (o.audit ? auditedCall(o.audit, o.auditOptions, { activityType: name, taskQueue, workflowId, runId: 'worker-read', attempt: n }, input, fn) : fn());
    return (retry ? withRateLimitRetry(attempt) : attempt(1)) as never;
  };
}

/**
 * A 429 is retried here after its Retry-After (at most {@link RATE_LIMIT_RETRIES} times, each wait
 * at most 5 s; each attempt its own audit record), as the activity's retry policy would: falling
 * back to a workflow would queue the read behind the writes that drained the provider's budget.
 */
const RATE_LIMIT_RETRIES = 3;
/**
 * An endpoint that gives no answer (refused, name not resolving) is retried here at 1 s, like the
 * activity's first retries, until src/providers/reachability.ts calls it unreachable (3 s for an
 * endpoint that never answered): the user hears within seconds, with no workflow in between.
 */
const UNREACHABLE_RETRIES = 4;
async function withRateLimitRetry<T>(attempt: (n: number) => Promise<T>): Promise<T> {
  for (let n = 1; ; n++) {
    try {
      return await attempt(n);
    } catch (err) {
      const e = fromFailure(err);
      if (e.code === 'INFRA_UNREACHABLE' && e.retryable && n <= UNREACHABLE_RETRIES) {
        await new Promise((r) => setTimeout(r, 1000));
        continue;
      }
      const wait = e.retryAfterMs ?? 1000;
      if (e.code !== 'INFRA_RATE_LIMITED' || n > RATE_LIMIT_RETRIES || wait > 5000) throw err;
      await new Promise((r) => setTimeout(r, Math.max(50, wait)));
    }
  }
}

function errorJson(err: unknown): Record<string, unknown> {
  // Activities throw ApplicationFailures carrying the infra code (toFailure); fromFailure reads them back.
  const e = fromFailure(err);
  return { ...e.toJSON(), retryable: e.retryable, retryAfterMs: e.retryAfterMs };
}

/** True when another live process already answers on `socket`. */
function answers(socket: string): Promise<boolean> {
  return new Promise((resolve) => {
    const c = net.connect(socket, () => {
      c.end();
      resolve(true);
    });
    c.on('error', () => resolve(false));
  });
}

/**
 * Listens on `socket` (a stale file left by a crashed worker is replaced); resolves with null when
 * another live worker already serves it (that one answers for the queue).
 */
export async function startReadServer(o: ReadServerOptions): Promise<ReadServer | null> {
  const cache = new Map<string, { at: number; value: unknown }>();
  const answer = async (body: { op?: unknown; input?: unknown }): Promise<unknown> => {
    // A cached answer makes no provider call (so it adds no audit record); a miss is an ordinary, audited read.
    // Only for a named provider: the default one may change with the config.
    const provider = (body.input as { provider?: unknown } | undefined)?.provider;
    const key = CACHED.has(String(body.op)) && typeof provider === 'string' ? JSON.stringify([body.op, provider]) : null;
    const hit = key ? cache.get(key) : undefined;
    if (hit && Date.now() - hit.at < CATALOGUE_TTL_MS) return hit.value;
    const value = await serve(o, body);
    if (key) cache.set(key, { at: Date.now(), value });
    return value;
  };
  if (fs.existsSync(o.socket)) {
    if (await answers(o.socket)) return null;
    fs.rmSync(o.socket, { force: true });
  }
  const server = http.createServer((req, res) => {
    let raw = '';
    req.setEncoding('utf8');
    req.on('data', (d: string) => {
      raw += d;
      if (raw.length > 1_000_000) req.destroy();
    });
    req.on('end', () => {
      const reply = (status: number, value: unknown) => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(value));
      };
      if (req.method !== 'POST' || req.url !== '/read') return reply(404, { error: errorJson(new InfraError('INFRA_NOT_FOUND', 'POST /read only')) });
      let body: { op?: unknown; input?: unknown };
      try {
        body = JSON.parse(raw);
      } catch {
        return reply(400, { error: errorJson(new InfraError('INFRA_INVALID_INPUT', 'the request is not JSON')) });
      }
      answer(body).then((result) => reply(200, { result }), (err) => reply(200, { error: errorJson(err) }));
    });
  });
  fs.mkdirSync(path.dirname(o.socket), { recursive: true, mode: 0o700 });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(o.socket, () => resolve());
  });
  fs.chmodSync(o.socket, 0o600);
  return {
    socket: o.socket,
    close: () => new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
      fs.rmSync(o.socket, { force: true });
    }),
  };
}
