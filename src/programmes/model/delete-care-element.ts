import type { Database } from '../../db/database.js';
import { AppError } from '../../errors/app-error.js';
import { findCareElement } from './find-care-element.js';

/**
 * Deletes a care element with its versions. An element that has enrolled anyone is refused
 * (its runs, actions and results would go with it) unless `force`: disable it instead to keep
 * the history.
 */
export async function deleteCareElement(db: Database, workspaceId: number, idOrKey: number | string, opts: { force?: boolean } = {}): Promise<void> {
  await db.transaction(async (tx) => {
    const element = await findCareElement(tx, workspaceId, idOrKey, { forUpdate: true });
    if (!opts.force) {
      const [runs] = await tx.query<{ n: number }>('SELECT count(*)::int AS n FROM care_runs WHERE workspace_id = $1 AND element_id = $2', [workspaceId, element.id]);
      if (runs && runs.n > 0) {
        throw new AppError('conflict', `Care element "${element.key}" has ${runs.n} runs: disable it to keep their history, or delete with force`, [
          { path: '/force', message: `the element has ${runs.n} runs` },
        ]);
      }
    }
    await tx.execute('DELETE FROM care_elements WHERE workspace_id = $1 AND id = $2', [workspaceId, element.id]);
  });
}
