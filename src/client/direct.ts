/**
 * The CLI's quick client: the catalogue's `direct` reads go to the local worker's read socket
 * (src/runtime/read-server.ts, one request, no Temporal connection, no gRPC modules loaded);
 * everything else, and a direct read when no worker answers there or the answer is a retryable
 * error, goes through the full client over Temporal (workflows, which retry durably).
 */
import http from 'node:http';
import type { InfraClient, RunOperation } from './api';
import { createInfraApi } from './infra-api';
import { InfraError, isInfraErrorCode } from '../domain/errors';
import type { PendingDecision } from '../domain/operations';
import { parseInput } from '../domain/validate';

type Answer = { result: unknown } | { error: Record<string, unknown> } | null;

/** One POST /read on the socket; null when nothing answers there (no worker on this machine). */
export function readOverSocket(socket: string, op: string, input: unknown, timeoutMs = 30_000): Promise<Answer> {
  return new Promise((resolve) => {
    const body = JSON.stringify({ op, input });
    const req = http.request({ socketPath: socket, path: '/read', method: 'POST', headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) }, timeout: timeoutMs }, (res) => {
      let raw = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => (raw += d));
      res.on('end', () => {
        try {
          resolve(JSON.parse(raw) as Answer);
        } catch {
          resolve(null);
        }
      });
      res.on('error', () => resolve(null));
    });
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(null));
    req.end(body);
  });
}

function toInfraError(e: Record<string, unknown>): InfraError {
  const code = isInfraErrorCode(e.code) ? e.code : 'INFRA_PROVIDER_ERROR';
  return new InfraError(code, String(e.message ?? code), {
    provider: e.provider as string | undefined, providerCode: e.providerCode as string | undefined,
    retryAfterMs: e.retryAfterMs as number | undefined, hint: e.hint as string | undefined,
    data: e.data as Record<string, unknown> | undefined, retryable: e.retryable as boolean | undefined,
  });
}

/** A client whose direct reads try `socket` first; `full` connects the Temporal client on first need. */
export function quickClient(socket: string | null, full: () => Promise<InfraClient>): InfraClient {
  let opened: Promise<InfraClient> | undefined;
  let connected: InfraClient | undefined;
  const temporal = () => (opened ??= full().then((c) => (connected = c)));
  const run: RunOperation = async (op, input, o) => {
    if (socket && op.direct && op.access === 'read' && !o?.workflowId) {
      const parsed = parseInput(op.input, input, `${op.name} input`);
      const answer = await readOverSocket(socket, op.name, parsed);
      if (answer && 'result' in answer) return op.result(answer.result as never, parsed);
      if (answer && 'error' in answer) {
        const err = toInfraError(answer.error);
        // Retryable (rate limited, provider trouble): the workflow path retries it durably.
        if (!err.retryable) throw err;
      }
    }
    return (await temporal()).run(op, input, o);
  };
  return {
    dev: { infra: createInfraApi(run) },
    run,
    startLaunch: async (i, o) => (await temporal()).startLaunch(i, o),
    pending: async () => {
      const answer = socket ? await readOverSocket(socket, 'pending', {}) : null;
      if (answer && 'result' in answer) return answer.result as PendingDecision[];
      return (await temporal()).pending();
    },
    approve: async (id, o) => (await temporal()).approve(id, o),
    reject: async (id, o) => (await temporal()).reject(id, o),
    progress: async (id) => {
      const answer = socket ? await readOverSocket(socket, 'progress', { workflowId: id }) : null;
      if (answer && 'result' in answer) return answer.result as Awaited<ReturnType<InfraClient['progress']>>;
      if (answer && 'error' in answer && !toInfraError(answer.error).retryable) throw toInfraError(answer.error);
      return (await temporal()).progress(id);
    },
    operations: async (o) => {
      const answer = socket ? await readOverSocket(socket, 'operations', { limit: o?.limit }) : null;
      if (answer && 'result' in answer) return answer.result as Awaited<ReturnType<InfraClient['operations']>>;
      return (await temporal()).operations(o);
    },
    schedules: {
      ensure: async (i) => (await temporal()).schedules.ensure(i),
      list: async () => (await temporal()).schedules.list(),
      pause: async (n, note) => (await temporal()).schedules.pause(n, note),
      resume: async (n, note) => (await temporal()).schedules.resume(n, note),
      trigger: async (n) => (await temporal()).schedules.trigger(n),
      setInterval: async (n, e) => (await temporal()).schedules.setInterval(n, e),
    },
    get uiUrl() {
      return connected?.uiUrl;
    },
    close: async () => {
      if (opened) await (await opened.catch(() => null))?.close();
    },
  };
}
