/**
 * Operations across workflows: `launch <fqdn>`, `status <workflow-id>`, `pending`,
 * `approve <workflow-id>`, `reject <workflow-id>` and `operations`, under `fazt dev infra`.
 */
import { Command, Option } from 'commander';
import { z } from 'zod';
import type { LaunchResult } from '../../client/api';
import { intString, parseOptions, workflowIdSchema, type CliContext } from '../context';
import { cliDecider, decisionOptions, describeRequest, runOperation } from '../decisions';
import { InfraError } from '../../domain/errors';
import { launch, launchRegister } from '../../operations/catalogue';
import { json, table } from '../output';
import { collect, stripUndefined } from './vps';

const reasonSchema = z.string().trim().max(500, 'reason is longer than 500 characters');

function launchSummary(r: LaunchResult): string {
  const lines = [`Launched ${r.fqdn} on ${r.server.name} (${r.server.ip ?? 'no IPv4'})`];
  lines.push(table(r.records, [
    { header: 'TYPE', value: (x) => x.type },
    { header: 'NAME', value: (x) => x.name },
    { header: 'CONTENT', value: (x) => x.content },
    { header: 'TTL', value: (x) => x.ttl, align: 'right' },
  ], 'No records.'));
  const timings = Object.entries(r.timings).map(([step, ms]) => `${step} ${(ms / 1000).toFixed(1)}s`).join(', ');
  if (timings) lines.push(`Timings: ${timings}`);
  return lines.join('\n');
}

