import type { Queryable } from '../../db/database.js';
import { AppError } from '../../errors/app-error.js';

/** Lets care email go to an address again (e.g. a mailbox that bounced has been fixed). Unknown address: not_found. */
export async function removeEmailSuppression(db: Queryable, workspaceId: number, address: string): Promise<void> {
  const n = await db.execute('DELETE FROM email_suppressions WHERE workspace_id = $1 AND address = lower($2)', [workspaceId, address]);
  if (n === 0) throw new AppError('not_found', `${address} is not suppressed`);
}
