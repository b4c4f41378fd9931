import type { Queryable } from '../../db/database.js';
import { CARE_SETTINGS_COLUMNS, type CareSettings } from './care-settings.js';

/** The workspace's care settings; a workspace made before care programmes gets the defaults on first use. */
export async function getCareSettings(db: Queryable, workspaceId: number): Promise<CareSettings> {
  await db.execute('INSERT INTO care_settings (workspace_id) VALUES ($1) ON CONFLICT (workspace_id) DO NOTHING', [workspaceId]);
  const [row] = await db.query<CareSettings & Record<string, unknown>>(`SELECT ${CARE_SETTINGS_COLUMNS} FROM care_settings WHERE workspace_id = $1`, [workspaceId]);
  return row!;
}
