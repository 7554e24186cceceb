/**
 * Hetzner Cloud error bodies: `{"error":{"code","message","details"}}` with the status codes the
 * API uses for each code (docs.hetzner.cloud "Errors"; hcloud-go `hcloud/error.go`).
 */
import type { SimResponse } from '../core/types';

/** The HTTP status Hetzner answers with for each error code we simulate. */
export const ERROR_STATUS = {
  invalid_input: 400,
  json_error: 400,
  unauthorized: 401,
  forbidden: 403,
  resource_limit_exceeded: 403,
  not_found: 404,
  uniqueness_error: 409,
  conflict: 409,
  resource_unavailable: 412,
  protected: 422,
  locked: 423,
  rate_limit_exceeded: 429,
  server_error: 500,
  unavailable: 503,
  timeout: 504,
} as const;

export type HetznerErrorCode = keyof typeof ERROR_STATUS;

/** One failed field of an `invalid_input`/`uniqueness_error`, as Hetzner reports it. */
export interface FieldError {
  name: string;
  messages: string[];
}

/** A thrown error that route handlers turn into Hetzner's error response. */
export class HetznerError extends Error {
  constructor(
    readonly code: HetznerErrorCode,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
  }

  toResponse(): SimResponse {
    return errorResponse(this.code, this.message, this.details);
  }
}

export function errorResponse(code: HetznerErrorCode, message: string, details: Record<string, unknown> = {}): SimResponse {
  return { status: ERROR_STATUS[code], body: { error: { code, message, details } } };
}

/** `invalid_input` with Hetzner's `details.fields` list and its "invalid input in field(s)" message. */
export function invalidInput(fields: FieldError[]): HetznerError {
  const names = fields.map((f) => `'${f.name}'`).join(', ');
  return new HetznerError('invalid_input', `invalid input in field${fields.length > 1 ? 's' : ''} ${names}`, { fields });
}

export function invalidField(name: string, message: string): HetznerError {
  return invalidInput([{ name, messages: [message] }]);
}

export function notFound(kind: string, id: string | number): HetznerError {
  return new HetznerError('not_found', `${kind} with ID '${id}' not found`);
}

export function uniqueness(field: string, message: string): HetznerError {
  return new HetznerError('uniqueness_error', message, { fields: [{ name: field }] });
}
