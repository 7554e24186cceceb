/**
 * DigitalOcean's official CLI, doctl (built by scripts/ensure-doctl.sh into tools/bin), works
 * unchanged against the DigitalOcean simulator: `--api-url` is the sandbox origin (doctl adds
 * `/v2` itself) and any token is accepted. A throwaway `--config` keeps the user's doctl config out.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { utils } from 'ssh2';
import { startSandbox, type Sandbox } from '../../src/sandbox';

const DOCTL = path.resolve(__dirname, '../../tools/bin/doctl');

let sb: Sandbox;
let origin: string;
let configDir: string;

function doctl(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const full = [...args, '--api-url', origin, '--access-token', 'doctl-test-token', '--config', path.join(configDir, 'config.yaml')];
  return new Promise((resolve) => {
    execFile(DOCTL, full, { timeout: 30_000, env: { ...process.env, HOME: configDir } }, (err, stdout, stderr) => {
      resolve({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

async function json(...args: string[]): Promise<any> {
  const r = await doctl(...args, '--output', 'json');
  if (r.code !== 0) throw new Error(`doctl ${args.join(' ')} failed (${r.code}): ${r.stderr}`);
  return JSON.parse(r.stdout);
}

beforeAll(async () => {
  if (!fs.existsSync(DOCTL)) throw new Error(`doctl not found at ${DOCTL}: run scripts/ensure-doctl.sh first`);
  configDir = fs.mkdtempSync(path.join(os.tmpdir(), 'fazt-doctl-'));
  sb = await startSandbox({ providers: ['digitalocean'], hosts: false, dns: false, bootMs: 200, actionMs: 50 });
  origin = new URL(sb.urls.digitalocean).origin;
});
afterAll(async () => {
  await sb?.stop();
  if (configDir) fs.rmSync(configDir, { recursive: true, force: true });
});

describe('doctl against the DigitalOcean simulator', () => {
  it('creates, lists, gets and deletes a droplet', async () => {
    const created = await json('compute', 'droplet', 'create', 'doctl-1', '--size', 's-1vcpu-1gb', '--region', 'fra1',
      '--image', 'ubuntu-24-04-x64', '--tag-names', 'fazt-managed,doctl', '--wait');
    expect(created).toHaveLength(1);
    expect(created[0]).toMatchObject({ name: 'doctl-1', status: 'active', size_slug: 's-1vcpu-1gb', tags: ['fazt-managed', 'doctl'] });
    const id = String(created[0].id);

    const listed = await json('compute', 'droplet', 'list');
    expect(listed.map((d: any) => String(d.id))).toEqual([id]);
    expect((await json('compute', 'droplet', 'list', '--tag-name', 'nothing'))).toEqual([]);

    const got = await json('compute', 'droplet', 'get', id);
    expect(got[0].networks.v4.find((n: any) => n.type === 'public').ip_address).toMatch(/^127\./);
    expect(got[0].region.slug).toBe('fra1');

    const del = await doctl('compute', 'droplet', 'delete', id, '--force');
    expect(del.code).toBe(0);
    expect(await json('compute', 'droplet', 'list')).toEqual([]);
    const missing = await doctl('compute', 'droplet', 'get', id);
    expect(missing.code).not.toBe(0);
    expect(missing.stderr).toContain('404');
  });

  it('lists ssh keys with their fingerprints', async () => {
    const pub = utils.generateKeyPairSync('ed25519', { comment: 'doctl@test' }).public.trim();
    const res = await fetch(`${sb.urls.digitalocean}/account/keys`, {
      method: 'POST', headers: { authorization: 'Bearer seed', 'content-type': 'application/json' }, body: JSON.stringify({ name: 'doctl-key', public_key: pub }),
    });
    const key = ((await res.json()) as { ssh_key: { fingerprint: string } }).ssh_key;
    const keys = await json('compute', 'ssh-key', 'list');
    expect(keys).toEqual([expect.objectContaining({ name: 'doctl-key', fingerprint: key.fingerprint, public_key: pub })]);
  });

  it('lists the records of a domain', async () => {
    const h = { authorization: 'Bearer seed', 'content-type': 'application/json' };
    await fetch(`${sb.urls.digitalocean}/domains`, { method: 'POST', headers: h, body: JSON.stringify({ name: 'doctl.example', ip_address: '192.0.2.7' }) });
    await fetch(`${sb.urls.digitalocean}/domains/doctl.example/records`, { method: 'POST', headers: h, body: JSON.stringify({ type: 'TXT', name: '_hello', data: 'world', ttl: 60 }) });
    const records = await json('compute', 'domain', 'records', 'list', 'doctl.example');
    expect(records.map((r: any) => r.type)).toEqual(['SOA', 'NS', 'NS', 'NS', 'A', 'TXT']);
    expect(records.find((r: any) => r.type === 'TXT')).toMatchObject({ name: '_hello', data: 'world', ttl: 60 });
  });
});
