import type { Queryable } from '../db/database.js';

/**
 * The timeline events ('Segment Entered', 'Stage Changed', ...) of one recompute batch, held in a
 * temp table until the batch's end, dropped at commit.
 */
export const BATCH_TIMELINE_TABLE = 'kanta_batch_timeline';

const COLUMNS = 'workspace_id, message_id, type, name, contact_id, account_id, properties, occurred_at, source';

/**
 * Opens the batch's timeline table (the columns recordSegmentChangesSql and recordStageMovesSql
 * insert), empty, inside the caller's transaction.
 */
export async function openBatchTimeline(tx: Queryable): Promise<void> {
  await tx.exec(`DROP TABLE IF EXISTS ${BATCH_TIMELINE_TABLE}`);
  await tx.exec(`CREATE TEMP TABLE ${BATCH_TIMELINE_TABLE} ON COMMIT DROP AS SELECT ${COLUMNS} FROM events WITH NO DATA`);
}

/**
 * Writes the batch's timeline events into `events` in one statement, ordered by subject (a
 * contact's, else an account's) and, within a subject, in the order they were recorded (so
 * their ids keep it), then drops the table.
 *
 * Why: each segment's diff and each stage pass is a statement of its own, and written there a
 * subject's events of one batch landed on as many heap pages as it had changes (nine pages for
 * an account entering six segments and moving three stages, measured on the recompute bench's
 * data at 100k accounts). Every later read of that subject's events by its index (the facts of
 * each drain of the recompute queue, the timeline) fetched all of them: at 1M accounts, where
 * the events no longer fit in memory, each is a read from disk. Written together they share a
 * page or two.
 */
export async function flushBatchTimeline(tx: Queryable): Promise<void> {
  await tx.exec(
    `INSERT INTO events (${COLUMNS})
     SELECT ${COLUMNS} FROM ${BATCH_TIMELINE_TABLE} ORDER BY contact_id, account_id, ctid
     ON CONFLICT (workspace_id, message_id) DO NOTHING`,
  );
  await tx.exec(`DROP TABLE IF EXISTS ${BATCH_TIMELINE_TABLE}`);
}
