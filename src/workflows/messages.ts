/** Signals, updates and queries shared by every workflow and by src/client.ts. */
import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { ConfirmationRequest, Decision, DecisionRecord, OperationProgress } from '../domain/operations';

/** Current step, steps done, what it waits on, the pending confirmation. */
export const progressQuery = defineQuery<OperationProgress>('progress');
/** Just the pending confirmation (null when none). */
export const pendingConfirmationQuery = defineQuery<ConfirmationRequest | null>('pendingConfirmation');
/**
 * A human decision, fire-and-forget. No client of ours sends it any more (they use
 * {@link decideUpdate}), but recorded histories deliver decisions by it (test/fixtures/replay), so
 * workflows keep its handler: without it those histories no longer replay.
 */
export const decideSignal = defineSignal<[Decision]>('decide');
/**
 * A human decision with a synchronous answer; the validator refuses a wrong request id, a stale
 * content hash and an anonymous decision. Answers the record kept (absent in older workflows).
 */
export const decideUpdate = defineUpdate<{ accepted: boolean; decision?: DecisionRecord }, [Decision]>('decideUpdate');
/** Every decision this workflow accepted: who, through what, when, on exactly which request. */
export const decisionsQuery = defineQuery<DecisionRecord[]>('decisions');
