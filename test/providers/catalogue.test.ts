/**
 * The provider catalogue is the one place that lists providers: no other product file names one in
 * code, and adding a fifth provider is one folder plus one catalogue line, which this proves on a
 * copy of src/ (type-checked, then loaded and asked what it derives).
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PROVIDERS } from '../../src/domain/providers';

const ROOT = path.resolve(__dirname, '../..');
const SRC = path.join(ROOT, 'src');

function tsFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return tsFiles(p);
    return /\.(ts|js)$/.test(e.name) ? [p] : [];
  });
}

/** Source text without comments (names in comments explain; names in code are facts). */
function code(text: string): string {
  return text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:])\/\/.*$/gm, '$1');
}

describe('provider catalogue', () => {
  const names = PROVIDERS.map((d) => d.name);

  it('lists each provider once and its folder holds the descriptor and the factory', () => {
    expect(new Set(names).size).toBe(names.length);
    for (const n of names) {
      expect(fs.existsSync(path.join(SRC, 'providers', n, 'descriptor.ts'))).toBe(true);
      expect(fs.existsSync(path.join(SRC, 'providers', n, 'index.ts'))).toBe(true);
    }
    for (const d of PROVIDERS) expect(Boolean(d.serverDefaults)).toBe(d.kinds.includes('vps'));
  });

  it('is the only product code that names a provider (outside its own folder and the sandbox layer)', () => {
    const word = new RegExp(`\\b(${names.join('|')})\\b`, 'i');
    const naming: string[] = [];
    for (const file of tsFiles(SRC)) {
      const rel = path.relative(SRC, file).split(path.sep).join('/');
      // A provider's own folder, and the sandbox, whose simulators are one folder per provider.
      if (names.some((n) => rel.startsWith(`providers/${n}/`)) || rel.startsWith('sandbox/')) continue;
      const hits = code(fs.readFileSync(file, 'utf8')).split('\n').filter((l) => word.test(l));
      if (hits.length) naming.push(`${rel}: ${hits.length}`);
    }
    expect(naming).toEqual([`providers/catalogue.ts: ${names.length}`]);
  });

  it('takes a fifth provider from one folder and one catalogue line', () => {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'fazt-fifth-'));
    try {
      fs.cpSync(SRC, path.join(tmp, 'src'), { recursive: true });
      for (const f of ['tsconfig.json', 'package.json']) fs.copyFileSync(path.join(ROOT, f), path.join(tmp, f));
      fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(tmp, 'node_modules'));

      // The folder: a descriptor of facts and a factory.
      const folder = path.join(tmp, 'src', 'providers', 'fakecloud');
      fs.mkdirSync(folder);
      fs.writeFileSync(path.join(folder, 'descriptor.ts'), `import type { ProviderDescriptor } from '../descriptor';
export const descriptor = {
  name: 'fakecloud', displayName: 'FakeCloud', kinds: ['vps', 'dns'], sharedToken: true,
  tokenEnv: ['FAKECLOUD_TOKEN'], tokenLooksLike: '32 hex digits', defaultEndpoint: 'https://api.fakecloud.test/v1',
  currency: 'CHF', budget: { requestsPerSecond: 7, burst: 70, reportsRemaining: true, why: 'test' },
  capabilities: { sshKeys: false, proxied: false, recordTypes: ['A'], maxBatchSize: 0, maxUserDataBytes: 1024, minTtl: 120 },
  serverDefaults: { type: 'fk1', region: 'zrh1', image: 'ubuntu-24.04' },
} as const satisfies ProviderDescriptor;
`);
      fs.writeFileSync(path.join(folder, 'index.ts'), `import type { ProviderFactory } from '../types';
export const create: ProviderFactory = () => ({});
`);
      // The one line.
      const catalogue = path.join(tmp, 'src', 'providers', 'catalogue.ts');
      const before = fs.readFileSync(catalogue, 'utf8');
      const line = "  require('./fakecloud/descriptor').descriptor as typeof import('./fakecloud/descriptor').descriptor,\n";
      const after = before.replace(/\] as const;/, `${line}] as const;`);
      expect(after.split('\n').length - before.split('\n').length).toBe(1);
      fs.writeFileSync(catalogue, after);

      // It type-checks: no exhaustive table elsewhere wants an entry for it.
      execFileSync(process.execPath, [path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', path.join(tmp, 'tsconfig.json'), '--noEmit'], { cwd: tmp, stdio: 'pipe' });

      // Everything that lists providers now lists it.
      const probe = path.join(tmp, 'probe.ts');
      fs.writeFileSync(probe, `
import { VPS_PROVIDERS, DNS_PROVIDERS, serverDefaultsFor, currencyOf } from './src/domain/providers';
import { validKeys } from './src/config/keys';
import { ENV_FALLBACK, SIBLING } from './src/config/view';
import { providerDescriptor } from './src/providers/registry';
import { sandboxPorts } from './src/cli/commands/sandbox';
import { createVpsSchema } from './src/domain/validate';
console.log(JSON.stringify({
  vps: VPS_PROVIDERS, dns: DNS_PROVIDERS, defaults: serverDefaultsFor('fakecloud'), currency: currencyOf('fakecloud'),
  keys: validKeys().filter((k) => k.includes('fakecloud')), env: ENV_FALLBACK.fakecloud, sibling: SIBLING['dns.fakecloud'],
  budget: providerDescriptor('fakecloud').budget.requestsPerSecond, factory: typeof providerDescriptor('fakecloud').create,
  ports: sandboxPorts(20000), accepted: createVpsSchema.safeParse({ provider: 'fakecloud', name: 'a', type: 'fk1', region: 'zrh1' }).success,
}));
`);
      const out = execFileSync(process.execPath, [path.join(ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs'), probe], { cwd: tmp, encoding: 'utf8' });
      const seen = JSON.parse(out.trim().split('\n').pop()!);
      expect(seen.vps).toContain('fakecloud');
      expect(seen.dns).toContain('fakecloud');
      expect(seen.defaults).toEqual({ type: 'fk1', region: 'zrh1', image: 'ubuntu-24.04' });
      expect(seen.currency).toBe('CHF');
      expect(seen.keys).toEqual(['infra.vps.fakecloud', 'infra.dns.fakecloud']);
      expect(seen.env).toEqual(['FAKECLOUD_TOKEN']);
      expect(seen.sibling).toEqual(['vps', 'fakecloud']);
      expect(seen.budget).toBe(7);
      expect(seen.factory).toBe('function');
      expect(seen.ports.fakecloud).toBe(20000 + names.length);
      expect(seen.accepted).toBe(true);
    } finally {
      fs.rmSync(tmp, { recursive: true, force: true });
    }
  });
});
