/**
 * Validates simulator responses against the Vultr OpenAPI spec (/work/shared/specs/vultr.openapi.json,
 * resolved relative to this repo). Ajv with `strict: false`; OpenAPI 3.0 `nullable` is rewritten to
 * a JSON Schema type array, and 3.1 type arrays pass through unchanged.
 */
import fs from 'node:fs';
import path from 'node:path';
import Ajv, { type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';

/** Where the trimmed spec lives: `<repo>/../shared/specs/vultr.openapi.json`. */
export const VULTR_SPEC_PATH = path.resolve(__dirname, '../../../shared/specs/vultr.openapi.json');

export interface SpecOperation {
  method: string;
  template: string;
}

export interface ResponseCheck {
  /** Whether the spec declares a JSON schema for this (operation, status). */
  checked: boolean;
  operation: SpecOperation | null;
  errors: string[];
}

/** Rewrites OpenAPI 3.0 `nullable: true` into a JSON Schema type array, recursively. */
export function normalizeSchema(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(normalizeSchema);
  if (!node || typeof node !== 'object') return node;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(node)) out[k] = normalizeSchema(v);
  if (out.nullable === true) {
    if (typeof out.type === 'string') out.type = [out.type, 'null'];
    else if (Array.isArray(out.type) && !out.type.includes('null')) out.type = [...out.type, 'null'];
  }
  delete out.nullable;
  return out;
}

const escapePointer = (s: string) => s.replace(/~/g, '~0').replace(/\//g, '~1');

export class VultrSpec {
  private readonly ajv: Ajv;
  private readonly doc: any;
  private readonly compiled = new Map<string, ValidateFunction>();
  readonly operations: SpecOperation[] = [];

  constructor(specPath = VULTR_SPEC_PATH) {
    if (!fs.existsSync(specPath)) {
      throw new Error(`Vultr OpenAPI spec not found at ${specPath}: the fidelity test needs /work/shared/specs/vultr.openapi.json`);
    }
    this.doc = normalizeSchema(JSON.parse(fs.readFileSync(specPath, 'utf8')));
    this.ajv = new Ajv({ strict: false, allErrors: true });
    addFormats(this.ajv);
    this.ajv.addSchema(this.doc, 'vultr-spec');
    for (const [template, item] of Object.entries<any>(this.doc.paths)) {
      for (const method of Object.keys(item)) {
        if (['get', 'post', 'put', 'patch', 'delete'].includes(method)) this.operations.push({ method: method.toUpperCase(), template });
      }
    }
  }

  /** The spec operation for a concrete request path below `/v2`, e.g. `/instances/<uuid>`. */
  operationFor(method: string, concretePath: string): SpecOperation | null {
    const segs = concretePath.split('?')[0].split('/').filter(Boolean);
    return this.operations.find((op) => {
      if (op.method !== method.toUpperCase()) return false;
      const parts = op.template.split('/').filter(Boolean);
      return parts.length === segs.length && parts.every((p, i) => p.startsWith('{') || p === segs[i]);
    }) ?? null;
  }

  /** Validates one response body against the spec's schema for that operation and status. */
  check(method: string, concretePath: string, status: number, body: unknown): ResponseCheck {
    const operation = this.operationFor(method, concretePath);
    if (!operation) return { checked: false, operation: null, errors: [] };
    const response = this.doc.paths[operation.template][operation.method.toLowerCase()].responses?.[String(status)];
    const schema = response?.content?.['application/json']?.schema;
    if (!schema) {
      // A declared status without a body schema (204, or 4xx described in prose only).
      const declared = response !== undefined;
      return { checked: declared, operation, errors: declared ? [] : [`status ${status} is not declared for ${operation.method} ${operation.template}`] };
    }
    const ref = `vultr-spec#/paths/${escapePointer(operation.template)}/${operation.method.toLowerCase()}/responses/${status}/content/${escapePointer('application/json')}/schema`;
    let validate = this.compiled.get(ref);
    if (!validate) this.compiled.set(ref, (validate = this.ajv.compile({ $ref: ref })));
    const ok = validate(body);
    return { checked: true, operation, errors: ok ? [] : (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message}`) };
  }
}