export function registerOperationsCommands(infra: Command, ctx: CliContext): void {
  const { deps } = ctx;

  decisionOptions(infra.command('launch <fqdn>').description('Create a server and point a name at it, end to end'), launch)
    .option('--provider <provider>', 'VPS provider (default from config)')
    .option('--type <type>', 'server type')
    .option('--region <region>', 'region')
    .option('--ssh-key <key>', 'provider SSH key name (repeatable)', collect, [])
    .option('--ipv6', 'also set an AAAA record')
    .option('--detach', 'print the workflow id and return at once')
    .option('--register', 'first register the domain (costs money, non-refundable; one confirmation for everything)')
    .option('--domain <domain>', 'with --register: the domain to buy (default: the last two labels)')
    .option('--years <n>', 'with --register: registration period, 1 to 10', '1')
    .option('--json', 'print JSON')
    .action(async (fqdn: string, o: Record<string, any>) => {
      // Validated once, by the client, with the operation's schema.
      const input = stripUndefined({
        fqdn, provider: o.provider, type: o.type, region: o.region, sshKeys: o.sshKey.length ? o.sshKey : undefined, ipv6: o.ipv6,
      });
      if (o.register) {
        const years = /^\d+$/.test(o.years) ? Number(o.years) : NaN;
        const r = await runOperation(ctx, launchRegister, stripUndefined({ app: input, domain: o.domain, years }) as never, o);
        if (r) deps.out(o.json ? json(r) : `Registered ${r.domain.domain} (expires ${r.domain.expiresAt ?? '-'})\n${launchSummary(r.launch)}`);
        return;
      }
      const client = await ctx.client();
      if (o.detach) {
        const started = await client.startLaunch(input, o.yes ? { autoApprove: true, decider: cliDecider() } : {});
        const uiUrl = started.uiUrl ?? (client.uiUrl ? `${client.uiUrl}/namespaces/default/workflows/${encodeURIComponent(started.workflowId)}` : undefined);
        if (o.json) return deps.out(json({ ...started, uiUrl }));
        deps.out([
          `Started ${started.workflowId}`,
          uiUrl ? `Temporal UI: ${uiUrl}` : '',
          `Follow it:  fazt dev infra status ${started.workflowId}`,
          o.yes ? '' : `It waits for approval: fazt dev infra approve ${started.workflowId}`,
        ].filter(Boolean).join('\n'));
        return;
      }
      const result = await runOperation(ctx, launch, input, o);
      if (result) deps.out(o.json ? json(result) : launchSummary(result));
    });

  infra.command('status <workflow-id>').description('Progress of an operation').option('--json', 'print JSON')
    .action(async (workflowId: string, o: { json?: boolean }) => {
      const id = parseOptions(workflowIdSchema, workflowId, 'workflow id');
      const p = await (await ctx.client()).progress(id);
      if (o.json) return deps.out(json(p));
      const lines = [`${id}: ${p.status} (${p.operation}, step ${p.step})`];
      lines.push(table(p.steps, [
        { header: 'STEP', value: (s) => s.step },
        { header: 'STARTED', value: (s) => s.startedAt },
        { header: 'FINISHED', value: (s) => s.finishedAt ?? '…' },
        { header: 'DETAIL', value: (s) => s.detail },
      ], 'No steps yet.'));
      if (p.waiting) lines.push(`Waiting on ${p.waiting.on}: ${p.waiting.detail}`);
      if (p.pendingConfirmation) lines.push(`Needs a decision: ${describeRequest(p.pendingConfirmation)}`, `  approve: fazt dev infra approve ${id}`);
      if (p.error) lines.push(`Error: ${typeof p.error === 'object' ? JSON.stringify(p.error) : String(p.error)}`);
      deps.out(lines.join('\n'));
    });

  infra.command('pending').description('Decisions waiting for a human').option('--json', 'print JSON')
    .action(async (o: { json?: boolean }) => {
      const list = await (await ctx.client()).pending();
      deps.out(o.json ? json(list) : table(list, [
        { header: 'WORKFLOW', value: (p) => p.workflowId },
        { header: 'ACTION', value: (p) => p.action },
        { header: 'REASON', value: (p) => p.reason },
        { header: 'EXPIRES', value: (p) => p.expiresAt },
      ], 'Nothing is waiting for a decision.'));
    });

  for (const verb of ['approve', 'reject'] as const) {
    infra.command(`${verb} <workflow-id>`).description(verb === 'approve' ? 'Approve a pending decision' : 'Reject a pending decision')
      .option('--reason <text>', 'why (kept in the workflow history)')
      .option('--hash <sha256>', 'refuse unless the pending request is still the one with this hash (as `pending --json` showed it)')
      .option('--request <id>', 'refuse unless the pending request still has this id')
      .addOption(new Option('--by <name>').hideHelp())
      .option('--json', 'print the decision record as JSON')
      .action(async (workflowId: string, o: { reason?: string; by?: string; hash?: string; request?: string; json?: boolean }) => {
        const decider = cliDecider();
        // The decider is the OS user running this command; a name typed here could be anyone's.
        if (o.by !== undefined) throw new InfraError('INFRA_INVALID_INPUT', `--by is not accepted: decisions are recorded under your OS user (${decider.by})`);
        const id = parseOptions(workflowIdSchema, workflowId, 'workflow id');
        const reason = o.reason === undefined ? undefined : parseOptions(reasonSchema, o.reason, '--reason');
        const requestHash = o.hash === undefined ? undefined : parseOptions(z.string().regex(/^[0-9a-f]{64}$/, 'is not a sha256 hex digest'), o.hash, '--hash');
        const requestId = o.request === undefined ? undefined : parseOptions(z.string().min(1).max(64), o.request, '--request');
        const record = await (await ctx.client())[verb](id, stripUndefined({ decider, reason, requestHash, requestId }));
        if (o.json) return deps.out(json(record));
        deps.out([
          `${verb === 'approve' ? 'Approved' : 'Rejected'} ${id} as ${record.by} (${record.surface})`,
          `  ${record.request.reason}`,
          `  request ${record.requestId}, sha256 ${record.requestHash}`,
        ].join('\n'));
      });
  }

  infra.command('operations').description('Recent operations').option('--limit <n>', 'how many', '20').option('--json', 'print JSON')
    .action(async (o: { limit: string; json?: boolean }) => {
      const limit = parseOptions(intString('--limit', 1, 1000), o.limit);
      const ops = await (await ctx.client()).operations({ limit });
      deps.out(o.json ? json(ops) : table(ops, [
        { header: 'WORKFLOW', value: (x) => x.workflowId },
        { header: 'TYPE', value: (x) => x.type },
        { header: 'STATUS', value: (x) => x.status },
        { header: 'PROVIDER', value: (x) => x.provider },
        { header: 'STARTED', value: (x) => x.startedAt },
      ], 'No operations yet.'));
    });
}

