/**
 * `fazt dev infra audit`: the audit trail of provider calls, newest first.
 *
 *   fazt dev infra audit [--limit 20] [--type vps.create] [--provider hetzner] [--workflow <id>]
 *                        [--since 1h|2025-01-01T00:00:00Z] [--failed] [--json]
 */
import type { Command } from 'commander';
import { AuditLog, type AuditFilter, type AuditRecord } from '../../audit/log';
import { parseDuration } from '../../config';
import { InfraError } from '../../domain/errors';
import { json, table } from '../output';

export interface AuditCommandDeps {
  /** @default () => new AuditLog() */
  audit?: () => AuditLog;
  out: (text: string) => void;
  /** @default Date.now (for `--since 1h`) */
  now?: () => number;
}

interface AuditOptions {
  limit: string;
  type?: string;
  provider?: string;
  workflow?: string;
  since?: string;
  failed?: boolean;
  json?: boolean;
}

/** Adds `audit` under `fazt dev infra`. */
export function registerAuditCommand(infra: Command, deps: AuditCommandDeps): Command {
  const audit = deps.audit ?? (() => new AuditLog());
  const now = deps.now ?? Date.now;
  return infra
    .command('audit')
    .description('The audit trail of provider calls (one line per attempt), newest first')
    .option('--limit <n>', 'how many records', '20')
    .option('--type <type>', 'only this operation type, e.g. vps.create')
    .option('--provider <provider>', 'only this provider')
    .option('--workflow <id>', 'only this workflow id')
    .option('--since <when>', 'only records since an ISO time or a duration ago (e.g. 1h)')
    .option('--failed', 'only failed attempts')
    .option('--json', 'print JSON')
    .action((opts: AuditOptions) => {
      const filter: AuditFilter = {
        limit: parseLimit(opts.limit),
        type: opts.type,
        provider: opts.provider,
        workflowId: opts.workflow,
        since: opts.since === undefined ? undefined : parseSince(opts.since, now()),
        success: opts.failed ? false : undefined,
      };
      const records = audit().list(filter);
      deps.out(opts.json ? json(records) : renderAudit(records));
    });
}

/** The table people see. */
export function renderAudit(records: AuditRecord[]): string {
  return table(records, [
    { header: 'TIME', value: (r) => r.timestamp.replace('T', ' ').replace(/\.\d+Z$/, 'Z') },
    { header: 'TYPE', value: (r) => r.type },
    { header: 'PROVIDER', value: (r) => r.provider ?? '-' },
    { header: 'RESULT', value: (r) => (r.success ? 'ok' : r.errorCode ?? 'failed') },
    { header: 'MS', value: (r) => r.durationMs, align: 'right' },
    { header: 'TRY', value: (r) => r.attempt, align: 'right' },
    { header: 'WORKFLOW', value: (r) => r.workflowId || '-' },
  ], 'No audit records yet.');
}

function parseLimit(text: string): number {
  const n = /^\d{1,6}$/.test(text) ? Number(text) : NaN;
  if (!(n >= 1 && n <= 100_000)) throw new InfraError('INFRA_INVALID_INPUT', `--limit must be a whole number from 1 to 100000, e.g. --limit 50`);
  return n;
}

function parseSince(text: string, nowMs: number): string {
  const ms = parseDuration(text);
  if (ms !== null) return new Date(nowMs - ms).toISOString();
  if (/^\d{4}-\d{2}-\d{2}/.test(text) && !Number.isNaN(Date.parse(text))) return new Date(text).toISOString();
  throw new InfraError('INFRA_INVALID_INPUT', `--since must be an ISO time (2025-01-31T12:00:00Z) or a duration such as 30m, 1h, 7d`);
}
