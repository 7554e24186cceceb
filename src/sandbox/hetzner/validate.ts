/**
 * Request-body validation in Hetzner's style: every problem is collected into `details.fields`
 * with marshmallow-like messages ("Missing data for required field.", "Unknown field.", ...),
 * and nothing is created when any field fails.
 */
import { invalidField, invalidInput, type FieldError } from './errors';

/** `idOrName`: Hetzner accepts an integer id or a name string for references (type, image, key). */
export type FieldKind = 'string' | 'int' | 'bool' | 'labels' | 'string[]' | 'int[]' | 'object' | 'array' | 'idOrName' | 'idOrName[]';

export interface FieldSpec {
  kind: FieldKind;
  required?: boolean;
  nullable?: boolean;
}

const TYPE_MESSAGE: Record<FieldKind, string> = {
  string: 'Not a valid string.',
  int: 'Not a valid integer.',
  bool: 'Not a valid boolean.',
  labels: 'Not a valid mapping type.',
  object: 'Not a valid mapping type.',
  'string[]': 'Not a valid list.',
  'int[]': 'Not a valid list.',
  array: 'Not a valid list.',
  idOrName: 'Not a valid ID or name.',
  'idOrName[]': 'Not a valid list.',
};

/** Label keys: optional DNS-subdomain prefix + `/` + name; values ≤ 63 chars (docs "Labels"). */
const LABEL_NAME = /^(?:[a-z0-9A-Z]|[a-z0-9A-Z][a-z0-9A-Z._-]{0,61}[a-z0-9A-Z])$/;
const LABEL_VALUE = /^(?:|[a-z0-9A-Z]|[a-z0-9A-Z][a-z0-9A-Z._-]{0,61}[a-z0-9A-Z])$/;
const LABEL_PREFIX = /^(?=.{1,253}$)[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*$/;

function labelProblem(labels: Record<string, unknown>): string | null {
  for (const [k, v] of Object.entries(labels)) {
    const slash = k.lastIndexOf('/');
    const prefix = slash >= 0 ? k.slice(0, slash) : null;
    const name = slash >= 0 ? k.slice(slash + 1) : k;
    if (prefix !== null && (!LABEL_PREFIX.test(prefix) || prefix.startsWith('hetzner.cloud'))) return `invalid label key '${k}'`;
    if (!LABEL_NAME.test(name)) return `invalid label key '${k}'`;
    if (typeof v !== 'string' || !LABEL_VALUE.test(v)) return `invalid label value for key '${k}'`;
  }
  return null;
}

function isIdOrName(v: unknown): boolean {
  return (typeof v === 'string' && v.length > 0) || (typeof v === 'number' && Number.isInteger(v) && v > 0);
}

function kindOk(kind: FieldKind, v: unknown): boolean {
  switch (kind) {
    case 'string': return typeof v === 'string';
    case 'int': return typeof v === 'number' && Number.isInteger(v);
    case 'bool': return typeof v === 'boolean';
    case 'labels':
    case 'object': return typeof v === 'object' && v !== null && !Array.isArray(v);
    case 'string[]': return Array.isArray(v) && v.every((x) => typeof x === 'string');
    case 'int[]': return Array.isArray(v) && v.every((x) => typeof x === 'number' && Number.isInteger(x));
    case 'array': return Array.isArray(v);
    case 'idOrName': return isIdOrName(v);
    case 'idOrName[]': return Array.isArray(v) && v.every(isIdOrName);
  }
}

/**
 * Checks a JSON body against a flat field table; throws `invalid_input` listing every bad field.
 * Unknown top-level fields are rejected, like the real API.
 */
export function checkBody<T = Record<string, any>>(body: unknown, spec: Record<string, FieldSpec>): T {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw invalidField('_schema', 'Invalid input type.');
  }
  const fields: FieldError[] = [];
  const b = body as Record<string, unknown>;
  for (const [name, f] of Object.entries(spec)) {
    const v = b[name];
    if (v === undefined) {
      if (f.required) fields.push({ name, messages: ['Missing data for required field.'] });
      continue;
    }
    if (v === null) {
      if (!f.nullable) fields.push({ name, messages: ['Field may not be null.'] });
      continue;
    }
    if (!kindOk(f.kind, v)) {
      fields.push({ name, messages: [TYPE_MESSAGE[f.kind]] });
      continue;
    }
    if (f.kind === 'labels') {
      const p = labelProblem(v as Record<string, unknown>);
      if (p) fields.push({ name, messages: [p] });
    }
  }
  for (const name of Object.keys(b)) if (!(name in spec)) fields.push({ name, messages: ['Unknown field.'] });
  if (fields.length > 0) throw invalidInput(fields);
  return b as T;
}
