import { CommanderError } from 'commander';
import { describeFailure, exitCodeFor } from '../../src/cli/exit-codes';
import { CliExit } from '../../src/cli/context';
import { InfraError, INFRA_ERROR_CODES } from '../../src/domain/errors';
import { ApplicationFailure } from '@temporalio/common';
import { FakeInfraClient } from '../helpers/fake-client';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startSandbox } from '../../src/sandbox';
import { ConfigStore } from '../../src/config';
import { Command } from 'commander';
import { createProgram } from '../../src/cli/program';
import { OPERATIONS } from '../../src/operations/catalogue';
import { run } from './harness';

describe('exit codes', () => {
  test('map InfraError codes: INVALID_INPUT 2, NOT_CONFIGURED 3, NOT_FOUND 4, CANCELED 5, others 1', () => {
    const table = Object.fromEntries(INFRA_ERROR_CODES.map((c) => [c, exitCodeFor(c)]));
    expect(table).toEqual({
      INFRA_ACTION_REQUIRED: 1, INFRA_NOT_SUPPORTED: 1,
      INFRA_NOT_CONFIGURED: 3, INFRA_PROVIDER_ERROR: 1, INFRA_RATE_LIMITED: 1, INFRA_QUOTA_EXCEEDED: 1, INFRA_INSUFFICIENT_FUNDS: 1,
      INFRA_CANCELED: 5, INFRA_INVALID_INPUT: 2, INFRA_NOT_FOUND: 4, INFRA_CONFLICT: 1, INFRA_UNAUTHORIZED: 1, INFRA_TIMEOUT: 1, INFRA_UNREACHABLE: 1,
    });
  });

  test('describeFailure prints error + hint, JSON with --json, and unwraps Temporal failures', () => {
    const e = new InfraError('INFRA_NOT_CONFIGURED', 'Provider hetzner is not configured', { hint: 'Run: fazt dev config infra.vps.hetzner --token xxx' });
    expect(describeFailure(e, { json: false })).toEqual({ exitCode: 3, text: 'error: Provider hetzner is not configured\nhint: Run: fazt dev config infra.vps.hetzner --token xxx' });
    expect(JSON.parse(describeFailure(e, { json: true }).text)).toEqual({ error: e.toJSON() });
    const limited = new InfraError('INFRA_RATE_LIMITED', 'slow down', { retryAfterMs: 2500 });
    expect(describeFailure(limited, { json: false }).text).toBe('error: slow down\nhint: retry after 3s');
    const wrapped = Object.assign(new Error('workflow failed'), { cause: ApplicationFailure.create({ type: 'INFRA_CANCELED', message: 'Rejected by cli' }) });
    expect(describeFailure(wrapped, { json: false })).toEqual({ exitCode: 5, text: 'error: Rejected by cli' });
    expect(describeFailure(new Error('boom'), { json: false })).toEqual({ exitCode: 1, text: 'error: boom' });
    expect(describeFailure(new CliExit(7), { json: false })).toEqual({ exitCode: 7, text: '' });
    expect(describeFailure(new CommanderError(1, 'commander.unknownOption', 'x'), { json: false }).exitCode).toBe(2);
    expect(describeFailure(new CommanderError(0, 'commander.helpDisplayed', ''), { json: false }).exitCode).toBe(0);
  });
});

describe('program', () => {
  test('--yes is offered exactly by the commands whose operation may wait for a human (from the catalogue)', () => {
    const program = createProgram({ client: async () => new FakeInfraClient(), out: () => undefined, err: () => undefined, prompt: async () => '', isTTY: false });
    const withYes: string[] = [];
    const walk = (c: Command, path: string[]) => {
      if (c.options.some((o) => o.long === '--yes')) withYes.push(path.join(' '));
      for (const sub of c.commands) walk(sub, [...path, sub.name()]);
    };
    walk(program, []);
    // drift --fix may order a deleted server again (vps.create), orphans --remove destroys (vps.destroy).
    expect(withYes.sort()).toEqual(['dev infra dns set-many', 'dev infra domain register', 'dev infra domain transfer', 'dev infra drift', 'dev infra launch', 'dev infra orphans', 'dev infra vps create', 'dev infra vps destroy']);
    const gated = Object.values(OPERATIONS).filter((o) => o.decision !== 'none').map((o) => o.name).sort();
    expect(gated).toEqual(['dns.setMany', 'domain.register', 'domain.transfer', 'launch', 'launchRegister', 'vps.create', 'vps.destroy']);
  });

  test('--help lists the nouns and needs no client', async () => {
    let connected = false;
    const r = await run(['dev', 'infra', '--help'], { deps: { client: async () => ((connected = true), new FakeInfraClient()) } });
    expect(r.exitCode).toBe(0);
    for (const noun of ['vps', 'dns', 'ssh-keys', 'launch', 'status', 'pending', 'approve', 'reject', 'operations']) {
      expect(r.out).toMatch(new RegExp(`^\\s+${noun}\\b`, 'm'));
    }
    expect(connected).toBe(false);
  });

  test('an unknown command is a usage error (exit 2)', async () => {
    const r = await run(['dev', 'infra', 'vps', 'explode']);
    expect(r.exitCode).toBe(2);
    expect(r.err).toContain("unknown command 'explode'");
  });

  test('the client is closed after the command', async () => {
    const client = new FakeInfraClient();
    await run(['dev', 'infra', 'vps', 'list'], { client });
    expect(client.closed).toBe(true);
  });
});

