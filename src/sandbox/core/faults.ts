/**
 * Fault injection for a simulator: as rates (each request draws) or as a scripted sequence (the
 * next N matching requests get these faults in order). Deterministic when given a seed.
 */

export type FaultKind = '5xx' | '429' | 'timeout' | 'lost';

export interface FaultRates {
  /** Probability 0..1 per request. */
  '5xx'?: number;
  '429'?: number;
  timeout?: number;
  /** The handler runs and commits, then the connection is dropped without a response. */
  lost?: number;
}

export interface ScriptedFault {
  kind: FaultKind;
  /** Only requests with this method (e.g. POST). */
  method?: string;
  /** Only paths matching this regular expression (source text). */
  path?: string;
  /** A scripted 429's `Retry-After` instead of the simulator's own, e.g. an HTTP-date. */
  retryAfter?: string;
}

/** What a request gets: the fault and, for a scripted 429, its own Retry-After. */
export interface DrawnFault {
  kind: FaultKind;
  retryAfter?: string;
}

export interface FaultConfig {
  rates?: FaultRates;
  /** Applies only to requests matching (method, path) when given. */
  rateFilter?: { method?: string; path?: string };
  script?: ScriptedFault[];
  seed?: number;
}

export class FaultInjector {
  private rates: FaultRates = {};
  private rateFilter: { method?: string; path?: string } = {};
  private script: ScriptedFault[] = [];
  private rand: () => number = Math.random;
  readonly injected: Array<{ kind: FaultKind; method: string; path: string; at: number }> = [];

  configure(cfg: FaultConfig): void {
    this.rates = cfg.rates ?? {};
    this.rateFilter = cfg.rateFilter ?? {};
    this.script = [...(cfg.script ?? [])];
    this.rand = cfg.seed === undefined ? Math.random : mulberry32(cfg.seed);
  }

  clear(): void {
    this.configure({});
  }

  /** The fault for this request, if any. Scripted faults are consumed in order. */
  draw(method: string, path: string): DrawnFault | null {
    const i = this.script.findIndex((f) => matches(f, method, path));
    if (i >= 0) {
      const [f] = this.script.splice(i, 1);
      return { kind: this.record(f.kind, method, path), ...(f.retryAfter !== undefined ? { retryAfter: f.retryAfter } : {}) };
    }
    if (!matches(this.rateFilter, method, path)) return null;
    for (const kind of ['lost', 'timeout', '429', '5xx'] as const) {
      const p = this.rates[kind] ?? 0;
      if (p > 0 && this.rand() < p) return { kind: this.record(kind, method, path) };
    }
    return null;
  }

  pending(): number {
    return this.script.length;
  }

  private record(kind: FaultKind, method: string, path: string): FaultKind {
    this.injected.push({ kind, method, path, at: Date.now() });
    return kind;
  }
}

function matches(f: { method?: string; path?: string }, method: string, path: string): boolean {
  if (f.method && f.method.toUpperCase() !== method.toUpperCase()) return false;
  if (f.path && !new RegExp(f.path).test(path)) return false;
  return true;
}

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
