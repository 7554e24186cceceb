/**
 * docker-compose.yml, the Dockerfile and .env.example as files (there is no Docker engine here):
 * the stack a user starts must be pinned, ordered by health, and free of inline secrets.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { allowedHostHeaders } from '../../src/dashboard/server';
import { SEARCH_ATTRIBUTES } from '../../src/shared/constants';

const root = path.resolve(__dirname, '..', '..');
const read = (f: string) => fs.readFileSync(path.join(root, f), 'utf8');
const compose = parse(read('docker-compose.yml'));
const services: Record<string, any> = compose.services;
const SECRET_NAME = /TOKEN|KEY|SECRET|PASSWORD|PWD/i;

function envOf(svc: any): Record<string, string> {
  const env = svc.environment ?? {};
  if (Array.isArray(env)) return Object.fromEntries(env.map((e: string) => [e.split('=')[0], e.split('=').slice(1).join('=')]));
  return env;
}

describe('docker-compose.yml', () => {
  it('has the six services', () => {
    expect(Object.keys(services).sort()).toEqual(['dashboard', 'postgresql', 'search-attributes', 'temporal', 'temporal-ui', 'worker']);
  });

  it('pins every image to an explicit version (no latest, no bare major)', () => {
    for (const [name, svc] of Object.entries(services)) {
      expect(typeof svc.image).toBe('string');
      const [, tag] = /^[^:]+:(.+)$/.exec(svc.image) ?? [];
      expect({ name, tag }).toEqual({ name, tag: expect.stringMatching(/^\d+\.\d+(\.\d+)?[\w.-]*$/) });
    }
    expect(services.temporal.image).toMatch(/^temporalio\/auto-setup:/);
    expect(services['temporal-ui'].image).toMatch(/^temporalio\/ui:/);
    expect(services['search-attributes'].image).toMatch(/^temporalio\/admin-tools:/);
    expect(services.postgresql.image).toMatch(/^postgres:/);
    expect(services.worker.build).toEqual({ context: '.', dockerfile: 'Dockerfile' });
  });

  it('orders start-up by health: every dependency has a condition, health conditions have health checks', () => {
    expect(services.temporal.depends_on).toEqual({ postgresql: { condition: 'service_healthy' } });
    expect(services['temporal-ui'].depends_on).toEqual({ temporal: { condition: 'service_healthy' } });
    expect(services['search-attributes'].depends_on).toEqual({ temporal: { condition: 'service_healthy' } });
    expect(services.worker.depends_on).toEqual({
      temporal: { condition: 'service_healthy' },
      'search-attributes': { condition: 'service_completed_successfully' },
    });
    expect(services.dashboard.depends_on).toEqual({
      temporal: { condition: 'service_healthy' },
      'search-attributes': { condition: 'service_completed_successfully' },
    });
    for (const svc of Object.values(services)) {
      for (const [dep, spec] of Object.entries<any>(svc.depends_on ?? {})) {
        expect(services[dep]).toBeDefined();
        if (spec.condition === 'service_healthy') expect(services[dep].healthcheck?.test).toBeDefined();
      }
    }
    for (const name of ['postgresql', 'temporal', 'temporal-ui', 'worker', 'dashboard']) {
      const hc = services[name].healthcheck;
      expect(Array.isArray(hc.test) && ['CMD', 'CMD-SHELL'].includes(hc.test[0])).toBe(true);
      expect(hc.interval).toMatch(/^\d+s$/);
      expect(hc.retries).toBeGreaterThan(0);
    }
    expect(services.postgresql.healthcheck.test.join(' ')).toContain('pg_isready');
    expect(services.temporal.healthcheck.test.join(' ')).toContain('temporal operator cluster health');
    expect(services['search-attributes'].restart).toBe('no');
  });

  it('runs Temporal on PostgreSQL with a persistent volume and the UI on 8233', () => {
    const env = envOf(services.temporal);
    expect(env.DB).toBe('postgres12');
    expect(env.POSTGRES_SEEDS).toBe('postgresql');
    expect(env.DEFAULT_NAMESPACE).toBe('default');
    const dyn = services.temporal.volumes[0].split(':')[0];
    expect(fs.existsSync(path.join(root, dyn, path.basename(env.DYNAMIC_CONFIG_FILE_PATH)))).toBe(true);
    expect(services.postgresql.volumes).toEqual(['postgres-data:/var/lib/postgresql/data']);
    expect(Object.keys(compose.volumes)).toContain('postgres-data');
    expect(services['temporal-ui'].ports).toEqual(['127.0.0.1:8233:8080']);
    expect(envOf(services['temporal-ui']).TEMPORAL_UI_PORT).toBe('8080');
    for (const svc of Object.values(services)) for (const p of svc.ports ?? []) expect(p).toMatch(/^127\.0\.0\.1:/);
  });

  it('registers every fazt search attribute as Keyword in the one-shot job', () => {
    const job = services['search-attributes'];
    const [src] = job.volumes[0].split(':');
    expect(job.entrypoint).toEqual(['/bin/sh', job.volumes[0].split(':')[1]]);
    const script = read(src);
    expect(script).toContain('temporal operator search-attribute create');
    expect(script).toContain('--type Keyword');
    const listed = /attributes="([^"]+)"/.exec(script)![1].split(/\s+/);
    expect(listed.sort()).toEqual(Object.values(SEARCH_ATTRIBUTES).sort());
    expect(envOf(job).TEMPORAL_ADDRESS).toBe('temporal:7233');
  });

  it('gives the worker Temporal, the config folder and data dir, and secrets only through .env', () => {
    const w = services.worker;
    const env = envOf(w);
    expect(env.TEMPORAL_ADDRESS).toBe('temporal:7233');
    expect(w.env_file).toEqual(['.env']);
    const mounts = w.volumes.map((v: string) => v.split(':').slice(-1)[0]);
    expect(mounts).toEqual([env.FAZT_CONFIG_DIR, env.FAZT_DATA_DIR]);
    expect(w.volumes[0]).toMatch(/^\$\{FAZT_HOST_CONFIG_DIR:-~\/\.config\/fazt\}:/);
    expect(w.volumes[1]).toMatch(/^\$\{FAZT_HOST_DATA_DIR:-~\/\.local\/state\/fazt\}:/);
    expect(w.healthcheck.test).toEqual(['CMD', 'node', 'deploy/worker-healthcheck.js']);
    expect(fs.existsSync(path.join(root, 'deploy/worker-healthcheck.js'))).toBe(true);
  });

  it('serves the dashboard from the worker image on 127.0.0.1:7420, reachable and without tokens', () => {
    const d = services.dashboard;
    const env = envOf(d);
    expect(d.image).toBe(services.worker.image);
    expect(d.build).toBeUndefined();
    // `fazt dashboard` through bin/fazt (the Dockerfile copies bin/ and lib/), bound for a container.
    expect(d.command.slice(0, 3)).toEqual(['node', 'bin/fazt', 'dashboard']);
    expect(read('Dockerfile')).toMatch(/^COPY bin \.\/bin$/m);
    // The page's assets sit where the server looks when it runs from lib/ (tsc copies no assets).
    expect(read('Dockerfile')).toMatch(/^COPY src\/dashboard\/public \.\/lib\/dashboard\/public$/m);
    expect(fs.existsSync(path.join(root, 'src/dashboard/public/index.html'))).toBe(true);
    const opt = (name: string) => d.command[d.command.indexOf(name) + 1];
    expect(opt('--host')).toBe('0.0.0.0');
    const port = Number(opt('--port'));
    expect(d.ports).toEqual([`127.0.0.1:7420:${port}`]);
    // What a browser on the host sends through the published port is a Host the server accepts.
    const allowed = allowedHostHeaders(opt('--host'), port);
    for (const h of ['127.0.0.1:7420', 'localhost:7420']) expect(allowed.has(h)).toBe(true);
    expect(allowed.has(`0.0.0.0:${port}`)).toBe(false);
    expect(d.healthcheck.test.join(' ')).toContain(`http://127.0.0.1:${port}/`);
    // Plain HTTP on all of the container's interfaces is asked for explicitly (published on the host's
    // loopback only, above); the health check counts the sign-in answer (401) as up.
    expect(d.command).toContain('--insecure-http');
    expect(d.healthcheck.test.join(' ')).toContain('r.status === 401');
    expect(env.TEMPORAL_ADDRESS).toBe('temporal:7233');
    expect(env.TEMPORAL_NAMESPACE).toBe(envOf(services.worker).TEMPORAL_NAMESPACE);
    expect(env.FAZT_TEMPORAL_UI).toBe(`http://localhost:${services['temporal-ui'].ports[0].split(':')[1]}`);
    // Credentials live only in the worker: no .env, no key, the config folder read-only.
    expect(d.env_file).toBeUndefined();
    expect(Object.keys(env).filter((k) => SECRET_NAME.test(k))).toEqual([]);
    expect(d.volumes).toEqual([`${services.worker.volumes[0]}:ro`]);
    expect(env.FAZT_CONFIG_DIR).toBe(envOf(services.worker).FAZT_CONFIG_DIR);
    expect(d.user).toBe(services.worker.user);
  });

  it('has no secret written inline: secret-named variables only interpolate', () => {
    for (const [name, svc] of Object.entries(services)) {
      for (const [k, v] of Object.entries(envOf(svc))) {
        if (SECRET_NAME.test(k)) expect({ name, k, v }).toEqual({ name, k, v: expect.stringMatching(/^\$\{[A-Z_]+(:\?[^}]*)?\}$/) });
      }
      expect(envOf(svc)).not.toHaveProperty('FAZT_MASTER_KEY');
      expect(envOf(svc)).not.toHaveProperty('HCLOUD_TOKEN');
    }
    // Nothing that looks like a real token anywhere in the file.
    expect(read('docker-compose.yml')).not.toMatch(/dop_v1_|[A-Za-z0-9]{40,}/);
  });
});

describe('Dockerfile', () => {
  const text = read('Dockerfile');
  const lines = text.split('\n').filter((l) => l.trim() && !l.trim().startsWith('#'));

  it('builds on a pinned node:20 image with npm ci and npm run build', () => {
    const froms = lines.filter((l) => l.startsWith('FROM '));
    expect(froms.length).toBeGreaterThan(0);
    for (const f of froms) expect(f).toMatch(/^FROM node:20\.\d+\.\d+-[a-z]+(-slim)?( AS \w+)?$/);
    expect(text).toMatch(/RUN npm ci\b/);
    expect(text).toMatch(/RUN npm run build\b/);
    expect(text).not.toMatch(/:latest\b/);
  });

  it('runs lib/worker.js as a non-root user', () => {
    const cmds = lines.filter((l) => l.startsWith('CMD '));
    expect(cmds[cmds.length - 1]).toBe('CMD ["node", "lib/worker.js"]');
    expect(lines.filter((l) => l.startsWith('USER ')).pop()).toBe('USER node');
    expect(JSON.parse(read('package.json')).scripts.build).toMatch(/tsc/);
  });

  it('keeps secrets and build output out of the image context', () => {
    const ignore = read('.dockerignore').split('\n');
    for (const entry of ['node_modules', 'lib', '.env', 'tools', '.git']) expect(ignore).toContain(entry);
  });
});

describe('.env.example', () => {
  it('documents every variable with an empty value', () => {
    const vars = Object.fromEntries(read('.env.example').split('\n').filter((l) => /^[A-Z_]+=/.test(l)).map((l) => l.split('=')));
    for (const name of ['HCLOUD_TOKEN', 'DIGITALOCEAN_TOKEN', 'VULTR_API_KEY', 'CLOUDFLARE_API_TOKEN', 'FAZT_MASTER_KEY', 'TEMPORAL_ADDRESS', 'INFRA_TEST_ZONE', 'POSTGRES_PASSWORD']) {
      expect(vars).toHaveProperty(name, '');
    }
    for (const v of Object.values(vars)) expect(v).toBe('');
  });
});
