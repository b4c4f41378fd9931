import type { Database } from '../db/database.js';
import { AppError, isAppError } from '../errors/app-error.js';
import { REFUND_COLUMNS, type Refund } from './order.js';
import { recordRefunds } from './record-refunds.js';

export interface CreateRefundInput {
  amount: number;
  reason?: string | null | undefined;
  /** Defaults to now. */
  refunded_at?: string | undefined;
}

/**
 * Refunds part or all of an order: refunded_total grows and the status becomes
 * partially_refunded or refunded. More than what is left of the total is a validation
 * error naming amount; an order the workspace does not have is not_found.
 */
export async function createRefund(db: Database, workspaceId: number, orderId: number, input: CreateRefundInput): Promise<Refund> {
  return db.transaction(async (tx) => {
    const found = await tx.query('SELECT 1 FROM orders WHERE workspace_id = $1 AND id = $2', [workspaceId, orderId]);
    if (found.length === 0) throw new AppError('not_found', `No order ${orderId} in this workspace`);
    let refundId: number;
    try {
      const result = await recordRefunds(
        tx,
        workspaceId,
        [
          {
            orderId,
            amount: input.amount,
            reason: input.reason ?? null,
            refundedAt: input.refunded_at ? new Date(input.refunded_at) : new Date(),
            messageId: null,
          },
        ],
        { pathOf: () => 'body' },
      );
      refundId = result.refundIds[0]!;
    } catch (e) {
      if (!isAppError(e)) throw e;
      const issues = e.issues.map((i) => ({ ...i, path: i.path.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`) }));
      throw new AppError(e.code, issues[0]?.message ?? e.message, issues, e.extra);
    }
    const rows = await tx.query<Refund & Record<string, unknown>>(
      `SELECT ${REFUND_COLUMNS} FROM refunds r WHERE r.workspace_id = $1 AND r.id = $2`,
      [workspaceId, refundId],
    );
    return rows[0]!;
  });
}
