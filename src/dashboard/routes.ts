/**
 * The dashboard's JSON API over the typed client: GET /api/servers, /api/zones, /api/providers,
 * /api/drift and /api/health (the last scheduled reports),
 * /api/pending, /api/operations; POST /api/pending/:workflowId/approve|reject. Inputs are validated
 * with zod; anything named like a secret is redacted from every response.
 */
import { z } from 'zod';
import type { InfraClient } from '../client/api';
import { fromFailure, InfraError } from '../domain/errors';
import { parseInput } from '../domain/validate';
import type { PendingDecision } from '../domain/operations';
import { OPERATIONS, driftLast, healthLast } from '../operations/catalogue';
import type { AnyOperation } from '../operations/define';

/** Workflow types that only ever serve reads (derived from the catalogue: every operation on them reads). */
const READ_ONLY_WORKFLOWS = new Set(
  Object.values(OPERATIONS as Record<string, AnyOperation>).map((o) => o.workflow as string)
    .filter((w) => Object.values(OPERATIONS as Record<string, AnyOperation>).every((o) => o.workflow !== w || o.access === 'read')),
);
import type { Session } from './sessions';
import { providerCards, type ProvidersFn } from '../client/costs';

export type { ProvidersFn } from '../client/costs';

export interface ApiResponse {
  status: number;
  body: unknown;
}

const workflowIdSchema = z.string().min(1).max(256).regex(/^[A-Za-z0-9:._@\/-]+$/, 'is not a workflow id');
const decisionBodySchema = z.object({
  reason: z.string().trim().max(500).optional(),
  /** What the page showed: the decision is refused if the pending request is no longer that. */
  requestId: z.string().min(1).max(64).optional(),
  requestHash: z.string().regex(/^[0-9a-f]{64}$/, 'is not a sha256 hex digest').optional(),
}).strict();
const limitSchema = z.coerce.number().int().min(1).max(200);

const STATUS_OF: Record<InfraError['code'], number> = {
  INFRA_INVALID_INPUT: 400,
  INFRA_UNAUTHORIZED: 401,
  INFRA_NOT_FOUND: 404,
  INFRA_CONFLICT: 409,
  INFRA_CANCELED: 409,
  INFRA_RATE_LIMITED: 429,
  INFRA_NOT_CONFIGURED: 503,
  INFRA_QUOTA_EXCEEDED: 502,
  INFRA_INSUFFICIENT_FUNDS: 502,
  INFRA_PROVIDER_ERROR: 502,
  INFRA_TIMEOUT: 504,
  INFRA_UNREACHABLE: 502,
  INFRA_NOT_SUPPORTED: 501,
  INFRA_ACTION_REQUIRED: 409,
};

const SECRET_KEY = /^(token|api[-_]?key|apikey|secret|password|authorization|credentials?)$/i;

/** Deep copy with secret-looking fields replaced, so a stray token never reaches the page. */
export function redact(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redact);
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, SECRET_KEY.test(k) ? '[redacted]' : redact(v)]));
  }
  return value;
}

/**
 * A pending decision with what the catalogue says about its operation: the one-line summary and
 * why it waits (`paid` or `destroys`, or `unsafe-plan`), so the page can say what approving means.
 */
function withOperation(p: PendingDecision) {
  const op = (OPERATIONS as Record<string, AnyOperation | undefined>)[p.action];
  return { ...p, summary: op?.summary ?? p.action, decision: op?.decision ?? null };
}

/**
 * Routes one API request of a signed-in `session` (server.ts has checked it, and its CSRF token
 * on a POST); never throws (errors become `{ error }` with a matching status). Decisions are
 * recorded under the session's user, surface `dashboard`.
 */
export async function handleApi(
  client: InfraClient, providers: ProvidersFn | undefined, method: string, url: URL, body: unknown, session: Pick<Session, 'user'>,
): Promise<ApiResponse> {
  try {
    const path = url.pathname;
    if (method === 'GET') {
      if (path === '/api/servers') return okJson({ servers: await client.dev.infra.vps.list() });
      if (path === '/api/zones') return okJson({ zones: await client.dev.infra.dns.zones() });
      if (path === '/api/domains') return okJson({ domains: await client.dev.infra.domain.list() });
      if (path === '/api/providers') return okJson(await providerCards(client, providers));
      if (path === '/api/drift') return okJson({ drift: await client.run(driftLast, {}) });
      if (path === '/api/health') return okJson({ health: await client.run(healthLast, {}) });
      if (path === '/api/pending') return okJson({ pending: (await client.pending()).map(withOperation) });
      if (path === '/api/operations') {
        const limit = parseInput(limitSchema, url.searchParams.get('limit') ?? '20', 'limit');
        // The page polls lists through read workflows; those would push the operations people made off the table.
        const recent = await client.operations({ limit: limit * 4 });
        return okJson({ operations: recent.filter((o) => !READ_ONLY_WORKFLOWS.has(o.type)).slice(0, limit) });
      }
    }
    const m = /^\/api\/pending\/([^/]+)\/(approve|reject)$/.exec(path);
    if (m) {
      if (method !== 'POST') return { status: 405, body: { error: { code: 'INFRA_INVALID_INPUT', message: 'Use POST' } } };
      const workflowId = parseInput(workflowIdSchema, safeDecode(m[1]), 'workflow id');
      const { reason, requestId, requestHash } = parseInput(decisionBodySchema, body ?? {}, 'decision');
      // The decider is the signed-in session's user on the dashboard channel, never anything the body says.
      const record = await client[m[2] as 'approve' | 'reject'](workflowId, { decider: { by: session.user, surface: 'dashboard' }, reason, requestId, requestHash });
      return okJson({ workflowId, decision: m[2] === 'approve' ? 'approved' : 'rejected', record });
    }
    return { status: 404, body: { error: { code: 'INFRA_NOT_FOUND', message: `No route ${method} ${path}` } } };
  } catch (err) {
    const e = err instanceof InfraError ? err : fromFailure(err);
    return { status: STATUS_OF[e.code] ?? 500, body: redact({ error: e.toJSON() }) };
  }
}

function okJson(body: unknown): ApiResponse {
  return { status: 200, body: redact(body) };
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    throw new InfraError('INFRA_INVALID_INPUT', 'Invalid workflow id: bad URL encoding');
  }
}
