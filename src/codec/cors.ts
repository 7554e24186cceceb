/**
 * Who may call the codec server from a browser: the Temporal UI origins the operator names
 * (`--ui-origin`), and any page served from this machine's loopback (the local dev server's UI on
 * localhost:8233, whatever the port). Every other origin is refused outright, preflight included,
 * so a page elsewhere cannot have the operator's browser decrypt history for it. Requests without
 * an Origin (curl, scripts on this machine) are not browsers and pass.
 */

const LOOPBACK_HOST = /^(localhost|127(\.\d{1,3}){3}|\[::1\])$/;

/** Normalizes an origin given on the command line (`http://host:port`, no path); null when it is not one. */
export function parseOrigin(text: string): string | null {
  try {
    const u = new URL(text.trim());
    if ((u.protocol !== 'http:' && u.protocol !== 'https:') || u.username || u.password || u.search || u.hash || (u.pathname !== '/' && u.pathname !== '')) return null;
    return u.origin;
  } catch {
    return null;
  }
}

/** Is `origin` (the request's Origin header) allowed? */
export function originAllowed(origin: string, uiOrigins: readonly string[]): boolean {
  const o = parseOrigin(origin);
  if (o === null) return false;
  if (uiOrigins.includes(o)) return true;
  return LOOPBACK_HOST.test(new URL(o).hostname);
}

/** The CORS headers for an allowed origin. */
export function corsHeaders(origin: string): Record<string, string> {
  return {
    'access-control-allow-origin': origin,
    'access-control-allow-methods': 'POST, OPTIONS',
    'access-control-allow-headers': 'content-type, x-namespace, authorization',
    'access-control-allow-credentials': 'true',
    'access-control-max-age': '600',
    vary: 'Origin',
  };
}
