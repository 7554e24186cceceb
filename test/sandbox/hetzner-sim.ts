/** Shared helpers for the Hetzner simulator tests: a raw HTTP caller against a started sandbox. */
import { startSandbox, type Sandbox, type SandboxOptions } from '../../src/sandbox';

export interface Reply {
  status: number;
  body: any;
  headers: Headers;
}

export interface SimClient {
  sandbox: Sandbox;
  call(method: string, path: string, body?: unknown, opts?: { token?: string | null; raw?: string }): Promise<Reply>;
  stop(): Promise<void>;
}

export async function startHetzner(opts: SandboxOptions = {}): Promise<SimClient> {
  const sandbox = await startSandbox({ providers: ['hetzner'], hosts: false, dns: false, bootMs: 200, actionMs: 50, ...opts });
  const base = sandbox.urls.hetzner;
  return {
    sandbox,
    async call(method, path, body, o = {}) {
      const token = o.token === undefined ? 'test-token' : o.token;
      const payload = o.raw ?? (body !== undefined ? JSON.stringify(body) : undefined);
      const res = await fetch(base + path, {
        method,
        headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(payload !== undefined ? { 'content-type': 'application/json' } : {}) },
        body: payload,
      });
      const text = await res.text();
      return { status: res.status, body: text ? JSON.parse(text) : undefined, headers: res.headers };
    },
    stop: () => sandbox.stop(),
  };
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Polls `fn` until it returns a truthy value. */
export async function until<T>(fn: () => Promise<T | null | undefined | false>, timeoutMs = 5000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await sleep(25);
  }
}

export const serverBody = (name: string, extra: Record<string, unknown> = {}) => ({ name, server_type: 'cx22', image: 'ubuntu-24.04', location: 'fsn1', ...extra });
