/**
 * Cloudflare-specific fidelity checks on top of the shared {@link OpenApiSpec}:
 * - Success responses validate against the operation's declared schema, as for every provider.
 * - Error responses (4xx) validate against `<tag>_api-response-common-failure`. The spec's own
 *   `4xx` schemas for dns_records are `allOf` the *success* envelope (`success: enum [true]`) and
 *   the failure envelope (`success: enum [false]`), which nothing can satisfy, so the failure half
 *   is the meaningful contract.
 * - Single records can be checked against `dns-records_dns-record` directly, which is how the batch
 *   endpoint's records are checked (the 2024 spec predates `dns_records/batch`).
 */
import fs from 'node:fs';
import Ajv, { type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { normalizeNullable, OpenApiSpec, specPath, type ResponseCheck } from './openapi';

export const CLOUDFLARE_SPEC = 'cloudflare.openapi.json';

export class CloudflareSpec {
  readonly base: OpenApiSpec;
  private readonly ajv: Ajv;
  private readonly cache = new Map<string, ValidateFunction>();

  constructor() {
    this.base = new OpenApiSpec(CLOUDFLARE_SPEC);
    const doc = normalizeNullable(JSON.parse(fs.readFileSync(specPath(CLOUDFLARE_SPEC), 'utf8')));
    this.ajv = new Ajv({ strict: false, allErrors: true });
    addFormats(this.ajv);
    this.ajv.addSchema(doc as object, 'cf');
  }

  /** Validates a response to a spec path; errors use the failure envelope (see module doc). */
  check(method: string, path: string, status: number, body: unknown): ResponseCheck {
    if (status < 400) return this.base.check(method, path, status, body);
    const operation = this.base.operationFor(method, path);
    if (!operation) return { operation: null, checked: false, errors: [] };
    const tag = operation.template.includes('dns_records') ? 'dns-records' : 'zones';
    return { operation, checked: true, errors: this.validate(`${tag}_api-response-common-failure`, body) };
  }

  /** Validates a value against one component schema; returns ajv's messages. */
  validate(component: string, value: unknown): string[] {
    let v = this.cache.get(component);
    if (!v) {
      v = this.ajv.compile({ $ref: `cf#/components/schemas/${component}` });
      this.cache.set(component, v);
    }
    return v(value) ? [] : (v.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message} ${JSON.stringify(e.params)}`);
  }
}
