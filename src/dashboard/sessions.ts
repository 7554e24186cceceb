/**
 * Who may use the dashboard: one login token (generated at start and printed once, or configured),
 * exchanged for a server-side session held in an HttpOnly, SameSite=Strict cookie. Each session
 * carries its user (the decider of what is approved through it) and its own CSRF token.
 */
import crypto from 'node:crypto';
import os from 'node:os';
import { InfraError } from '../domain/errors';

export interface Session {
  id: string;
  /** Who decides through this session: the OS user who started the dashboard, or a configured name. */
  user: string;
  /** Sent back by the page in a header on every state-changing request. */
  csrf: string;
  expiresAt: number;
}

export const SESSION_TTL_MS = 12 * 60 * 60 * 1000;
/** Bounds the map: logging in again and again cannot grow memory (the oldest session goes). */
const MAX_SESSIONS = 64;

const randomId = () => crypto.randomBytes(32).toString('base64url');

/** Equal-time comparison of two secrets (hashed first, so lengths do not leak either). */
export function sameSecret(a: string, b: string): boolean {
  const h = (s: string) => crypto.createHash('sha256').update(s, 'utf8').digest();
  return crypto.timingSafeEqual(h(a), h(b));
}

export class Sessions {
  private readonly byId = new Map<string, Session>();

  /** `token` is the login token; `user` the name every decision through a session is made by. */
  constructor(private readonly token: string, private readonly user: string, private readonly now = () => Date.now()) {}

  /** A new session when `token` is the login token, else null. */
  login(token: string): Session | null {
    if (!sameSecret(token, this.token)) return null;
    this.sweep();
    if (this.byId.size >= MAX_SESSIONS) this.byId.delete(this.byId.keys().next().value as string);
    const s: Session = { id: randomId(), user: this.user, csrf: randomId(), expiresAt: this.now() + SESSION_TTL_MS };
    this.byId.set(s.id, s);
    return s;
  }

  /** The live session a cookie value names, or null (unknown or expired). */
  find(id: string | undefined): Session | null {
    if (!id) return null;
    const s = this.byId.get(id);
    if (!s) return null;
    if (s.expiresAt <= this.now()) {
      this.byId.delete(id);
      return null;
    }
    return s;
  }

  logout(id: string): void {
    this.byId.delete(id);
  }

  private sweep(): void {
    const t = this.now();
    for (const [id, s] of this.byId) if (s.expiresAt <= t) this.byId.delete(id);
  }
}

/** Where the login token comes from: configured (env or file, never printed) or generated here (printed once). */
export interface LoginToken {
  token: string;
  generated: boolean;
}

export const MIN_TOKEN_LENGTH = 16;

/** A configured token when given (too short is refused), else a fresh random one. */
export function loginToken(configured: string | undefined): LoginToken {
  if (configured === undefined || configured === '') return { token: randomId(), generated: true };
  const token = configured.trim();
  if (token.length < MIN_TOKEN_LENGTH || token.length > 512 || /\s/.test(token)) {
    throw new InfraError('INFRA_INVALID_INPUT', `The dashboard login token must be ${MIN_TOKEN_LENGTH} to 512 characters without spaces`);
  }
  return { token, generated: false };
}

/** The OS user who started the dashboard: the default decider for its sessions. */
export function osUser(): string {
  try {
    return os.userInfo().username || 'unknown';
  } catch {
    return process.env.USER ?? 'unknown';
  }
}

/**
 * The session cookie's name: with the port in it (browsers share cookies across ports, so two
 * dashboards on one host would overwrite each other's), and `__Host-` under TLS (the browser then
 * insists on Secure, Path=/ and no Domain).
 */
export const cookieName = (tls: boolean, port: number) => `${tls ? '__Host-' : ''}fazt_session_${port}`;

export function sessionCookie(name: string, id: string, tls: boolean, maxAgeS = SESSION_TTL_MS / 1000): string {
  return `${name}=${id}; Path=/; HttpOnly; SameSite=Strict; Max-Age=${maxAgeS}${tls ? '; Secure' : ''}`;
}

/** The value of cookie `name` in a Cookie header. */
export function readCookie(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const i = part.indexOf('=');
    if (i > 0 && part.slice(0, i).trim() === name) return part.slice(i + 1).trim();
  }
  return undefined;
}
