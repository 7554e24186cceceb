/**
 * Zod schemas of the SDK's registrar response types (cloudflare v7 `resources/registrar`), strict
 * (no extra keys), with a compile-time check that each schema's type and the SDK type are the same
 * both ways (`npx tsc -p tsconfig.test.json`): a field the SDK adds, drops or retypes breaks the build.
 */
import { z } from 'zod';
import type { Registration, RegistrarCheckResponse, RegistrarSearchResponse, WorkflowStatus } from 'cloudflare/resources/registrar/registrar';
import type { ExtensionGetResponse } from 'cloudflare/resources/registrar/extensions';

type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const same = <A, B>(ok: Same<A, B>) => ok;

const reason = z.enum(['extension_not_supported_via_api', 'extension_not_supported', 'extension_disallows_registration', 'domain_premium', 'domain_unavailable']);
const decimal = z.string().regex(/^\d+\.\d{2}$/, 'a decimal string');
export const CheckItem = z.object({
  name: z.string(),
  registrable: z.boolean(),
  pricing: z.object({ currency: z.string().regex(/^[A-Z]{3}$/), registration_cost: decimal, renewal_cost: decimal }).strict().optional(),
  reason: reason.optional(),
  tier: z.enum(['standard', 'premium']).optional(),
}).strict();
export const CheckResponse = z.object({ domains: z.array(CheckItem) }).strict();
same<z.infer<typeof CheckResponse>, RegistrarCheckResponse>(true);
same<z.infer<typeof CheckResponse>, RegistrarSearchResponse>(true);

export const WorkflowStatusSchema = z.object({
  completed: z.boolean(),
  created_at: z.string().datetime(),
  links: z.object({ self: z.string(), resource: z.string().optional() }).strict(),
  state: z.enum(['pending', 'in_progress', 'action_required', 'blocked', 'succeeded', 'failed']),
  updated_at: z.string().datetime(),
  context: z.record(z.string(), z.unknown()).optional(),
  error: z.object({ code: z.string(), message: z.string() }).strict().nullable().optional(),
}).strict();
same<z.infer<typeof WorkflowStatusSchema>, WorkflowStatus>(true);

export const RegistrationSchema = z.object({
  auto_renew: z.boolean(),
  created_at: z.string().datetime(),
  domain_name: z.string(),
  expires_at: z.string().datetime().nullable(),
  locked: z.boolean(),
  privacy_mode: z.enum(['off', 'redaction']),
  status: z.enum(['active', 'registration_pending', 'transfer_pending', 'expired', 'suspended', 'redemption_period', 'pending_delete']),
}).strict();
same<z.infer<typeof RegistrationSchema>, Registration>(true);

export const ExtensionSchema = z.object({
  metadata: z.object({ name: z.string(), tld: z.string() }).strict(),
  registration_schema: z.unknown(),
  transfer_schema: z.unknown(),
}).strict();
same<z.infer<typeof ExtensionSchema>, ExtensionGetResponse>(true);

/** Cloudflare's envelope around a result; `cursor` lists add `result_info {count, cursor?, per_page}`. */
export function envelope(result: z.ZodTypeAny, cursor = false) {
  return z.object({
    success: z.literal(true), errors: z.array(z.unknown()).length(0), messages: z.array(z.unknown()), result,
    ...(cursor ? { result_info: z.object({ count: z.number().int(), per_page: z.number().int(), cursor: z.string().optional() }).strict() } : {}),
  }).strict();
}

export const Failure = z.object({
  success: z.literal(false), errors: z.array(z.object({ code: z.number().int(), message: z.string() }).strict()).min(1), messages: z.array(z.unknown()), result: z.null(),
}).strict();
