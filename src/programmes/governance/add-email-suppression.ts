import type { Queryable } from '../../db/database.js';
import { AppError } from '../../errors/app-error.js';
import type { EmailSuppression } from './list-email-suppressions.js';

/** Stops all care email to an address by hand (reason 'manual'); an address already suppressed keeps its first reason. */
export async function addEmailSuppression(db: Queryable, workspaceId: number, input: { address: string; detail?: string | undefined }): Promise<EmailSuppression> {
  const address = input.address.trim().toLowerCase();
  if (!/^[^\s@]+@[^\s@]+$/.test(address)) throw new AppError('validation_failed', 'Not an email address', [{ path: '/address', message: 'must be an email address' }]);
  const [row] = await db.query<EmailSuppression & Record<string, unknown>>(
    `INSERT INTO email_suppressions AS s (workspace_id, address, reason, detail) VALUES ($1, $2, 'manual', $3)
     ON CONFLICT (workspace_id, address) DO UPDATE SET address = s.address
     RETURNING address, reason, detail, created_at`,
    [workspaceId, address, input.detail ?? null],
  );
  return row!;
}
