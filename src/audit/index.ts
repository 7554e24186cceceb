/** The audit trail (spec: "All infra operations are logged"): sanitizer, hash-chained JSONL log, worker interceptor, HTTP records. */
export { AuditLog, auditFile, type AuditEntry, type AuditFilter, type AuditLogOptions, type AuditRecord, type HttpAuditRecord } from './log';
export { verifyChain, GENESIS, type ChainBreak, type ChainReport } from './chain';
export { sanitize, REDACTED, SECRET_KEY, type SanitizeOptions } from './sanitize';
export { auditedCall, createAuditInterceptor, errorCodeOf, type AuditedCallInfo, type AuditInterceptorOptions } from './interceptor';
