/**
 * The command set of a simulated fresh Ubuntu VPS, run over a parsed script. Output mimics the
 * real tools closely enough that parsers written for a real host work unchanged.
 */
import { setTimeout as delay } from 'node:timers/promises';
import { SIM_FAZT_VERSION, type Machine } from './machine';
import { parseScript, ScriptSyntaxError, type SimpleCommand } from './script';

export interface RunContext {
  machine: Machine;
  now(): number;
  /** Aborted when the client goes away or the host reboots. */
  signal?: AbortSignal;
}

export interface RunResult {
  stdout: string;
  stderr: string;
  exitCode: number;
  /** Set by `exit`: the script (or shell session) ends. */
  exited?: boolean;
}

interface Out {
  out: string;
  err: string;
  code: number;
  exit?: boolean;
}

/** Runs a whole script as `bash -c` would. */
export async function runScript(script: string, ctx: RunContext): Promise<RunResult> {
  let items;
  try {
    items = parseScript(script);
  } catch (err) {
    if (err instanceof ScriptSyntaxError) return { stdout: '', stderr: `bash: -c: ${err.message}\n`, exitCode: 2 };
    throw err;
  }
  let stdout = '';
  let stderr = '';
  let code = 0;
  for (const item of items) {
    if ((item.op === '&&' && code !== 0) || (item.op === '||' && code === 0)) continue;
    let input = '';
    for (let i = 0; i < item.pipeline.length; i++) {
      const cmd = item.pipeline[i];
      const r = await runCommand(cmd.argv, input, ctx);
      const routed = route(r, cmd);
      stderr += routed.err;
      code = r.code;
      if (i < item.pipeline.length - 1) input = routed.out;
      else stdout += routed.out;
      if (r.exit) return { stdout, stderr, exitCode: r.code, exited: true };
    }
  }
  return { stdout, stderr, exitCode: code };
}

function route(r: Out, cmd: SimpleCommand): { out: string; err: string } {
  let streams: Record<1 | 2, string> = { 1: r.out, 2: r.err };
  for (const red of cmd.redirects) {
    const next = { ...streams };
    if (red.to === 'null') next[red.fd] = '';
    else if (red.to !== red.fd) {
      next[red.to] += streams[red.fd];
      next[red.fd] = '';
    }
    streams = next;
  }
  return { out: streams[1], err: streams[2] };
}

const ok = (out = ''): Out => ({ out, err: '', code: 0 });
const fail = (err: string, code = 1, out = ''): Out => ({ out, err, code });
const notFound = (name: string): Out => fail(`bash: ${name}: command not found\n`, 127);

async function runCommand(argv: string[], stdin: string, ctx: RunContext): Promise<Out> {
  const [name, ...args] = argv;
  const m = ctx.machine;
  const now = ctx.now();
  switch (name) {
    case 'echo': {
      const noNewline = args[0] === '-n';
      const text = (noNewline ? args.slice(1) : args).join(' ');
      return ok(noNewline ? text : `${text}\n`);
    }
    case 'true':
    case ':':
      return ok();
    case 'false':
      return fail('', 1);
    case 'exit': {
      const n = args[0] === undefined ? 0 : Number(args[0]);
      if (!Number.isInteger(n)) return { out: '', err: `bash: exit: ${args[0]}: numeric argument required\n`, code: 2, exit: true };
      return { out: '', err: '', code: ((n % 256) + 256) % 256, exit: true };
    }
    case 'cat':
      return cat(args, stdin, m, now);
    case 'hostname':
      return ok(`${m.name}\n`);
    case 'whoami':
      return ok('root\n');
    case 'id':
      return ok('uid=0(root) gid=0(root) groups=0(root)\n');
    case 'pwd':
      return ok('/root\n');
    case 'uname':
      return ok(args.includes('-a') ? `Linux ${m.name} 6.8.0-51-generic #52-Ubuntu SMP x86_64 x86_64 x86_64 GNU/Linux\n` : args.includes('-r') ? '6.8.0-51-generic\n' : 'Linux\n');
    case 'uptime':
      return ok(uptimeLine(m, now));
    case 'df':
      return ok(df(m, now, args));
    case 'free':
      return ok(free(m, now, args));
    case 'sleep':
      await sleep(Number(args[0] ?? 0) * 1000, ctx);
      return ok();
    case 'test':
    case '[':
      return testCmd(name === '[' ? args.slice(0, -1) : args, m, now);
    case 'command':
    case 'which': {
      const target = args.filter((a) => a !== '-v')[0];
      const path = target ? which(target, m, now) : null;
      return path ? ok(`${path}\n`) : fail('', 1);
    }
    case 'cloud-init':
      return cloudInit(args, ctx);
    case 'fazt':
      if (!m.faztInstalled(now)) return notFound(name);
      if (args[0] === '--version' || args[0] === 'version') return ok(`fazt version ${SIM_FAZT_VERSION}\n`);
      return fail(`fazt: "${args.join(' ')}" is not available on this simulated host\n`, 1);
    case 'systemctl':
      return systemctl(args, m, now);
    default:
      return notFound(name);
  }
}

