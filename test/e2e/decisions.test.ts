/**
 * Decisions as first-class records, end to end on real Temporal with the sandbox: an approval from
 * the CLI is recorded under the OS user with the hash of exactly the request shown (audit trail,
 * the workflow's `decisions` query and memo, `fazt dev infra audit`); forged or replayed decisions
 * (stale hash, wrong request id, a finished flow, a bare signal, `--by`) are refused and decide
 * nothing; MCP decides only when delegated, as `mcp:<client>`; the dashboard records its user.
 */
import { createHash } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import { Client as McpClient } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import type { Client } from '@temporalio/client';
import { Worker } from '@temporalio/worker';
import { AuditLog } from '../../src/audit';
import { handleApi } from '../../src/dashboard/routes';
import { canonicalJson } from '../../src/domain/canonical';
import { requestHash } from '../../src/domain/decisions';
import type { DecisionRecord, PendingDecision } from '../../src/domain/operations';
import { createMcpServer } from '../../src/mcp/server';
import { decideSignal, decideUpdate, decisionsQuery } from '../../src/workflows/messages';
import { run } from '../cli/harness';
import { eventually } from '../helpers/eventually';
import { startSystem, type TestSystem } from '../helpers/system';
import { testClient } from '../helpers/temporal';

const ME = os.userInfo().username;

