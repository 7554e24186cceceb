/**
 * A TLS front for a sandbox simulator: HTTPS on 127.0.0.1 (random port) with a throwaway
 * self-signed certificate, passing every request through to the simulator's plain-HTTP origin.
 *
 * Why: pydo is built on azure-core, whose bearer-token policy refuses plain http URLs. The real
 * API is HTTPS only, so instead of weakening the client we give it HTTPS and trust the test
 * certificate through azure-core's documented `connection_verify` option.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';

export interface TlsFront {
  /** `https://127.0.0.1:<port>` */
  origin: string;
  /** PEM file of the self-signed certificate, for the client to trust. */
  caFile: string;
  stop(): Promise<void>;
}

/** Writes a one-day self-signed certificate for IP 127.0.0.1 with the system's openssl. */
function selfSignedCert(dir: string): { key: string; cert: string } {
  const key = path.join(dir, 'key.pem');
  const cert = path.join(dir, 'cert.pem');
  execFileSync('openssl', [
    'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '1',
    '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1',
    '-addext', 'basicConstraints=critical,CA:TRUE', '-keyout', key, '-out', cert,
  ], { stdio: ['ignore', 'ignore', 'pipe'] });
  return { key, cert };
}

/** Starts HTTPS on a free loopback port in front of `target` (an http origin). */
export async function startTlsFront(target: string): Promise<TlsFront> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fazt-tls-'));
  const files = selfSignedCert(dir);
  const upstream = new URL(target);
  const server = https.createServer({ key: fs.readFileSync(files.key), cert: fs.readFileSync(files.cert) }, (req, res) => {
    const out = http.request(
      { host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers: { ...req.headers, host: upstream.host } },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    out.on('error', () => {
      res.writeHead(502).end();
    });
    req.pipe(out);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `https://127.0.0.1:${port}`,
    caFile: files.cert,
    stop: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
