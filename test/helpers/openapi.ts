/**
 * Validates simulator responses against a provider's trimmed OpenAPI spec in
 * `<repo>/../shared/specs/`. Ajv with `strict: false`. OpenAPI 3.0 `nullable: true` becomes
 * `anyOf: [schema, {type: 'null'}]` (which also covers `allOf`-wrapped refs and enums that do
 * not list null); OpenAPI 3.1 type arrays (`type: ['string', 'null']`) pass through unchanged.
 * Response schemas are looked up by exact status, then `4XX`/`5XX` ranges, then `default`.
 */
import fs from 'node:fs';
import path from 'node:path';
import Ajv, { type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';

/** `<repo>/../shared/specs/<file>`. */
export function specPath(file: string): string {
  return path.resolve(__dirname, '../../../shared/specs', file);
}

/** Rewrites 3.0 `nullable` recursively; leaves 3.1 documents' type arrays as they are. */
export function normalizeNullable(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(normalizeNullable);
  if (!node || typeof node !== 'object') return node;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(node)) {
    // `properties`, `patternProperties` etc. are maps of schemas: keep their keys, normalise values.
    out[k] = normalizeNullable(v);
  }
  if (out.nullable === true) {
    delete out.nullable;
    return { anyOf: [out, { type: 'null' }] };
  }
  delete out.nullable;
  return out;
}

export interface SpecOperation {
  method: string;
  template: string;
}

export interface ResponseCheck {
  /** The matching spec operation, null when the path is not in the spec. */
  operation: SpecOperation | null;
  /** Whether a JSON schema was found for the status (false for 204s and undeclared statuses). */
  checked: boolean;
  errors: string[];
}

const pointer = (s: string) => s.replace(/~/g, '~0').replace(/\//g, '~1');

export class OpenApiSpec {
  readonly operations: SpecOperation[] = [];
  private readonly doc: any;
  private readonly ajv: Ajv;
  private readonly compiled = new Map<string, ValidateFunction>();
  private readonly id: string;

  /** Throws a clear error when the spec file is absent. */
  constructor(file: string) {
    const p = specPath(file);
    if (!fs.existsSync(p)) throw new Error(`OpenAPI spec not found at ${p} (expected the shared trimmed spec ${file}); the fidelity test cannot run without it`);
    this.id = file;
    this.doc = normalizeNullable(JSON.parse(fs.readFileSync(p, 'utf8')));
    this.ajv = new Ajv({ strict: false, allErrors: true });
    addFormats(this.ajv);
    for (const f of ['int32', 'int64', 'float', 'double', 'decimal']) this.ajv.addFormat(f, true);
    this.ajv.addSchema(this.doc, this.id);
    for (const [template, item] of Object.entries<any>(this.doc.paths ?? {})) {
      for (const method of Object.keys(item)) {
        if (['get', 'post', 'put', 'patch', 'delete'].includes(method)) this.operations.push({ method: method.toUpperCase(), template });
      }
    }
  }

  /** The operation for a concrete path below the base path; literal segments beat `{params}`. */
  operationFor(method: string, concretePath: string): SpecOperation | null {
    const segs = concretePath.split('?')[0].split('/').filter(Boolean);
    const matches = this.operations.filter((op) => {
      if (op.method !== method.toUpperCase()) return false;
      const parts = op.template.split('/').filter(Boolean);
      return parts.length === segs.length && parts.every((p, i) => /^\{.+\}$/.test(p) || p === decodeURIComponent(segs[i]));
    });
    const literal = (op: SpecOperation) => op.template.split('/').filter((p) => p && !p.startsWith('{')).length;
    return matches.sort((a, b) => literal(b) - literal(a))[0] ?? null;
  }

  /** Validates one response body against the schema the spec declares for it. */
  check(method: string, concretePath: string, status: number, body: unknown): ResponseCheck {
    const operation = this.operationFor(method, concretePath);
    if (!operation) return { operation: null, checked: false, errors: [] };
    const responses = this.doc.paths[operation.template][operation.method.toLowerCase()].responses ?? {};
    const range = `${String(status)[0]}xx`;
    const key = [String(status), range, range.toUpperCase(), 'default'].find((k) => responses[k]);
    const schemaPath = key && responses[key]?.content?.['application/json']?.schema ? key : null;
    if (!schemaPath) {
      const declared = key !== undefined;
      return { operation, checked: false, errors: declared || status === 204 ? [] : [`status ${status} is not declared for ${operation.method} ${operation.template}`] };
    }
    const ref = `${this.id}#/paths/${pointer(operation.template)}/${operation.method.toLowerCase()}/responses/${pointer(schemaPath)}/content/application~1json/schema`;
    let validate = this.compiled.get(ref);
    if (!validate) {
      validate = this.ajv.compile({ $ref: ref });
      this.compiled.set(ref, validate);
    }
    const ok = validate(body);
    const errors = ok ? [] : (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message}${e.params ? ' ' + JSON.stringify(e.params) : ''}`);
    return { operation, checked: true, errors };
  }
}
