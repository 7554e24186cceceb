import fs from 'node:fs';
import { Command, CommanderError } from 'commander';
import { registerConfigCommand } from '../../src/cli/commands/config';
import type { ConfigStore } from '../../src/config';
import { InfraError } from '../../src/domain/errors';
import { allBytes, CF_TOKEN, freshStore, HETZNER_TOKEN } from './helpers';

/** `fazt dev config …` through commander with exitOverride, capturing everything it prints. */
function harness(store: ConfigStore, stdin = '') {
  const out: string[] = [];
  const run = async (...args: string[]) => {
    const program = new Command('fazt').exitOverride().configureOutput({ writeOut: (s) => out.push(s), writeErr: (s) => out.push(s) });
    const dev = program.command('dev');
    registerConfigCommand(dev, { store: () => store, out: (s) => out.push(s), readStdin: async () => stdin });
    await program.parseAsync(['node', 'fazt', 'dev', 'config', ...args]);
  };
  const fails = async (...args: string[]): Promise<unknown> => {
    try {
      await run(...args);
    } catch (err) {
      return err;
    }
    throw new Error(`expected "${args[0]}" to fail`);
  };
  return { out, run, fails, printed: () => out.join('\n') };
}

describe('fazt dev config', () => {
  let ctx: ReturnType<typeof freshStore>;
  beforeEach(() => {
    ctx = freshStore();
  });
  afterEach(() => ctx.cleanup());

  it('stores a token, prints it only masked, and shows the masked view as a table and as JSON', async () => {
    const h = harness(ctx.store);
    await h.run('infra.vps.hetzner', '--token', HETZNER_TOKEN);
    await h.run('infra.dns.cloudflare', '--token', CF_TOKEN, '--endpoint', 'http://127.0.0.1:8787/client/v4');
    await h.run('infra.vps.default', 'hetzner');
    await h.run('infra.ssh.port', '2222');
    expect(h.out[0]).toBe(`infra.vps.hetzner set (${HETZNER_TOKEN.slice(0, 3)}…${HETZNER_TOKEN.slice(-4)})`);
    await h.run();
    const tableText = h.out[h.out.length - 1];
    expect(tableText).toMatch(/CREDENTIAL\s+TOKEN\s+ENDPOINT\s+SOURCE/);
    expect(tableText).toMatch(/infra\.dns\.cloudflare\s+\S+\s+http:\/\/127\.0\.0\.1:8787\/client\/v4\s+store/);
    expect(tableText).toMatch(/infra\.vps\.default\s+hetzner/);
    expect(tableText).toMatch(/infra\.ssh\.port\s+2222/);
    expect(tableText).toMatch(/infra\.confirm\.timeout\s+15m \(default\)/);
    await h.run('--json');
    const view = JSON.parse(h.out[h.out.length - 1]);
    expect(view.credentials.map((c: any) => c.key)).toEqual(['infra.vps.hetzner', 'infra.dns.cloudflare', 'infra.dns.hetzner']);
    await h.run('infra.vps.hetzner');
    expect(h.out[h.out.length - 1]).toMatch(/^infra\.vps\.hetzner\s+hcl|^infra\.vps\.hetzner\s+hz/);
    await h.run('infra.ssh.port', '--json');
    expect(JSON.parse(h.out[h.out.length - 1])).toEqual({ key: 'infra.ssh.port', value: '2222' });
    for (const secret of [HETZNER_TOKEN, CF_TOKEN]) {
      expect(h.printed()).not.toContain(secret);
      expect(allBytes(ctx.dir)).not.toContain(secret);
    }
    expect(ctx.store.resolveCredential('dns', 'cloudflare').token).toBe(CF_TOKEN);
  });

  it('rejects bad input with one clear INFRA_INVALID_INPUT line, writes nothing and never echoes the token', async () => {
    const h = harness(ctx.store);
    const cases: Array<[string[], RegExp]> = [
      [['infra.vps.aws', '--token', HETZNER_TOKEN], /Unknown vps provider "aws"/],
      [['infra.foo.bar', 'x'], /Unknown config key "infra.foo.bar"\. Valid keys: infra\.vps\.hetzner/],
      [[HETZNER_TOKEN], /Unknown config key\. Valid keys/],
      [['infra.vps.hetzner', '--token', ''], /--token for infra\.vps\.hetzner is empty\. Run: fazt dev config infra\.vps\.hetzner --token <token>/],
      [['infra.vps.hetzner', '--token', `${HETZNER_TOKEN}\n`], /contains whitespace/],
      [['infra.vps.hetzner', '--token', `${HETZNER_TOKEN}!`], /has characters a hetzner token never has/],
      [['infra.vps.hetzner', HETZNER_TOKEN], /takes its token as an option, not as a value/],
      [['infra.vps.hetzner'.replace('hetzner', 'vultr'), '--token', HETZNER_TOKEN, '--endpoint', 'localhost:8080'], /--endpoint for infra\.vps\.vultr must use http or https|is not a URL/],
      [['infra.vps.default', 'aws'], /Unknown VPS provider "aws" for infra\.vps\.default\. Valid: hetzner, digitalocean, vultr/],
      [['infra.ssh.port', '--token', HETZNER_TOKEN], /--token, --endpoint and --account only apply to provider keys/],
      [['infra.vps.hetzner', '--account', '0123456789abcdef0123456789abcdef'], /infra\.vps\.hetzner has no accounts: --account applies to cloudflare/],
      [['infra.dns.cloudflare', '--account', 'xyz'], /--account for infra\.dns\.cloudflare must be 32 hex digits/],
      [['--token', HETZNER_TOKEN], /need a provider key/],
      [['infra.vps.hetzner', '--unset', 'infra.vps.hetzner'], /--unset takes one key and nothing else/],
      [['--unset', 'infra.bogus'], /Unknown config key "infra.bogus"/],
    ];
    for (const [args, message] of cases) {
      const err = await h.fails(...args);
      expect(err).toBeInstanceOf(InfraError);
      expect((err as InfraError).code).toBe('INFRA_INVALID_INPUT');
      expect((err as InfraError).message).toMatch(message);
      expect((err as InfraError).message).not.toContain(HETZNER_TOKEN);
      expect((err as InfraError).message.split('\n')).toHaveLength(1);
    }
    expect(h.printed()).not.toContain(HETZNER_TOKEN);
    expect(fs.existsSync(ctx.store.file)).toBe(false);
  });

  it('leaves usage errors to commander (exitOverride) without echoing option values', async () => {
    const h = harness(ctx.store);
    const err = await h.fails('infra.vps.hetzner', '--tokne', HETZNER_TOKEN);
    expect(err).toBeInstanceOf(CommanderError);
    expect((err as CommanderError).exitCode).not.toBe(0);
    expect(h.printed()).toContain("unknown option '--tokne'");
    expect(h.printed()).not.toContain(HETZNER_TOKEN);
    expect(await h.fails('infra.vps.hetzner', '--token')).toBeInstanceOf(CommanderError);
  });

  it('reads the token from stdin with --token-stdin', async () => {
    const h = harness(ctx.store, `${CF_TOKEN}\n`);
    await h.run('infra.domain.cloudflare', '--token-stdin');
    expect(ctx.store.resolveCredential('domain', 'cloudflare').token).toBe(CF_TOKEN);
    expect(h.printed()).not.toContain(CF_TOKEN);
    expect(((await h.fails('infra.vps.hetzner', '--token-stdin', '--token', HETZNER_TOKEN)) as Error).message).toBe('Use either --token or --token-stdin, not both');
    const blank = harness(ctx.store, '\n');
    expect(((await blank.fails('infra.vps.vultr', '--token-stdin')) as Error).message).toMatch(/--token for infra\.vps\.vultr is empty/);
  });

  it('unsets keys', async () => {
    const h = harness(ctx.store);
    await h.run('infra.vps.hetzner', '--token', HETZNER_TOKEN);
    await h.run('--unset', 'infra.vps.hetzner');
    expect(h.out[h.out.length - 1]).toBe('infra.vps.hetzner unset');
    expect(ctx.store.configuredProviders('vps')).toEqual([]);
    await h.run('infra.vps.hetzner');
    expect(h.out[h.out.length - 1]).toBe('infra.vps.hetzner is not configured. Run: fazt dev config infra.vps.hetzner --token <token>');
    await h.run('--unset', 'infra.sandbox', '--json');
    expect(JSON.parse(h.out[h.out.length - 1])).toEqual({ key: 'infra.sandbox', value: null, warnings: [] });
  });
});
