import type { Database } from '../db/database.js';
import { AppError } from '../errors/app-error.js';
import type { Rule } from '../rules/rule.js';
import { findSegment } from './find-segment.js';
import { listRuleReferences } from './list-rule-references.js';
import { SEGMENT_DEFINITIONS_LOCK } from './segment.js';

interface Transition {
  key?: string;
  rule?: Rule;
}

/**
 * Deletes a segment with its members and history (timeline events stay). Refused with a
 * conflict naming them while another segment's rule or a transition of a current lifecycle
 * definition references it: those would lose their meaning.
 */
export async function deleteSegment(db: Database, workspaceId: number, idOrKey: number | string): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock($1, $2::integer)', [SEGMENT_DEFINITIONS_LOCK, workspaceId]);
    const segment = await findSegment(tx, workspaceId, idOrKey, { forUpdate: true });
    const others = await tx.query<{ key: string; rule: Rule }>(
      'SELECT key, rule FROM segments WHERE workspace_id = $1 AND id <> $2 AND rule IS NOT NULL ORDER BY key',
      [workspaceId, segment.id],
    );
    const users = others.filter((o) => listRuleReferences(o.rule).segments.includes(segment.key)).map((o) => `segment "${o.key}"`);
    const lifecycles = await tx.query<{ subject_type: string; definition: { transitions?: Transition[] } }>(
      `SELECT DISTINCT ON (subject_type) subject_type, definition FROM lifecycle_definitions
        WHERE workspace_id = $1 ORDER BY subject_type, version DESC`,
      [workspaceId],
    );
    for (const l of lifecycles) {
      for (const t of l.definition.transitions ?? []) {
        if (t.rule && listRuleReferences(t.rule).segments.includes(segment.key)) users.push(`${l.subject_type} lifecycle transition "${t.key ?? '?'}"`);
      }
    }
    if (users.length > 0) {
      throw new AppError('conflict', `Segment "${segment.key}" is referenced by ${users.join(', ')}: change those rules first`, [
        { path: '/key', message: `is referenced by ${users.join(', ')}` },
      ]);
    }
    await tx.execute('DELETE FROM segments WHERE workspace_id = $1 AND id = $2', [workspaceId, segment.id]);
  });
}
