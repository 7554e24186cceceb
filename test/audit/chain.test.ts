/**
 * The audit trail's hash chain: `audit verify` passes on an intact trail (also across rotation and
 * with several processes appending at once) and names the first edited, deleted or reordered line.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Command } from 'commander';
import { AuditLog, GENESIS, type AuditRecord } from '../../src/audit';
import { registerAuditCommand } from '../../src/cli/commands/audit';
import { CliExit } from '../../src/cli/session';
import { ensureWorkerBuilt } from '../helpers/worker-process';

function record(n: number, over: Partial<AuditRecord> = {}): AuditRecord {
  return {
    timestamp: new Date(Date.UTC(2025, 0, 1, 0, 0, n)).toISOString(), type: 'vps.create', activity: 'createServer', provider: 'hetzner',
    input: { name: `s-${n}` }, output: { id: n }, success: true, durationMs: n, workflowId: `wf-${n}`, runId: 'run', attempt: 1, ...over,
  };
}

describe('audit hash chain', () => {
  let dir: string;
  let file: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fazt-chain-test-'));
    file = path.join(dir, 'audit.jsonl');
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  const lines = () => fs.readFileSync(file, 'utf8').split('\n').filter(Boolean);
  const writeLines = (ls: string[]) => fs.writeFileSync(file, `${ls.join('\n')}\n`);
  const cli = async (log: AuditLog, ...args: string[]) => {
    const out: string[] = [];
    const program = new Command('fazt').exitOverride();
    registerAuditCommand(program.command('dev').command('infra'), { audit: () => log, out: (s) => out.push(s) });
    let exitCode = 0;
    try {
      await program.parseAsync(['node', 'fazt', 'dev', 'infra', 'audit', ...args]);
    } catch (err) {
      if (!(err instanceof CliExit)) throw err;
      exitCode = err.exitCode;
    }
    return { out: out.join('\n'), exitCode };
  };

  it('links each record to the one before it: seq, prev and a hash of its content', () => {
    const log = new AuditLog({ file });
    for (let i = 1; i <= 3; i++) log.append(record(i));
    const rs = lines().map((l) => JSON.parse(l));
    expect(rs.map((r) => r.seq)).toEqual([1, 2, 3]);
    expect(rs[0].prev).toBe(GENESIS);
    expect(rs[1].prev).toBe(rs[0].hash);
    expect(rs[2].prev).toBe(rs[1].hash);
    expect(new Set(rs.map((r) => r.hash)).size).toBe(3);
    // A second writer (a new process) continues the chain from the file, not from its memory.
    new AuditLog({ file }).append(record(4));
    expect(JSON.parse(lines()[3])).toMatchObject({ seq: 4, prev: rs[2].hash });
  });

  it('audit verify passes on an intact trail and exits 1 naming the first edited, deleted or reordered line', async () => {
    const log = new AuditLog({ file });
    for (let i = 1; i <= 5; i++) log.append(record(i));
    const intact = lines();
    const ok = await cli(log, 'verify');
    expect(ok).toEqual({ exitCode: 0, out: expect.stringMatching(/^ok: 5 record\(s\) in 1 file\(s\), chain intact up to seq 5$/) });

    // Edited: a different server name on line 3, the rest untouched.
    writeLines(intact.map((l, i) => (i === 2 ? l.replace('"s-3"', '"s-9"') : l)));
    const edited = await cli(log, 'verify');
    expect(edited.exitCode).toBe(1);
    expect(edited.out).toContain(`BROKEN at ${file} line 3 (seq 3): content changed`);
    expect(log.verify().broken).toMatchObject({ line: 3, seq: 3 });

    // Deleted: line 2 gone.
    writeLines(intact.filter((_, i) => i !== 1));
    const deleted = await cli(log, 'verify', '--json');
    expect(deleted.exitCode).toBe(1);
    expect(JSON.parse(deleted.out)).toMatchObject({ ok: false, records: 1, broken: { line: 2, seq: 3, problem: expect.stringContaining('1 record(s) missing') } });

    // Reordered: lines 3 and 4 swapped.
    writeLines([intact[0], intact[1], intact[3], intact[2], intact[4]]);
    expect(log.verify()).toMatchObject({ ok: false, broken: { line: 3, seq: 4, problem: expect.stringMatching(/expected seq 3, found 4/) } });

    // A forged line with a recomputed hash still breaks the link to its neighbours.
    const forged = { ...JSON.parse(intact[2]), input: { name: 'forged' } };
    const { recordHash } = await import('../../src/audit/chain');
    forged.hash = recordHash(forged);
    writeLines([intact[0], intact[1], JSON.stringify(forged), intact[3], intact[4]]);
    expect(log.verify()).toMatchObject({ ok: false, broken: { line: 4, seq: 4, problem: expect.stringContaining('prev does not match') } });

    writeLines(intact);
    expect(log.verify()).toMatchObject({ ok: true, records: 5 });
  });

  it('rotation keeps the chain: the new file starts from the last hash of the old one', async () => {
    const log = new AuditLog({ file, maxBytes: 1500 });
    for (let i = 1; i <= 20; i++) log.append(record(i));
    const files = log.files();
    expect(files.length).toBeGreaterThan(2);
    expect(files[files.length - 1]).toBe(file);
    expect(files[0]).toBe(`${file}.1`);
    const first = (f: string) => JSON.parse(fs.readFileSync(f, 'utf8').split('\n')[0]);
    const last = (f: string) => JSON.parse(fs.readFileSync(f, 'utf8').trim().split('\n').pop()!);
    for (let i = 1; i < files.length; i++) {
      expect(first(files[i]).prev).toBe(last(files[i - 1]).hash);
      expect(first(files[i]).seq).toBe(last(files[i - 1]).seq + 1);
    }
    expect(log.verify()).toMatchObject({ ok: true, records: 20, files });
    expect([...log.entries()].map((r) => r.seq)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    const exported = await cli(log, 'export');
    expect(exported.out.split('\n').map((l) => JSON.parse(l).seq)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    // Losing a whole rotated file in the middle is caught where the next one starts.
    fs.rmSync(files[1]);
    expect(log.verify()).toMatchObject({ ok: false, broken: { file: files[2], line: 1, problem: expect.stringContaining('missing') } });
  });

  it('older unchained lines before the chain are counted, and a torn last line gets a line of its own', () => {
    fs.writeFileSync(file, `${JSON.stringify(record(0))}\n`);
    const log = new AuditLog({ file });
    log.append(record(1));
    expect(log.verify()).toMatchObject({ ok: true, records: 1, unchained: 1 });
    fs.appendFileSync(file, '{"timestamp":"2025-0');
    log.append(record(2));
    expect(JSON.parse(lines()[3])).toMatchObject({ seq: 2 });
    // The crash fragment is still reported: the trail does not hide it.
    expect(log.verify()).toMatchObject({ ok: false, broken: { line: 3, problem: expect.stringContaining('not a JSON record') } });
  });

  it('several processes appending the same file at once keep one unbroken chain', async () => {
    await ensureWorkerBuilt();
    const lib = path.resolve(__dirname, '../../lib/audit/log.js');
    const script = `const { AuditLog } = require(${JSON.stringify(lib)});
      const log = new AuditLog({ file: process.argv[1] });
      for (let i = 0; i < 150; i++) log.append({ timestamp: new Date().toISOString(), type: 'vps.list', activity: 'listServers', provider: 'hetzner',
        input: { writer: process.pid, i }, output: null, success: true, durationMs: 0, workflowId: 'w', runId: 'r', attempt: 1 });`;
    const inProcess = new AuditLog({ file });
    const children = Array.from({ length: 4 }, () => new Promise<number>((resolve, reject) => {
      const child = spawn(process.execPath, ['-e', script, file], { stdio: ['ignore', 'ignore', 'inherit'] });
      child.on('error', reject);
      child.on('exit', (code) => resolve(code ?? -1));
    }));
    // This process writes too, between the children's appends.
    for (let i = 0; i < 50; i++) {
      inProcess.append(record(i));
      await new Promise((r) => setImmediate(r));
    }
    expect(await Promise.all(children)).toEqual([0, 0, 0, 0]);
    expect(lines()).toHaveLength(650);
    expect(inProcess.verify()).toMatchObject({ ok: true, records: 650 });
    expect(fs.existsSync(`${file}.lock`)).toBe(false);
  });
});
