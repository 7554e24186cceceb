import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Command } from 'commander';
import { AuditLog, auditFile, type AuditRecord } from '../../src/audit';
import { registerAuditCommand } from '../../src/cli/commands/audit';
import { dataDir } from '../../src/config';
import { InfraError } from '../../src/domain/errors';

function record(over: Partial<AuditRecord>): AuditRecord {
  return {
    timestamp: '2025-01-01T00:00:00.000Z', type: 'vps.create', activity: 'createServer', provider: 'hetzner',
    input: {}, output: {}, success: true, durationMs: 12, workflowId: 'wf-1', runId: 'run-1', attempt: 1, ...over,
  };
}

describe('AuditLog', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fazt-audit-test-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('lives in the data dir: FAZT_DATA_DIR, else XDG_STATE_HOME/fazt, else ~/.local/state/fazt', () => {
    expect(dataDir({ FAZT_DATA_DIR: '/d', XDG_STATE_HOME: '/s' })).toBe('/d');
    expect(dataDir({ XDG_STATE_HOME: '/s', HOME: '/h' })).toBe('/s/fazt');
    expect(dataDir({ HOME: '/h' })).toBe('/h/.local/state/fazt');
    expect(auditFile({ FAZT_DATA_DIR: '/d' })).toBe('/d/audit.jsonl');
    expect(new AuditLog({ env: { FAZT_DATA_DIR: dir } }).file).toBe(path.join(dir, 'audit.jsonl'));
  });

  it('appends one sanitized line per record and lists newest first with filters', () => {
    const secret = 'live-token-0123456789';
    const log = new AuditLog({ file: path.join(dir, 'state', 'audit.jsonl'), secrets: () => [secret] });
    log.append(record({ timestamp: '2025-01-01T00:00:00.000Z', input: { name: 'a', token: secret }, output: { note: `used ${secret}` } }));
    log.append(record({ timestamp: '2025-01-02T00:00:00.000Z', type: 'dns.set', provider: 'cloudflare', workflowId: 'wf-2' }));
    log.append(record({ timestamp: '2025-01-03T00:00:00.000Z', success: false, errorCode: 'INFRA_RATE_LIMITED', errorMessage: `429 for ${secret}`, attempt: 2 }));
    const text = fs.readFileSync(log.file, 'utf8');
    expect(text.split('\n')).toHaveLength(4);
    expect(text).not.toContain(secret);
    expect(fs.statSync(log.file).mode & 0o777).toBe(0o600);

    expect(log.list().map((r) => r.timestamp.slice(0, 10))).toEqual(['2025-01-03', '2025-01-02', '2025-01-01']);
    expect(log.list({ limit: 1 })[0].errorMessage).toBe('429 for [REDACTED]');
    expect(log.list({ type: 'dns.set' }).map((r) => r.workflowId)).toEqual(['wf-2']);
    expect(log.list({ provider: 'hetzner' })).toHaveLength(2);
    expect(log.list({ workflowId: 'wf-1', success: false })).toHaveLength(1);
    expect(log.list({ since: '2025-01-02T00:00:00.000Z' })).toHaveLength(2);
    expect(log.list()[2].input).toEqual({ name: 'a', token: '[REDACTED]' });
  });

  it('skips a torn last line and reads an absent file as empty', () => {
    const log = new AuditLog({ file: path.join(dir, 'audit.jsonl') });
    expect(log.list()).toEqual([]);
    log.append(record({}));
    fs.appendFileSync(log.file, '{"timestamp":"2025-01-0');
    expect(log.list()).toHaveLength(1);
  });

  it('fazt dev infra audit prints a table or JSON and validates its options', async () => {
    const log = new AuditLog({ file: path.join(dir, 'audit.jsonl') });
    log.append(record({ timestamp: '2025-01-01T10:00:00.000Z' }));
    log.append(record({ timestamp: '2025-01-01T11:00:00.000Z', type: 'dns.set', provider: 'cloudflare', success: false, errorCode: 'INFRA_UNAUTHORIZED', durationMs: 1234, attempt: 3 }));
    const out: string[] = [];
    const run = async (...args: string[]) => {
      const program = new Command('fazt').exitOverride();
      registerAuditCommand(program.command('dev').command('infra'), { audit: () => log, out: (s) => out.push(s), now: () => Date.parse('2025-01-01T11:30:00Z') });
      await program.parseAsync(['node', 'fazt', 'dev', 'infra', 'audit', ...args]);
      return out[out.length - 1];
    };
    const text = await run();
    expect(text.split('\n')[0]).toMatch(/^TIME\s+TYPE\s+PROVIDER\s+RESULT\s+MS\s+TRY\s+WORKFLOW$/);
    expect(text.split('\n')[1]).toMatch(/^2025-01-01 11:00:00Z\s+dns\.set\s+cloudflare\s+INFRA_UNAUTHORIZED\s+1234\s+3\s+wf-1$/);
    expect(text.split('\n')[2]).toMatch(/vps\.create\s+hetzner\s+ok/);
    expect(JSON.parse(await run('--json', '--type', 'vps.create'))).toHaveLength(1);
    expect(JSON.parse(await run('--json', '--provider', 'cloudflare', '--failed'))[0].errorCode).toBe('INFRA_UNAUTHORIZED');
    expect(JSON.parse(await run('--json', '--since', '45m'))).toHaveLength(1);
    expect(JSON.parse(await run('--json', '--limit', '1'))).toHaveLength(1);
    expect(await run('--type', 'domain.register')).toBe('No audit records yet.');
    for (const bad of [['--limit', '0'], ['--limit', 'ten'], ['--since', 'yesterday']]) {
      await expect(run(...bad)).rejects.toThrow(InfraError);
    }
  });
});