function cat(paths: string[], stdin: string, m: Machine, now: number): Out {
  if (paths.length === 0) return ok(stdin);
  const files = m.files(now);
  let out = '';
  let err = '';
  for (const p of paths) {
    if (p === '/proc/uptime') out += `${m.uptimeSec(now).toFixed(2)} ${(m.uptimeSec(now) * 1.9).toFixed(2)}\n`;
    else if (p === '/proc/loadavg') out += `${m.load(now).map((n) => n.toFixed(2)).join(' ')} 1/123 ${1000 + Math.floor(m.uptimeSec(now))}\n`;
    else if (files.has(p)) out += files.get(p);
    else err += `cat: ${p}: No such file or directory\n`;
  }
  return { out, err, code: err ? 1 : 0 };
}

function uptimeLine(m: Machine, now: number): string {
  const clock = new Date(now).toISOString().slice(11, 19);
  const mins = Math.floor(m.uptimeSec(now) / 60);
  const up = mins < 60 ? `${mins} min` : `${Math.floor(mins / 60)}:${String(mins % 60).padStart(2, '0')}`;
  return ` ${clock} up ${up},  0 users,  load average: ${m.load(now).map((n) => n.toFixed(2)).join(', ')}\n`;
}

function df(m: Machine, now: number, args: string[]): string {
  const { total, used } = m.disk(now);
  const pct = `${Math.ceil((used / total) * 100)}%`;
  const bytes = args.includes('-B1');
  const unit = bytes ? 1 : 1024;
  const header = bytes ? 'Filesystem       1B-blocks       Used   Available Use% Mounted on' : 'Filesystem     1K-blocks    Used Available Use% Mounted on';
  const cols = [Math.floor(total / unit), Math.floor(used / unit), Math.floor((total - used) / unit)];
  return `${header}\n/dev/sda1      ${cols.map((c) => String(c).padStart(11)).join(' ')} ${pct.padStart(4)} /\n`;
}

function free(m: Machine, now: number, args: string[]): string {
  const { total, used } = m.memory(now);
  const unit = args.includes('-b') ? 1 : args.includes('-m') ? 1048576 : 1024;
  const cache = Math.floor(total * 0.12);
  const row = [total, used, total - used - cache, 1_048_576, cache, total - used].map((n) => String(Math.floor(n / unit)).padStart(11));
  return `               total        used        free      shared  buff/cache   available\nMem:    ${row.join(' ')}\nSwap:   ${['0', '0', '0'].map((s) => s.padStart(11)).join(' ')}\n`;
}

function testCmd(args: string[], m: Machine, now: number): Out {
  if (args.length === 2 && ['-e', '-f', '-s', '-r'].includes(args[0])) {
    const f = m.files(now).get(args[1]);
    const exists = f !== undefined || args[1].startsWith('/proc/');
    return fail('', exists && (args[0] !== '-s' || (f ?? 'x').length > 0) ? 0 : 1);
  }
  if (args.length === 2 && args[0] === '-d') return fail('', ['/', '/root', '/etc', '/tmp'].includes(args[1]) || [...m.files(now).keys()].some((p) => p.startsWith(`${args[1].replace(/\/$/, '')}/`)) ? 0 : 1);
  if (args.length === 1) return fail('', args[0] ? 0 : 1);
  if (args.length === 3 && (args[1] === '=' || args[1] === '!=')) return fail('', (args[0] === args[2]) === (args[1] === '=') ? 0 : 1);
  return fail('', 1);
}

