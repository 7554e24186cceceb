/** The audit trail (spec: "All infra operations are logged"): sanitizer, JSONL log, worker interceptor. */
export { AuditLog, auditFile, type AuditFilter, type AuditLogOptions, type AuditRecord } from './log';
export { sanitize, REDACTED, SECRET_KEY, type SanitizeOptions } from './sanitize';
export { auditedCall, createAuditInterceptor, errorCodeOf, type AuditedCallInfo, type AuditInterceptorOptions } from './interceptor';
