/**
 * The failure converter of every fazt process and of the workflow bundle: error messages and stack
 * traces travel in the failure's encoded attributes, a payload the codec encrypts, so a message
 * never sits in history in plain text. Histories from before it (plain messages) still decode.
 * Bundled into workflows: imports @temporalio/common only.
 */
import { DefaultFailureConverter } from '@temporalio/common';

export const failureConverter = new DefaultFailureConverter({ encodeCommonAttributes: true });
