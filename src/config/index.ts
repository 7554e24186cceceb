/**
 * Configuration and encrypted credentials (`fazt dev config`): the store activities resolve
 * credentials from, the sandbox hook of the quick start, and the folders fazt keeps files in.
 */
export { ConfigStore, type ConfigStoreOptions, type ResolvedCredential, type WriteResult } from './store';
export { applySandboxSettings } from './sandbox';
export { configDir, dataDir } from './paths';
export { mask, parseMasterKey, KEY_FILE } from './crypto';
export {
  CREDENTIAL_KINDS, KIND_PROVIDERS, SETTING_KEYS, SANDBOX_KEY, credentialCommand, normalizeZone, parseDuration, parseKey, validKeys,
  type CredentialKind, type DefaultKind, type ParsedKey, type SettingKey,
} from './keys';
export {
  ENV_FALLBACK, SETTING_DEFAULTS, type ConfigView, type CredentialView, type InfraSettings, type ZoneEntry,
} from './view';
