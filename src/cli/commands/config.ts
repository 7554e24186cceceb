/**
 * `fazt dev config`: provider tokens (stored encrypted), default providers and settings.
 *
 *   fazt dev config                                   masked view (table; --json)
 *   fazt dev config infra.vps.hetzner --token <t> [--endpoint <url>]
 *   fazt dev config infra.vps.hetzner --token-stdin < token.txt      (keeps it out of shell history)
 *   fazt dev config infra.vps.default hetzner
 *   fazt dev config infra.ssh.port 2222
 *   fazt dev config infra.ssh.port                    show one key
 *   fazt dev config --unset infra.dns.cloudflare
 *
 * Bad input throws INFRA_INVALID_INPUT before anything is written. A token is never printed, not
 * even masked in an error.
 */
import type { Command } from 'commander';
import { ConfigStore, parseKey, validKeys, type ConfigView, type WriteResult } from '../../config';
import { InfraError } from '../../domain/errors';
import { json, table } from '../output';
import { DNS_PROVIDERS, PROVIDERS, VPS_PROVIDERS } from '../../domain/providers';

/** What the command needs; the store defaults to the user's config folder. */
export interface ConfigCommandDeps {
  /** @default () => new ConfigStore() */
  store?: () => ConfigStore;
  out: (text: string) => void;
  /** Reads all of standard input, for `--token-stdin`. @default process.stdin */
  readStdin?: () => Promise<string>;
}

interface ConfigOptions {
  token?: string;
  tokenStdin?: boolean;
  endpoint?: string;
  account?: string;
  unset?: string;
  json?: boolean;
}

/** Example keys in help and messages: the catalogue's first VPS and DNS providers. */
const VPS_KEY = `infra.vps.${VPS_PROVIDERS[0]}`;
const DNS_KEY = `infra.dns.${DNS_PROVIDERS[0]}`;

/** Adds `config` under `fazt dev`. */
export function registerConfigCommand(dev: Command, deps: ConfigCommandDeps): Command {
  const store = deps.store ?? (() => new ConfigStore());
  return dev
    .command('config')
    .description('Provider tokens (stored encrypted), default providers and settings')
    .argument('[key]', `a config key, e.g. ${VPS_KEY}, infra.vps.default, infra.ssh.port`)
    .argument('[value]', 'the value for a default or a setting (tokens go in --token)')
    .option('--token <token>', 'API token for a provider key; stored encrypted, never shown')
    .option('--token-stdin', 'read the token from standard input instead (keeps it out of shell history)')
    .option('--endpoint <url>', 'API base URL for a provider key (sandbox, proxy, on-prem)')
    .option('--account <id>', `account id for a provider key with accounts (${PROVIDERS.filter((p) => p.account).map((p) => p.displayName).join(', ')}); "" goes back to the first the token sees`)
    .option('--unset <key>', 'remove a key; infra.sandbox leaves sandbox mode')
    .option('--json', 'print JSON')
    .addHelpText('after', `\nKeys:\n  ${validKeys().join('\n  ')}\n\nExamples:\n  fazt dev config ${VPS_KEY} --token <token>\n  fazt dev config ${DNS_KEY} --token <token>\n  fazt dev config infra.vps.default ${VPS_PROVIDERS[0]}\n  fazt dev config infra.confirm.timeout 30m\n  fazt dev config --unset ${DNS_KEY}`)
    .action(async (key: string | undefined, value: string | undefined, opts: ConfigOptions) => {
      const s = store();
      if (opts.tokenStdin) {
        if (opts.token !== undefined) throw new InfraError('INFRA_INVALID_INPUT', 'Use either --token or --token-stdin, not both');
        if (key === undefined) throw new InfraError('INFRA_INVALID_INPUT', `--token-stdin needs a provider key, e.g. fazt dev config ${VPS_KEY} --token-stdin`);
        parseKey(key); // a bad key fails before waiting on stdin
        // One trailing newline is what `echo` and editors add; anything else is validated as typed.
        opts.token = (await (deps.readStdin ?? readAllStdin)()).replace(/\r?\n$/, '');
      }
      if (opts.unset !== undefined) {
        if (key !== undefined || value !== undefined || opts.token !== undefined || opts.endpoint !== undefined) {
          throw new InfraError('INFRA_INVALID_INPUT', `--unset takes one key and nothing else, e.g. fazt dev config --unset ${VPS_KEY}`);
        }
        printWrite(deps.out, s.unset(opts.unset), opts.json);
        return;
      }
      if (key === undefined) {
        if (opts.token !== undefined || opts.endpoint !== undefined) {
          throw new InfraError('INFRA_INVALID_INPUT', `--token and --endpoint need a provider key, e.g. fazt dev config ${VPS_KEY} --token <token>`);
        }
        const view = s.view();
        deps.out(opts.json ? json(view) : renderView(view));
        return;
      }
      if (value === undefined && opts.token === undefined && opts.endpoint === undefined && opts.account === undefined) {
        deps.out(showKey(s, key, opts.json));
        return;
      }
      printWrite(deps.out, s.set(key, value, { token: opts.token, endpoint: opts.endpoint, account: opts.account }), opts.json);
    });
}

