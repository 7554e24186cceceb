/** Our SSH client: exec with host-key pinning, health and cloud-init probes, the worker key, shells. */
export { connect, type SshTarget } from './connect';
export { exec, type ExecOptions, DEFAULT_EXEC_TIMEOUT_MS, DEFAULT_MAX_OUTPUT_BYTES } from './exec';
export { gatherHealth, parseHealthOutput, HEALTH_SCRIPT, type HealthFields } from './health';
export { cloudInitStatus, parseCloudInitOutput, CLOUD_INIT_SCRIPT, CLOUD_INIT_MARKER_PATH, type CloudInitStatus } from './cloud-init';
export { ensureWorkerKey, WORKER_KEY_FILE, type WorkerKey } from './worker-key';
export { openShell, type ShellOptions } from './shell';
export { forgetHostKey, readKnownHosts, hostId, type KnownHostEntry } from './known-hosts';
export { sha256Fingerprint, md5Fingerprint, parsePublicKey, openSshLine } from './keys';