function which(cmd: string, m: Machine, now: number): string | null {
  const builtins = ['echo', 'true', 'false', 'test', 'exit', 'command', ':'];
  if (builtins.includes(cmd)) return cmd;
  const bins: Record<string, string> = { cat: '/usr/bin/cat', hostname: '/usr/bin/hostname', uptime: '/usr/bin/uptime', df: '/usr/bin/df', free: '/usr/bin/free', sleep: '/usr/bin/sleep', systemctl: '/usr/bin/systemctl', 'cloud-init': '/usr/bin/cloud-init', uname: '/usr/bin/uname' };
  if (cmd === 'fazt') return m.faztInstalled(now) ? '/usr/local/bin/fazt' : null;
  return bins[cmd] ?? null;
}

async function cloudInit(args: string[], ctx: RunContext): Promise<Out> {
  if (args[0] !== 'status') return fail(`usage: /usr/bin/cloud-init [-h] [--version] [--debug] [--force] ...\ncloud-init: error: unsupported subcommand in this simulation\n`, 2);
  const m = ctx.machine;
  let out = '';
  if (args.includes('--wait') || args.includes('-w')) {
    while (m.cloudInit(ctx.now()) === 'running' && !ctx.signal?.aborted) {
      out += '.';
      await sleep(Math.min(250, Math.max(10, m.cloudInitDoneAt - ctx.now())), ctx);
    }
    if (out) out += '\n';
  }
  const now = ctx.now();
  const state = m.cloudInit(now);
  const code = state === 'error' ? 1 : 0;
  const fi = args.indexOf('--format');
  if (fi >= 0 && args[fi + 1] === 'json') {
    const json = {
      boot_status_code: 'enabled-by-generator',
      datasource: m.provider,
      detail: state === 'running' ? 'Running in stage: modules-final' : `DataSource${m.provider[0].toUpperCase()}${m.provider.slice(1)}`,
      errors: state === 'error' ? [m.facts.error ?? 'unknown error'] : [],
      extended_status: state,
      last_update: new Date(Math.min(now, m.cloudInitDoneAt)).toUTCString().replace('GMT', '+0000'),
      recoverable_errors: {},
      status: state,
    };
    return { out: out + JSON.stringify(json, null, 1) + '\n', err: '', code };
  }
  return { out: `${out}status: ${state}\n`, err: '', code };
}

function systemctl(args: string[], m: Machine, now: number): Out {
  const [verb, unit] = args.filter((a) => !a.startsWith('-'));
  const service = (unit ?? '').replace(/\.service$/, '');
  const known = service === 'fazt' && m.faztInstalled(now);
  switch (verb) {
    case 'is-active':
      if (!unit) return fail('Too few arguments.\n', 1);
      return known && m.faztActive(now) ? ok('active\n') : fail('', 3, 'inactive\n');
    case 'start':
    case 'stop':
    case 'restart':
      if (!known) return fail(`Failed to ${verb} ${service}.service: Unit ${service}.service not found.\n`, 5);
      m.setFaztStopped(verb === 'stop');
      return ok();
    case 'status':
      if (!known) return fail(`Unit ${service}.service could not be found.\n`, 4);
      return m.faztActive(now)
        ? ok(`● fazt.service - Fazt\n     Loaded: loaded (/etc/systemd/system/fazt.service; enabled)\n     Active: active (running)\n`)
        : fail('', 3, `○ fazt.service - Fazt\n     Loaded: loaded (/etc/systemd/system/fazt.service; enabled)\n     Active: inactive (dead)\n`);
    default:
      return fail(`Unknown command verb ${verb ?? ''}.\n`, 1);
  }
}

async function sleep(ms: number, ctx: RunContext): Promise<void> {
  if (!Number.isFinite(ms) || ms <= 0) return;
  try {
    await delay(ms, undefined, { signal: ctx.signal });
  } catch {
    // Aborted: the client went away; the result is discarded anyway.
  }
}
