import type { Queryable } from '../../db/database.js';
import { decodeCursor, type KeysetOrder, type Page } from '../../db/keyset-cursor.js';
import { keysetPage } from '../../db/keyset-page.js';
import type { SqlParams } from '../../db/sql-params.js';

export interface EmailSuppression {
  address: string;
  reason: 'hard_bounce' | 'complaint' | 'manual';
  detail: string | null;
  created_at: Date;
}

const ORDER: KeysetOrder = {
  sort: 'email-suppressions:-created_at',
  keys: [
    { sql: 's.created_at', type: 'timestamptz' },
    { sql: 's.address', type: 'text' },
  ],
  direction: 'desc',
};

/** Addresses no care email goes to (hard bounces, complaints, added by hand), newest first. */
export async function listEmailSuppressions(db: Queryable, workspaceId: number, input: { reason?: EmailSuppression['reason'] | undefined; limit?: number | undefined; cursor?: string | undefined }): Promise<Page<EmailSuppression>> {
  return keysetPage<EmailSuppression>(
    db,
    {
      from: 'email_suppressions s',
      select: 's.address, s.reason, s.detail, s.created_at',
      id: 's.address',
      order: ORDER,
      where: (p: SqlParams) => {
        const conds = [`s.workspace_id = ${p.add(workspaceId)}`];
        if (input.reason !== undefined) conds.push(`s.reason = ${p.add(input.reason)}`);
        return conds;
      },
    },
    { after: input.cursor ? decodeCursor(ORDER, input.cursor) : null, limit: input.limit ?? 50 },
  );
}
