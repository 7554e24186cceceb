/** A tiny path router: `/servers/:id` patterns, first match wins. */
import type { Handler, Route } from './types';

export interface Match {
  handler: Handler;
  params: Record<string, string>;
}

export class Router {
  private readonly compiled: Array<{ method: string; parts: string[]; handler: Handler }> = [];

  constructor(routes: Route[]) {
    for (const r of routes) this.compiled.push({ method: r.method.toUpperCase(), parts: split(r.pattern), handler: r.handler });
  }

  /** The handler for a request, `'method'` when the path exists with another method, or null. */
  match(method: string, path: string): Match | 'method' | null {
    const segs = split(path);
    let pathMatched = false;
    for (const r of this.compiled) {
      const params = matchParts(r.parts, segs);
      if (!params) continue;
      pathMatched = true;
      if (r.method === method.toUpperCase()) return { handler: r.handler, params };
    }
    return pathMatched ? 'method' : null;
  }
}

function split(p: string): string[] {
  return p.split('/').filter(Boolean);
}

function matchParts(parts: string[], segs: string[]): Record<string, string> | null {
  const params: Record<string, string> = {};
  for (let i = 0; i < parts.length; i++) {
    const p = parts[i];
    if (p === '*') {
      params['*'] = segs.slice(i).map(decodeURIComponent).join('/');
      return params;
    }
    if (i >= segs.length) return null;
    if (p.startsWith(':')) params[p.slice(1)] = decodeURIComponent(segs[i]);
    else if (p !== segs[i]) return null;
  }
  return parts.length === segs.length ? params : null;
}
