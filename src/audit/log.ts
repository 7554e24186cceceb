/**
 * The audit trail: one JSON line per provider call attempt, appended to `<data dir>/audit.jsonl`.
 * Appends are single O_APPEND writes, so lines from several worker processes never interleave.
 * Everything is sanitized on the way in: a record can never carry a credential.
 */
import fs from 'node:fs';
import path from 'node:path';
import { dataDir } from '../config/paths';
import { sanitize } from './sanitize';

/** One audited activity attempt (the spec's InfraEvent plus Temporal's coordinates). */
export interface AuditRecord {
  /** ISO-8601, when the attempt ended. */
  timestamp: string;
  /** Operation type, e.g. `vps.create`, `dns.set`. */
  type: string;
  /** The activity function's name. */
  activity: string;
  provider: string | null;
  /** Sanitized activity input. */
  input: unknown;
  /** Sanitized result; null on failure. */
  output: unknown;
  success: boolean;
  /** InfraError code or ApplicationFailure type, on failure. */
  errorCode?: string;
  /** Sanitized error message, on failure. */
  errorMessage?: string;
  durationMs: number;
  workflowId: string;
  runId: string;
  attempt: number;
}

/** Filters for {@link AuditLog.list}; all optional. */
export interface AuditFilter {
  /** Newest records first, at most this many. @default 50 */
  limit?: number;
  type?: string;
  provider?: string;
  workflowId?: string;
  /** Only records at or after this time (ISO string or Date). */
  since?: string | Date;
  success?: boolean;
}

export interface AuditLogOptions {
  /** @default `<dataDir(env)>/audit.jsonl` */
  file?: string;
  env?: NodeJS.ProcessEnv;
  /** Known credentials to scrub from every record (e.g. `() => store.secrets()`). */
  secrets?: () => readonly string[];
}

/** Default audit file for an environment. */
export function auditFile(env: NodeJS.ProcessEnv = process.env): string {
  return path.join(dataDir(env), 'audit.jsonl');
}

export class AuditLog {
  readonly file: string;
  private readonly secrets: () => readonly string[];

  constructor(opts: AuditLogOptions = {}) {
    this.file = opts.file ?? auditFile(opts.env ?? process.env);
    this.secrets = opts.secrets ?? (() => []);
  }

  /** Sanitizes and appends one record as one line. */
  append(record: AuditRecord): void {
    const secrets = this.secrets();
    const clean: AuditRecord = {
      ...record,
      input: sanitize(record.input, { secrets }),
      output: sanitize(record.output, { secrets }),
      ...(record.errorMessage !== undefined ? { errorMessage: sanitize(record.errorMessage, { secrets }) as string } : {}),
    };
    const dir = path.dirname(this.file);
    fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
    const fd = fs.openSync(this.file, fs.constants.O_WRONLY | fs.constants.O_APPEND | fs.constants.O_CREAT, 0o600);
    try {
      fs.writeSync(fd, Buffer.from(`${JSON.stringify(clean)}\n`, 'utf8'));
    } finally {
      fs.closeSync(fd);
    }
  }

  /** Matching records, newest first. Malformed lines (a crash mid-write) are skipped. */
  list(filter: AuditFilter = {}): AuditRecord[] {
    let text: string;
    try {
      text = fs.readFileSync(this.file, 'utf8');
    } catch (err: any) {
      if (err?.code === 'ENOENT') return [];
      throw err;
    }
    const since = filter.since === undefined ? undefined : new Date(filter.since).getTime();
    const limit = filter.limit ?? 50;
    const out: AuditRecord[] = [];
    const lines = text.split('\n');
    for (let i = lines.length - 1; i >= 0 && out.length < limit; i--) {
      const r = parseLine(lines[i]);
      if (!r) continue;
      if (filter.type !== undefined && r.type !== filter.type) continue;
      if (filter.provider !== undefined && r.provider !== filter.provider) continue;
      if (filter.workflowId !== undefined && r.workflowId !== filter.workflowId) continue;
      if (filter.success !== undefined && r.success !== filter.success) continue;
      if (since !== undefined && !(Date.parse(r.timestamp) >= since)) continue;
      out.push(r);
    }
    return out;
  }
}

function parseLine(line: string): AuditRecord | null {
  if (line.trim() === '') return null;
  try {
    const r = JSON.parse(line);
    return r && typeof r === 'object' && typeof r.type === 'string' && typeof r.timestamp === 'string' ? (r as AuditRecord) : null;
  } catch {
    return null;
  }
}
