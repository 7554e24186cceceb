/**
 * The dashboard's request rules that do not depend on a session: where it may listen, which
 * headers every response carries, whether a state-changing request comes from the page itself,
 * and how much body it reads.
 */
import type http from 'node:http';
import { InfraError } from '../domain/errors';

const LOOPBACK = /^(localhost|127(\.\d{1,3}){3}|::1|\[::1\])$/i;

export const isLoopback = (host: string) => LOOPBACK.test(host);

/**
 * Refuses a non-loopback bind without TLS unless the caller said `--insecure-http`: the page can
 * approve paid and destructive operations, and its token and cookie would cross the network in the clear.
 */
export function checkBind(host: string, opts: { tls: boolean; insecureHttp?: boolean }): void {
  if (isLoopback(host) || opts.tls || opts.insecureHttp) return;
  throw new InfraError('INFRA_INVALID_INPUT',
    `Refusing to serve the dashboard on ${host} over plain HTTP: it can approve paid and destructive operations, and its login token ` +
    'and session cookie would cross the network unencrypted. Give --tls-cert and --tls-key, bind 127.0.0.1, or pass --insecure-http ' +
    'when the traffic never leaves a trusted link (e.g. a container port published on the host\'s loopback).');
}

/** The app's policy: its own scripts and styles only, nothing inline, no framing, no form posts. */
export const APP_CSP = "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

/** The login page's policy: only its one inline script and style, by hash. */
export const loginCsp = (scriptHash: string, styleHash: string) =>
  `default-src 'none'; script-src '${scriptHash}'; style-src '${styleHash}'; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'`;

export function securityHeaders(csp: string, tls: boolean): Record<string, string> {
  return {
    'Content-Security-Policy': csp,
    'X-Frame-Options': 'DENY',
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'Cache-Control': 'no-store',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Cross-Origin-Resource-Policy': 'same-origin',
    ...(tls ? { 'Strict-Transport-Security': 'max-age=31536000' } : {}),
  };
}

export const STATE_CHANGING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * Why a state-changing request is not from the dashboard's own page, or null when it is: it must
 * carry an Origin that is one of ours (browsers always send one on POST; a request without it is
 * refused too), and a browser's Sec-Fetch-Site, when sent, must say same-origin.
 */
export function foreignRequestProblem(req: http.IncomingMessage, origins: Set<string>): string | null {
  const site = req.headers['sec-fetch-site'];
  if (site !== undefined && site !== 'same-origin') return `cross-site request refused (Sec-Fetch-Site: ${String(site).slice(0, 20)})`;
  const origin = req.headers.origin;
  if (origin === undefined) return 'a state-changing request must come from the dashboard page (Origin header missing)';
  if (!origins.has(origin.toLowerCase())) return 'cross-origin request refused (Origin is not this dashboard)';
  return null;
}

export const BODY_LIMIT = 16_384;
/** Past this much, an oversized body is not even drained: the connection is cut. */
const DRAIN_LIMIT = 1_048_576;

export class BodyTooLarge extends Error {}

/** Reads a body up to `limit` bytes; a larger one is drained (so the 413 reaches the client) and refused. */
export function readBody(req: http.IncomingMessage, limit = BODY_LIMIT): Promise<string> {
  return new Promise((resolve, reject) => {
    let size = 0;
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size <= limit) chunks.push(c);
      else if (size > DRAIN_LIMIT) req.destroy();
    });
    req.on('end', () => (size > limit ? reject(new BodyTooLarge()) : resolve(Buffer.concat(chunks).toString('utf8'))));
    req.on('error', reject);
    req.on('close', () => reject(new BodyTooLarge())); // cut off past DRAIN_LIMIT (a no-op after 'end')
  });
}
