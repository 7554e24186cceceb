/**
 * DigitalOcean's official Go client (github.com/digitalocean/godo 1.37.0 as Debian packages it,
 * golang-github-digitalocean-godo-dev; the library doctl is built on), unchanged, against the
 * sandbox's DigitalOcean simulator. ./godo/main.go is our own small program on godo: it runs a
 * scripted session in three parts (create: sizes, regions, a key, a tagged droplet with user data
 * and its actions; delete; domains: records and error responses), each printing what godo
 * returned as one JSON document, so the simulator's state can be checked between them.
 *
 * It is built once in GOPATH mode against Debian's source tree (/usr/share/gocode), since the Go
 * module proxy does not serve godo here.
 */
import { execFile, execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { generateEd25519 } from '../../src/ssh/keys';
import { startSandbox, type Sandbox } from '../../src/sandbox';
import type { DoState } from '../../src/sandbox/digitalocean/state';

const TOKEN = 'godo-test-token';
const ROOT = path.resolve(__dirname, '../..');
const USER_DATA = '#cloud-config\nruncmd:\n  - echo hello\n';

/** Runs a command, resolving with its stdout; rejects with its stderr (never containing the token). */
function run(file: string, args: string[], env: NodeJS.ProcessEnv, timeout: number, cwd?: string): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(file, args, { env, timeout, cwd, maxBuffer: 16 * 1024 * 1024 }, (err, stdout, stderr) => {
      if (!err) return resolve(String(stdout));
      const why = err.killed ? `killed by ${err.signal ?? 'timeout'}` : `exit ${String(err.code)}`;
      reject(new Error(`${path.basename(file)} ${args.join(' ')} failed (${why}):\n${String(stderr).split(TOKEN).join('***')}`));
    });
  });
}

describe('godo (Debian golang-github-digitalocean-godo-dev) against the DigitalOcean simulator', () => {
  let sandbox: Sandbox;
  let dir: string;
  /** Runs one part of the session; the printed JSON is checked for the token before parsing. */
  let session: (phase: 'create' | 'delete' | 'domains', env?: Record<string, string>) => Promise<any>;

  beforeAll(async () => {
    execFileSync('bash', [path.join(ROOT, 'scripts/ensure-debian-clients.sh')], { stdio: ['ignore', 'pipe', 'inherit'] });
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fazt-godo-'));
    const binary = path.join(dir, 'godo-session');
    // GOPATH mode against Debian's packaged sources; the build cache makes later runs a link only.
    const buildEnv = { ...process.env, GO111MODULE: 'off', GOPATH: '/usr/share/gocode', GOFLAGS: '', CGO_ENABLED: '0', GOTOOLCHAIN: 'local' };
    await run('go', ['build', '-o', binary, '.'], buildEnv, 170000, path.join(__dirname, 'godo')).catch((err: Error) => {
      throw new Error(`building test/official/godo with Debian's godo failed: ${err.message}`);
    });

    sandbox = await startSandbox({ providers: ['digitalocean'], hosts: false, dns: false, bootMs: 200, actionMs: 50, tokens: { digitalocean: [TOKEN] } });
    // godo joins its paths ("v2/droplets") onto the base URL, so it gets the origin, as with api.digitalocean.com.
    const base = { PATH: process.env.PATH, DO_BASE_URL: `${new URL(sandbox.urls.digitalocean).origin}/`, DIGITALOCEAN_TOKEN: TOKEN };
    session = async (phase, env = {}) => {
      const stdout = await run(binary, [phase], { ...base, ...env }, 60000);
      expect(stdout.includes(TOKEN)).toBe(false);
      return JSON.parse(stdout);
    };
  }, 240000);
  afterAll(async () => {
    await sandbox?.stop();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('reads sizes and regions, creates a key and a tagged droplet with user data, polls its create action, lists it by tag, reboots it, deletes both', async () => {
    const key = generateEd25519('godo');
    const out = await session('create', { PUBLIC_KEY: key.public, USER_DATA });
    expect(out.size).toEqual({ slug: 's-1vcpu-1gb', memory: 1024, vcpus: 1, disk: 25, price_monthly: 6, available: true, in_fra1: true });
    expect(out.regions).toEqual(expect.arrayContaining(['nyc1', 'fra1', 'ams3', 'sgp1']));
    expect(out.fra1).toEqual({ name: 'Frankfurt 1', available: true });
    expect(out.key).toEqual({ name: 'godo-key', public_key: key.public, fingerprint: expect.stringMatching(/^([0-9a-f]{2}:){15}[0-9a-f]{2}$/) });
    expect(out.keys).toEqual(['godo-key']);
    expect(out.first_status).toBe('new');
    // godo reads the action from the create response's links.actions, as doctl's --wait does.
    expect(out.create_action).toEqual(['create', 'completed', true, 'droplet']);
    expect(out.tagged).toEqual(['godo-web-1']);
    expect(out.untagged).toEqual([]);
    expect(out.droplet).toEqual({
      name: 'godo-web-1', status: 'active', tags: ['fazt', 'op-godo-1'], size: 's-1vcpu-1gb', region: 'fra1',
      image: 'ubuntu-24-04-x64', public_v4: expect.stringMatching(/^\d+\.\d+\.\d+\.\d+$/), memory: 1024, vcpus: 1,
    });
    expect(out.reboot).toEqual(['reboot', 'in-progress', 'completed', 'completed']);
    // The user data godo sent is what the simulator keeps for the droplet's first boot.
    const state = sandbox.sims.digitalocean.dump() as DoState;
    expect(state.droplets.find((d) => d.id === out.droplet_id)?.userData).toBe(USER_DATA);

    const gone = await session('delete', { DROPLET_ID: String(out.droplet_id), KEY_ID: String(out.key_id) });
    expect(gone).toEqual({
      delete: { status: 0 }, after_delete: { status: 404, message: expect.any(String) }, droplets_after: [],
      key_delete: { status: 0 }, keys_after: [],
    });
  });

  it('creates a domain, creates, lists and deletes a record, deletes the domain; surfaces DO errors as godo.ErrorResponse', async () => {
    const out = await session('domains');
    expect(out.domain).toBe('godo-example.com');
    expect(out.record).toEqual({ type: 'A', name: 'www', data: '203.0.113.10', ttl: 300 });
    expect(out.records).toEqual(expect.arrayContaining(['A www 203.0.113.10', 'NS @ ns1.digitalocean.com']));
    expect(out.records.some((r: string) => r.startsWith('SOA @'))).toBe(true);
    expect(out.record_delete).toEqual({ status: 0 });
    expect(out.records_after).not.toContain('A www 203.0.113.10');
    expect(out.records_after).toContain('NS @ ns1.digitalocean.com');
    expect(out.duplicate_domain).toMatchObject({ status: 422, message: expect.stringMatching(/already exists/i) });
    expect(out.domain_delete).toEqual({ status: 0 });
    expect(out.domain_after_delete).toMatchObject({ status: 404 });
    expect(out.bad_size).toMatchObject({ status: 422, message: expect.stringMatching(/size/i) });
    expect(out.bad_token).toEqual({ status: 401, message: 'Unable to authenticate you' });
  });
});
