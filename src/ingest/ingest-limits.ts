/**
 * The size limits of the tracking API, as Segment documents them for its HTTP API
 * (https://segment.com/docs/connections/sources/catalog/libraries/server/http-api/#max-request-size,
 * source: segmentio/segment-docs, src/connections/sources/catalog/libraries/server/http-api/index.md,
 * limits clarified in PRs #1042 and #7023): "Most HTTP API routes can handle API requests that are
 * 32KB or smaller", and the batch endpoint "accepts a maximum of 500KB per batch API request. Each
 * batch request can only have up to 2500 events, and each batched event needs to be less than 32KB."
 * @segment/analytics-node enforces the same numbers on its side (MAX_EVENT_SIZE_IN_KB = 32, a
 * batch of at most 480 KB "500 KB is the limit, leaving some padding"), so KB means 1024 bytes.
 *
 * Segment answers an over-size request with 400; Kanta answers an over-size body with 413 (the
 * HTTP status for it) and an over-size message inside a batch with 400 naming its index. The
 * official client does not retry either (it retries only 408, 410, 429, 460 and 5xx).
 */
export const MAX_MESSAGE_BYTES = 32 * 1024;
export const MAX_BATCH_BYTES = 500 * 1024;
export const MAX_BATCH_MESSAGES = 2500;

/** Longest id (userId, anonymousId, messageId, groupId, previousId) and event name we store (btree-indexed text). */
export const MAX_ID_LENGTH = 255;
export const MAX_NAME_LENGTH = 500;