describe('fazt sandbox', () => {
  test('starts the simulators, prints URLs and config lines, stops on interrupt', async () => {
    let stopped = false;
    const r = await run(['sandbox'], {
      deps: {
        startSandbox: async (opts) => {
          const sb = await startSandbox({ ...opts, hosts: false, dns: false, bootMs: 10 });
          return { ...sb, stop: async () => ((stopped = true), sb.stop()) };
        },
        untilInterrupted: async () => undefined,
      },
    });
    expect(r.exitCode).toBe(0);
    expect(r.out).toMatch(/^hetzner\s+http:\/\/127\.0\.0\.1:\d+\/v1$/m);
    expect(r.out).toMatch(/^ {2}fazt dev config infra\.vps\.hetzner --endpoint http:\/\/127\.0\.0\.1:\d+\/v1 --token sandbox-hetzner-token$/m);
    expect(r.out).toMatch(/^ {2}fazt dev config infra\.dns\.cloudflare --endpoint http:\/\/127\.0\.0\.1:\d+\/client\/v4 --token \S+$/m);
    expect(r.out).toContain('Press Ctrl-C to stop.');
    expect(r.err).toBe('Sandbox stopped.');
    expect(stopped).toBe(true);
  });

  test('--configure writes the sandbox settings into the config store', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fazt-config-'));
    try {
      const store = new ConfigStore({ dir, env: {} });
      const r = await run(['sandbox', '--configure'], {
        deps: {
          configStore: () => store,
          startSandbox: (opts) => startSandbox({ ...opts, hosts: false, dns: false }),
          untilInterrupted: async () => undefined,
        },
      });
      expect(r.exitCode).toBe(0);
      expect(r.out).toContain('The fazt config now points at it');
      expect(store.isSandbox()).toBe(true);
      expect(store.configuredProviders('vps')).toEqual(['hetzner', 'digitalocean', 'vultr']);
      // The config view masks tokens; nothing printed by the command carries a stored credential beyond the sandbox's own.
      expect(JSON.stringify(store.view())).not.toContain('sandbox-hetzner-token');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test('--port-base is validated', async () => {
    const r = await run(['sandbox', '--port-base', '80'], { deps: { startSandbox: async () => { throw new Error('must not start'); } } });
    expect(r.exitCode).toBe(2);
    expect(r.err).toBe('error: Invalid options: --port-base must be between 1024 and 65000');
  });
});

describe('fazt mcp / fazt dashboard', () => {
  test('mcp serves the client, passing the allow flag through', async () => {
    const client = new FakeInfraClient();
    const served: unknown[] = [];
    await run(['mcp', '--allow-agent-approval'], { client, deps: { serveMcp: async (c, o) => void served.push([c === client, o]) } });
    expect(served).toEqual([[true, { allowAgentApproval: true }]]);
  });

  test('dashboard starts on the given port and prints its sign-in link once', async () => {
    const client = new FakeInfraClient();
    const r = await run(['dashboard', '--port', '0'], { client, deps: { untilInterrupted: async () => undefined } });
    expect(r.exitCode).toBe(0);
    expect(r.out).toMatch(/^Dashboard: http:\/\/127\.0\.0\.1:\d+\/#token=[A-Za-z0-9_-]{43}$/m);
    const bad = await run(['dashboard', '--port', 'http'], { client });
    expect(bad.exitCode).toBe(2);
  });

  test('dashboard refuses a non-loopback address over plain HTTP, and half a TLS pair', async () => {
    const client = new FakeInfraClient();
    const open = await run(['dashboard', '--port', '0', '--host', '0.0.0.0'], { client, deps: { untilInterrupted: async () => undefined } });
    expect(open.exitCode).toBe(2);
    expect(open.err).toContain('Refusing to serve the dashboard on 0.0.0.0 over plain HTTP');
    expect(open.err).toContain('--insecure-http');
    const half = await run(['dashboard', '--port', '0', '--tls-cert', 'cert.pem'], { client });
    expect(half.exitCode).toBe(2);
    expect(half.err).toContain('Give both --tls-cert and --tls-key');
  });

  test('dashboard with a configured token (file or env) never prints it, and signs in with it as the configured user', async () => {
    const client = new FakeInfraClient();
    const token = 'from-a-file-0123456789abcdef';
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'fazt-dash-token-')), 'token');
    fs.writeFileSync(file, `${token}\n`, { mode: 0o600 });
    const signInAs = async (args: string[], secret: string) => {
      let printed = '';
      let user: unknown;
      const r = await run(['dashboard', '--port', '0', ...args], {
        client,
        deps: {
          out: (t) => void (printed += t),
          untilInterrupted: async () => {
            const url = /^Dashboard: (\S+)/.exec(printed)![1];
            const res = await fetch(new URL('/api/session', url), {
              method: 'POST', body: JSON.stringify({ token: secret }), headers: { 'Content-Type': 'application/json', Origin: new URL(url).origin },
            });
            user = ((await res.json()) as { user?: string }).user;
          },
        },
      });
      return { ...r, printed, user };
    };
    try {
      const fromFile = await signInAs(['--token-file', file, '--user', 'ops-carol'], token);
      expect(fromFile.exitCode).toBe(0);
      expect(fromFile.printed).toContain('sign in with the configured login token');
      expect(fromFile.printed + fromFile.err).not.toContain(token);
      expect(fromFile.user).toBe('ops-carol');
      process.env.FAZT_DASHBOARD_TOKEN = 'from-the-env-0123456789abcdef';
      const fromEnv = await signInAs([], 'from-the-env-0123456789abcdef');
      expect(fromEnv.printed).not.toContain('from-the-env');
      expect(fromEnv.user).toBe(os.userInfo().username);
      expect((await run(['dashboard', '--port', '0', '--user', 'a b'], { client })).exitCode).toBe(2);
    } finally {
      delete process.env.FAZT_DASHBOARD_TOKEN;
      fs.rmSync(path.dirname(file), { recursive: true, force: true });
    }
  });
});