async function readAllStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk));
  return Buffer.concat(chunks).toString('utf8');
}

function printWrite(out: (t: string) => void, r: WriteResult, asJson?: boolean): void {
  if (asJson) {
    out(json({ key: r.key, value: r.display, warnings: r.warnings }));
    return;
  }
  out([r.display === null ? `${r.key} unset` : `${r.key} set (${r.display})`, ...r.warnings.map((w) => `warning: ${w}`)].join('\n'));
}

/** One key's current value (masked for tokens). */
function showKey(s: ConfigStore, key: string, asJson?: boolean): string {
  const k = parseKey(key);
  const view = s.view();
  let value: unknown;
  if (k.type === 'credential') value = view.credentials.find((c) => c.key === k.key) ?? null;
  else if (k.type === 'default') value = view.defaults[k.kind];
  else if (k.type === 'sandbox') value = view.sandbox;
  else value = view.settings.find((x) => x.key === k.key)!.value;
  if (asJson) return json({ key: k.key, value });
  if (k.type === 'credential') {
    if (value === null) return `${k.key} is not configured. Run: fazt dev config ${k.key} --token <token>`;
    const c = value as ConfigView['credentials'][number];
    return [`${k.key}  ${c.token ?? `(${c.error})`}  ${c.endpoint ?? ''}  ${c.source}`.trimEnd()].join('\n');
  }
  return `${k.key}  ${value ?? '-'}`;
}

/** The masked view for people: credentials, defaults, settings, zones. */
export function renderView(view: ConfigView): string {
  const parts: string[] = [];
  parts.push(`Config: ${view.file}${view.sandbox ? '  (sandbox mode: fazt dev config --unset infra.sandbox to leave)' : ''}`);
  parts.push('', table(view.credentials, [
    { header: 'CREDENTIAL', value: (c) => c.key },
    { header: 'TOKEN', value: (c) => c.token ?? `(${c.error ?? 'hidden'})` },
    { header: 'ENDPOINT', value: (c) => c.endpoint ?? 'default' },
    { header: 'SOURCE', value: (c) => c.source },
  ], `No provider credentials. Run: fazt dev config ${VPS_KEY} --token <token>`));
  const defaults = (['vps', 'dns'] as const).map((kind) => ({ key: `infra.${kind}.default`, value: view.defaults[kind] ?? '-' }));
  parts.push('', table([...defaults, ...view.settings.map((x) => ({ key: x.key, value: x.isDefault ? `${x.value} (default)` : x.value }))], [
    { header: 'SETTING', value: (r) => r.key },
    { header: 'VALUE', value: (r) => r.value },
  ]));
  parts.push('', table(view.zones, [
    { header: 'ZONE', value: (z) => z.zone },
    { header: 'PROVIDER', value: (z) => z.provider },
    { header: 'ZONE ID', value: (z) => z.zoneId ?? '' },
  ], `No managed zones. Run: fazt dev infra dns add-zone example.com --provider ${DNS_PROVIDERS[0]}`));
  return parts.join('\n');
}