describe('decision records', () => {
  let sys: TestSystem;
  let temporal: { client: Client; connection: { close(): Promise<void> } };
  let log: AuditLog;
  beforeAll(async () => {
    sys = await startSystem({ sandbox: { providers: ['hetzner'], hosts: true, dns: false } });
    temporal = await testClient(sys.dataConverter);
    log = new AuditLog({ file: path.join(sys.dir, 'data', 'audit.jsonl') });
  });
  afterAll(async () => {
    await sys?.stop();
    await temporal?.connection.close();
  });

  const cli = (...args: string[]) => run(['dev', 'infra', ...args], { deps: { client: async () => sys.client, auditLog: () => log } });
  const waitingCreate = async (name: string) => {
    const done = sys.client.dev.infra.vps.create({ provider: 'hetzner', name, type: 'cx22', region: 'fsn1' }).catch((e) => e);
    const pending = await eventually(async () => (await sys.client.pending()).find((p) => p.workflowId === `vps-create:hetzner:${name}`));
    return { done, pending };
  };
  const orders = () => sys.requests('hetzner', 'POST', /\/v1\/servers$/).length;

  it('a CLI approval names the OS user and the hash of the request shown, in the trail, the workflow and `audit`', async () => {
    const { done, pending } = await waitingCreate('decided-1');
    // The workflow's hash (pure SHA-256 in workflow code) is node's SHA-256 of the canonical request.
    const { id, action, workflowId, reason, data, requestedAt, expiresAt } = pending;
    const expected = createHash('sha256').update(canonicalJson({ id, action, workflowId, reason, data, requestedAt, expiresAt })).digest('hex');
    expect(pending.hash).toBe(expected);
    const shown = await cli('pending', '--json');
    expect((JSON.parse(shown.out) as PendingDecision[]).find((p) => p.workflowId === workflowId)?.hash).toBe(expected);

    const approved = await cli('approve', workflowId, '--hash', expected, '--reason', 'fits the budget');
    expect(approved.exitCode).toBe(0);
    expect(approved.out).toContain(`Approved ${workflowId} as ${ME} (cli)`);
    expect(approved.out).toContain(`sha256 ${expected}`);
    expect((await done).name).toBe('decided-1');

    const want = { approved: true, by: ME, surface: 'cli', requestId: id, requestHash: expected, reason: 'fits the budget' };
    // The workflow keeps it: query, memo, and the update payload in its history.
    const handle = temporal.client.workflow.getHandle(workflowId);
    const [kept] = await handle.query(decisionsQuery);
    expect(kept).toMatchObject({ ...want, request: { reason, data, expiresAt } });
    expect(Date.parse(kept.decidedAt)).toBeGreaterThanOrEqual(Date.parse(requestedAt));
    expect((await handle.describe()).memo?.decisions).toEqual([expect.objectContaining({ by: ME, surface: 'cli', requestHash: expected, action: 'vps.create' })]);
    const accepted = (await handle.fetchHistory()).events?.find((e) => e.workflowExecutionUpdateAcceptedEventAttributes);
    // Sealed by the payload codec in the stored history: opened here with the system's key.
    const sealed = accepted?.workflowExecutionUpdateAcceptedEventAttributes?.acceptedRequest?.input?.args?.payloads?.[0];
    const [payload] = await sys.dataConverter.payloadCodecs![0].decode([sealed as never]);
    expect(JSON.parse(Buffer.from(payload.data!).toString('utf8'))).toEqual({ approved: true, requestId: id, requestHash: expected, by: ME, surface: 'cli', reason: 'fits the budget' });
    // The history with the patch markers, the memo and the recordDecision activity replays.
    await Worker.runReplayHistory({ workflowBundle: { codePath: process.env.FAZT_TEST_WORKFLOW_BUNDLE! }, dataConverter: sys.dataConverter }, await handle.fetchHistory(), workflowId);

    // The audit trail has it as a decision record, chained like every other record.
    const [rec] = log.list({ type: 'decision', workflowId });
    expect(rec).toMatchObject({ kind: 'decision', success: true, input: { ...want, request: { reason, data } } });
    expect(requestHash((rec.input as DecisionRecord).request)).toBe(expected);
    expect(log.verify().ok).toBe(true);
    const audit = await cli('audit', '--type', 'decision');
    expect(audit.out).toMatch(new RegExp(`decision\\s+-\\s+approved by ${ME} \\(cli\\)`));
  });

  it('a stale hash, a wrong request id, --by, a bare signal and a finished flow are refused: nothing decided', async () => {
    const { done, pending } = await waitingCreate('decided-2');
    const before = orders();
    const stale = await cli('approve', pending.workflowId, '--hash', 'a'.repeat(64));
    expect(stale.exitCode).not.toBe(0);
    expect(stale.err).toContain('the request changed since it was shown');
    const wrongId = await cli('approve', pending.workflowId, '--request', 'not-the-request');
    expect(wrongId.err).toContain('wrong request id');
    const by = await cli('approve', pending.workflowId, '--by', 'root');
    expect(by).toMatchObject({ exitCode: 2, err: expect.stringContaining(`--by is not accepted: decisions are recorded under your OS user (${ME})`) });

    // Straight at the workflow, past the client's own checks: its validator refuses too.
    const handle = temporal.client.workflow.getHandle(pending.workflowId);
    const forged = { approved: true, requestId: pending.id, by: 'someone', surface: 'cli' as const };
    await expect(handle.executeUpdate(decideUpdate, { args: [{ ...forged, requestHash: 'b'.repeat(64) }] }))
      .rejects.toMatchObject({ cause: { message: expect.stringContaining('request changed since it was shown') } });
    await expect(handle.executeUpdate(decideUpdate, { args: [{ approved: true, requestId: pending.id, requestHash: pending.hash }] }))
      .rejects.toMatchObject({ cause: { message: expect.stringContaining('who decides') } });
    await expect(handle.executeUpdate(decideUpdate, { args: [{ ...forged, requestId: 'other', requestHash: pending.hash }] }))
      .rejects.toMatchObject({ cause: { message: expect.stringContaining('wrong request id') } });
    // The old signal carries no hash: the workflow ignores it, so the rejection after it decides.
    await handle.signal(decideSignal, { approved: true, requestId: pending.id, by: 'old-client' });
    expect(orders()).toBe(before);
    const rejected = await cli('reject', pending.workflowId, '--reason', 'not now');
    expect(rejected.exitCode).toBe(0);
    expect(await done).toMatchObject({ code: 'INFRA_CANCELED' });
    expect(orders()).toBe(before);
    expect(await handle.query(decisionsQuery)).toEqual([expect.objectContaining({ approved: false, by: ME, surface: 'cli', reason: 'not now' })]);

    const late = await cli('approve', pending.workflowId);
    expect(late.exitCode).not.toBe(0);
    expect(late.err).toContain('has already ended (failed): nothing to decide');
    expect(log.list({ type: 'decision', workflowId: pending.workflowId })).toHaveLength(1);
  });

  it('MCP cannot reject without delegation; delegated, it decides as mcp:<client name>', async () => {
    const connect = async (allowAgentApproval: boolean) => {
      const server = createMcpServer(sys.client, { allowAgentApproval, followWaitMs: 500 });
      const [a, b] = InMemoryTransport.createLinkedPair();
      const mcp = new McpClient({ name: 'helper-agent', version: '1.0.0' });
      await Promise.all([server.connect(a), mcp.connect(b)]);
      return { mcp, close: async () => (await mcp.close(), await server.close()) };
    };
    const { done, pending } = await waitingCreate('decided-3');
    const plain = await connect(false);
    try {
      expect((await plain.mcp.listTools()).tools.map((t) => t.name)).not.toContain('infra.reject');
      const refused = await plain.mcp.callTool({ name: 'infra.reject', arguments: { workflowId: pending.workflowId } }).catch((e: Error) => ({ isError: true, message: e.message }));
      expect(refused).toMatchObject({ isError: true });
      expect((await sys.client.pending()).map((p) => p.workflowId)).toContain(pending.workflowId);
    } finally {
      await plain.close();
    }
    const delegated = await connect(true);
    try {
      const r = await delegated.mcp.callTool({ name: 'infra.reject', arguments: { workflowId: pending.workflowId, reason: 'the user said no' } });
      expect(r.structuredContent).toEqual({ workflowId: pending.workflowId, rejected: true });
    } finally {
      await delegated.close();
    }
    expect(await done).toMatchObject({ code: 'INFRA_CANCELED' });
    expect(log.list({ type: 'decision', workflowId: pending.workflowId })[0].input).toMatchObject({ approved: false, by: 'mcp:helper-agent', surface: 'mcp' });
  });

  it('the dashboard records its session user and refuses a request that changed since the page showed it', async () => {
    const { done, pending } = await waitingCreate('decided-4');
    const post = (body: unknown) => handleApi(sys.client, undefined, 'POST', new URL(`http://x/api/pending/${encodeURIComponent(pending.workflowId)}/approve`), body, { user: 'alice' });
    const stale = await post({ requestId: pending.id, requestHash: 'c'.repeat(64) });
    expect(stale).toMatchObject({ status: 409, body: { error: { message: expect.stringContaining('changed since it was shown') } } });
    expect((await post({ requestHash: 'not-hex' })).status).toBe(400);
    const ok = await post({ requestId: pending.id, requestHash: pending.hash });
    expect(ok).toMatchObject({ status: 200, body: { decision: 'approved', record: { by: 'alice', surface: 'dashboard', requestHash: pending.hash } } });
    expect((await done).name).toBe('decided-4');
  });
});
