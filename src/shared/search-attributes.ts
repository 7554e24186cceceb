/** Typed keys for the custom search attributes; pure, importable from workflows. */
import { defineSearchAttributeKey } from '@temporalio/common';
import { SEARCH_ATTRIBUTES } from './constants';

export const SA_PROVIDER = defineSearchAttributeKey(SEARCH_ATTRIBUTES.provider, 'KEYWORD');
export const SA_OPERATION = defineSearchAttributeKey(SEARCH_ATTRIBUTES.operation, 'KEYWORD');
export const SA_SERVER = defineSearchAttributeKey(SEARCH_ATTRIBUTES.server, 'KEYWORD');
export const SA_ZONE = defineSearchAttributeKey(SEARCH_ATTRIBUTES.zone, 'KEYWORD');
/** `yes` while the workflow waits for a human decision. */
export const SA_AWAITING = defineSearchAttributeKey(SEARCH_ATTRIBUTES.awaiting, 'KEYWORD');

export const ALL_SEARCH_ATTRIBUTES = [SA_PROVIDER, SA_OPERATION, SA_SERVER, SA_ZONE, SA_AWAITING];
