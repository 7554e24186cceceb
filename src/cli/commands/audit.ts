/**
 * `fazt dev infra audit`: the audit trail of provider calls, newest first.
 *
 *   fazt dev infra audit [--limit 20] [--type vps.create] [--provider hetzner] [--workflow <id>]
 *                        [--since 1h|2025-01-01T00:00:00Z] [--failed] [--http] [--json]
 *   fazt dev infra audit verify [--json]   checks the hash chain; exits 1 at the first broken record
 *   fazt dev infra audit export            every record, oldest first, as JSON lines
 */
import type { Command } from 'commander';
import type { ChainReport } from '../../audit/chain';
import { AuditLog, type AuditEntry, type AuditFilter } from '../../audit/log';
import { parseDuration } from '../../config';
import { InfraError } from '../../domain/errors';
import { json, table } from '../output';
import { CliExit } from '../session';

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
  http?: boolean;
  json?: boolean;
}

/** Adds `audit` under `fazt dev infra`. */
export function registerAuditCommand(infra: Command, deps: AuditCommandDeps): Command {
  const audit = deps.audit ?? (() => new AuditLog());
  const now = deps.now ?? Date.now;
  const cmd = infra
    .command('audit')
    .description('The audit trail of provider calls and decisions (one line per attempt), newest first')
    .option('--limit <n>', 'how many records', '20')
    .option('--type <type>', 'only this operation type, e.g. vps.create')
    .option('--provider <provider>', 'only this provider')
    .option('--workflow <id>', 'only this workflow id')
    .option('--since <when>', 'only records since an ISO time or a duration ago (e.g. 1h)')
    .option('--failed', 'only failed attempts')
    .option('--http', 'also each provider HTTP request (intent and outcome)')
    .option('--json', 'print JSON')
    .action((opts: AuditOptions) => {
      const filter: AuditFilter = {
        limit: parseLimit(opts.limit),
        type: opts.type,
        provider: opts.provider,
        workflowId: opts.workflow,
        since: opts.since === undefined ? undefined : parseSince(opts.since, now()),
        success: opts.failed ? false : undefined,
        http: opts.http,
      };
      const records = audit().list(filter);
      deps.out(opts.json ? json(records) : renderAudit(records));
    });
  cmd.command('verify').description('Check the hash chain of the whole trail (rotated files too); exit 1 at the first broken record')
    .option('--json', 'print JSON')
    .action((_o: unknown, sub: Command) => {
      const report = audit().verify();
      // `--json` may be read by `audit` itself (it has the same option): take it from either.
      deps.out(sub.optsWithGlobals().json ? json(report) : renderReport(report));
      if (!report.ok) throw new CliExit(1);
    });
  cmd.command('export').description('Every record, oldest first, as JSON lines')
    .action(() => {
      const lines: string[] = [];
      for (const r of audit().entries()) lines.push(JSON.stringify(r));
      if (lines.length) deps.out(lines.join('\n'));
    });
  return cmd;
}

/** What `audit verify` prints. */
export function renderReport(r: ChainReport): string {
  const older = r.unchained ? ` (${r.unchained} older unchained record(s) before the chain began)` : '';
  if (r.ok) return `ok: ${r.records} record(s) in ${r.files.length} file(s), chain intact up to seq ${r.last?.seq ?? 0}${older}`;
  const b = r.broken!;
  return [
    `BROKEN at ${b.file} line ${b.line}${b.seq !== undefined ? ` (seq ${b.seq})` : ''}: ${b.problem}`,
    `${r.records} record(s) before it are intact${r.last ? ` (up to seq ${r.last.seq})` : ''}${older}`,
  ].join('\n');
}

/** The table people see. */
export function renderAudit(records: AuditEntry[]): string {
  return table(records, [
    { header: 'TIME', value: (r) => r.timestamp.replace('T', ' ').replace(/\.\d+Z$/, 'Z') },
    { header: 'TYPE', value: (r) => ('method' in r ? `${r.kind === 'http.intent' ? '→' : '←'} ${r.method} ${r.path}` : r.type) },
    { header: 'PROVIDER', value: (r) => r.provider ?? '-' },
    { header: 'RESULT', value: resultOf },
    { header: 'MS', value: (r) => r.durationMs ?? '', align: 'right' },
    { header: 'TRY', value: (r) => r.attempt ?? '', align: 'right' },
    { header: 'WORKFLOW', value: (r) => r.workflowId || '-' },
  ], 'No audit records yet.');
}

function resultOf(r: AuditEntry): string {
  if (r.kind === 'http.intent') return 'sent';
  if (r.kind === 'http.outcome') return r.status ? String(r.status) : r.error ?? 'no response';
  if (r.kind === 'decision') {
    const d = r.input as { approved?: boolean; by?: string; surface?: string } | null;
    return `${d?.approved ? 'approved' : 'rejected'} by ${d?.by ?? '?'} (${d?.surface ?? '?'})`;
  }
  return 'success' in r && r.success ? 'ok' : ('errorCode' in r && r.errorCode) || 'failed';
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
