import type { Database } from '../../../db/database.js';
import type { CareElementDefinition } from '../../model/care-element.js';
import type { CareRuntime } from '../care-runtime.js';
import { claimDueActions } from '../claim-due-actions.js';
import { executeAction, type ExecuteActionOptions, type ExecutedAction } from '../execute-action.js';

/** Test helpers of the care engine: a runtime without SMTP (the outbox), and running what is due now, in this process. */
export function outboxRuntime(workerId = 'test-worker'): CareRuntime {
  return { mailer: null, publicUrl: 'http://127.0.0.1:4400', workerId, webhookTimeoutMs: 2_000 };
}

/** Claims and executes every action due at `now` (a failure's retry falls due later), returning what each became. */
export async function runDueActions(db: Database, workspaceId: number, runtime: CareRuntime, now: Date, options: ExecuteActionOptions = {}): Promise<ExecutedAction[]> {
  const done: ExecutedAction[] = [];
  for (;;) {
    const claimed = await claimDueActions(db, workspaceId, { workerId: runtime.workerId, limit: 50, leaseMs: 60_000, now });
    if (claimed.length === 0) return done;
    for (const a of claimed) done.push(await executeAction(db, runtime, a, { clock: () => now, ...options }));
  }
}

/** A definition with the parts a test does not care about filled in. */
export function definition(parts: Partial<CareElementDefinition> & Pick<CareElementDefinition, 'trigger' | 'steps'>): CareElementDefinition {
  return {
    name: { fi: 'Testiohjelma', en: 'Test programme' },
    phase: 'keep',
    placement: { stages: [], segments: [] },
    holdout_percent: 0,
    ...parts,
  };
}

/** Inserts a timeline event as ingest or the recompute would; returns its id. */
export async function insertEvent(
  db: Database,
  workspaceId: number,
  e: { name: string; accountId?: number | null; contactId?: number | null; properties?: Record<string, unknown>; at: Date; id?: number },
): Promise<number> {
  const [row] = await db.query<{ id: number }>(
    `INSERT INTO events (workspace_id, ${e.id !== undefined ? 'id, ' : ''}message_id, type, name, account_id, contact_id, properties, occurred_at, source)
     VALUES ($1, ${e.id !== undefined ? `${Number(e.id)}, ` : ''}'t-' || gen_random_uuid(), 'track', $2, $3, $4, $5::jsonb, $6, 'api') RETURNING id`,
    [workspaceId, e.name, e.accountId ?? null, e.contactId ?? null, JSON.stringify(e.properties ?? {}), e.at.toISOString()],
  );
  return row!.id;
}
