import type { Queryable } from '../../../db/database.js';

/** Tests: care settings of a workspace with no frequency caps and no quiet hours, so mail goes out at any hour. */
export async function relaxCareGovernance(db: Queryable, workspaceId: number): Promise<void> {
  await db.query(
    `INSERT INTO care_settings (workspace_id, frequency_caps, quiet_start, quiet_end) VALUES ($1, '[]', '00:00', '00:00')
     ON CONFLICT (workspace_id) DO UPDATE SET frequency_caps = '[]', quiet_start = '00:00', quiet_end = '00:00'`,
    [workspaceId],
  );
}
