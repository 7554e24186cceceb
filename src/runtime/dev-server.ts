/**
 * Runs the Temporal dev server from the project's own CLI build (tools/bin/temporal): SQLite file
 * persistence, the Web UI, our search attributes, and no version check calling home.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { SEARCH_ATTRIBUTES } from '../shared/constants';
import { ensureTemporalBinary } from '../shared/temporal-binary';

export interface DevServerOptions {
  /** SQLite file; the folder is created. */
  dbFile: string;
  ip?: string;
  /** @default 7233 */
  port?: number;
  /** @default 8233 */
  uiPort?: number;
  logFile?: string;
  /** The remote codec the embedded UI decodes payloads with (`fazt codec-server`, src/codec/server.ts). */
  uiCodecEndpoint?: string;
}

export interface DevServer {
  address: string;
  uiUrl: string;
  process: ChildProcess;
  stop(): Promise<void>;
}

export function devServerArgs(o: DevServerOptions): string[] {
  const ip = o.ip ?? '127.0.0.1';
  return [
    'server', 'start-dev',
    '--db-filename', o.dbFile,
    '--ip', ip,
    '--port', String(o.port ?? 7233),
    '--ui-port', String(o.uiPort ?? 8233),
    '--log-level', 'warn',
    '--dynamic-config-value', 'frontend.enableServerVersionCheck=false',
    ...(o.uiCodecEndpoint ? ['--ui-codec-endpoint', o.uiCodecEndpoint] : []),
    ...Object.values(SEARCH_ATTRIBUTES).flatMap((name) => ['--search-attribute', `${name}=Keyword`]),
  ];
}

/** Resolves once the frontend port accepts connections (bounded by `timeoutMs`). */
export async function waitForPort(host: string, port: number, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const ok = await new Promise<boolean>((resolve) => {
      const s = net.connect({ host, port }, () => {
        s.end();
        resolve(true);
      });
      s.on('error', () => resolve(false));
    });
    if (ok) return;
    if (Date.now() > deadline) throw new Error(`Temporal did not start listening on ${host}:${port} within ${timeoutMs / 1000}s`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

export async function startDevServer(o: DevServerOptions): Promise<DevServer> {
  const bin = ensureTemporalBinary();
  fs.mkdirSync(path.dirname(o.dbFile), { recursive: true });
  const log = o.logFile ? fs.openSync(o.logFile, 'a') : 'ignore';
  const child = spawn(bin, devServerArgs(o), { stdio: ['ignore', log, log] });
  const ip = o.ip ?? '127.0.0.1';
  const port = o.port ?? 7233;
  const exited = new Promise<never>((_, reject) => child.once('exit', (code) => reject(new Error(`the Temporal dev server exited with code ${code}${o.logFile ? ` (see ${o.logFile})` : ''}`))));
  await Promise.race([waitForPort(ip, port), exited]);
  exited.catch(() => undefined);
  return {
    address: `${ip}:${port}`,
    uiUrl: `http://${ip === '127.0.0.1' ? 'localhost' : ip}:${o.uiPort ?? 8233}`,
    process: child,
    stop: () => new Promise<void>((resolve) => {
      if (child.exitCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
      setTimeout(() => child.kill('SIGKILL'), 10_000).unref();
    }),
  };
}
