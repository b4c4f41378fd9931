import type { Queryable } from '../db/database.js';
import { mergeContacts } from './merge-contacts.js';
import type { IngestMessage } from './validate-message.js';

export interface ResolvedIdentities {
  /** The contact of each message (same order), after every link and merge of this batch. */
  contactIds: number[];
  /** The account of each of those contacts, as it is now. */
  accountOf: Map<number, number | null>;
}

interface KnownContact {
  id: number;
  accountId: number | null;
  anonymous: boolean;
}

/**
 * Finds (or creates) the contact of every message, set-based:
 * - userId is contacts.external_id (or an id aliased to a contact); unknown ones are created.
 * - anonymousId is a contact_identities row; an anonymous id seen only without a userId gets
 *   an anonymous contact (external_id null).
 * - A message with both ids links the anonymous id to the known contact; if the anonymous id
 *   had an anonymous contact of its own, that contact merges into the known one (events
 *   follow). An anonymous id already tied to another known person is left alone (a shared
 *   device is not a reason to merge two people).
 * - alias merges whatever previousId names (anonymous or an earlier userId) into userId.
 * Runs only for messages not stored before, so a resent message has no second side effect.
 */
export async function resolveIdentities(tx: Queryable, workspaceId: number, messages: IngestMessage[]): Promise<ResolvedIdentities> {
  const contacts = new Map<number, KnownContact>();
  const remember = (c: KnownContact) => contacts.set(c.id, c);

  const userIds = [...new Set(messages.map((m) => m.userId).filter((u): u is string => u !== null))];
  const userContact = new Map<string, number>();
  if (userIds.length > 0) {
    const rows = await tx.query<{ user_id: string; contact_id: number | null; account_id: number | null }>(
      `WITH want AS (SELECT DISTINCT u FROM unnest($2::text[]) AS u),
       found AS (
         SELECT w.u, k.id, k.account_id FROM want w
         LEFT JOIN LATERAL (
           SELECT c.id, c.account_id FROM contacts c WHERE c.workspace_id = $1 AND c.external_id = w.u
           UNION ALL
           SELECT c.id, c.account_id FROM contact_identities ci
             JOIN contacts c ON c.workspace_id = ci.workspace_id AND c.id = ci.contact_id
            WHERE ci.workspace_id = $1 AND ci.anonymous_id = w.u
           LIMIT 1) k ON true
       ),
       ins AS (
         INSERT INTO contacts (workspace_id, external_id) SELECT $1, u FROM found WHERE id IS NULL
         ON CONFLICT (workspace_id, external_id) DO NOTHING
         RETURNING id, external_id
       )
       SELECT f.u AS user_id, coalesce(f.id, ins.id) AS contact_id, f.account_id FROM found f LEFT JOIN ins ON ins.external_id = f.u`,
      [workspaceId, userIds],
    );
    const lost = rows.filter((r) => r.contact_id === null).map((r) => r.user_id);
    if (lost.length > 0) {
      // Another request created them between our lookup and insert: read them now.
      rows.push(...(await tx.query<{ user_id: string; contact_id: number; account_id: number | null }>(
        'SELECT external_id AS user_id, id AS contact_id, account_id FROM contacts WHERE workspace_id = $1 AND external_id = ANY($2::text[])',
        [workspaceId, lost],
      )));
    }
    for (const r of rows) {
      if (r.contact_id === null) continue;
      userContact.set(r.user_id, r.contact_id);
      remember({ id: r.contact_id, accountId: r.account_id, anonymous: false });
    }
  }

  const previousIds = [...new Set(messages.map((m) => m.previousId).filter((p): p is string => p !== null))];
  const anonIds = [...new Set(messages.map((m) => m.anonymousId).filter((a): a is string => a !== null).concat(previousIds))];
  const anonContact = new Map<string, number>();
  const previousUserContact = new Map<string, number>();
  if (anonIds.length > 0) {
    const rows = await tx.query<{ key: string; via: string; id: number; account_id: number | null; anonymous: boolean }>(
      `SELECT ci.anonymous_id AS key, 'anonymous' AS via, c.id, c.account_id, c.external_id IS NULL AS anonymous
         FROM contact_identities ci JOIN contacts c ON c.workspace_id = ci.workspace_id AND c.id = ci.contact_id
        WHERE ci.workspace_id = $1 AND ci.anonymous_id = ANY($2::text[])
       UNION ALL
       SELECT c.external_id, 'user', c.id, c.account_id, false FROM contacts c
        WHERE c.workspace_id = $1 AND c.external_id = ANY($3::text[])`,
      [workspaceId, anonIds, previousIds],
    );
    for (const r of rows) {
      (r.via === 'anonymous' ? anonContact : previousUserContact).set(r.key, r.id);
      remember({ id: r.id, accountId: r.account_id, anonymous: r.anonymous });
    }
  }

  // Plan links and merges in message order; merged contacts resolve to their survivor.
  const mergedInto = new Map<number, number>();
  const find = (id: number): number => {
    let x = id;
    while (mergedInto.has(x)) x = mergedInto.get(x)!;
    return x;
  };
  const merge = (from: number, to: number) => {
    const f = find(from);
    const t = find(to);
    if (f !== t) mergedInto.set(f, t);
  };
  const links = new Map<string, number>();
  for (const m of messages) {
    if (m.type === 'alias' && m.userId !== null && m.previousId !== null && m.previousId !== m.userId) {
      const target = userContact.get(m.userId)!;
      const source = anonContact.get(m.previousId) ?? previousUserContact.get(m.previousId);
      if (source !== undefined) merge(source, target);
      links.set(m.previousId, target);
      anonContact.set(m.previousId, target);
    } else if (m.userId !== null && m.anonymousId !== null) {
      const known = userContact.get(m.userId)!;
      const current = anonContact.get(m.anonymousId);
      if (current === undefined) {
        links.set(m.anonymousId, known);
        anonContact.set(m.anonymousId, known);
      } else if (find(current) !== find(known) && contacts.get(find(current))?.anonymous) {
        merge(current, known);
      }
    }
  }

  // Anonymous ids never seen with a userId: one anonymous contact each.
  const pending = [...new Set(messages.filter((m) => m.userId === null && m.anonymousId !== null && !anonContact.has(m.anonymousId)).map((m) => m.anonymousId!))];
  if (pending.length > 0) {
    const rows = await tx.query<{ anonymous_id: string; contact_id: number; linked: boolean }>(
      `WITH src AS MATERIALIZED (SELECT a, nextval(pg_get_serial_sequence('contacts', 'id')) AS id FROM unnest($2::text[]) AS a),
       c AS (INSERT INTO contacts (workspace_id, id) SELECT $1, id FROM src),
       i AS (INSERT INTO contact_identities (workspace_id, anonymous_id, contact_id) SELECT $1, a, id FROM src
             ON CONFLICT (workspace_id, anonymous_id) DO NOTHING RETURNING anonymous_id)
       SELECT src.a AS anonymous_id, src.id AS contact_id, i.anonymous_id IS NOT NULL AS linked FROM src LEFT JOIN i ON i.anonymous_id = src.a`,
      [workspaceId, pending],
    );
    for (const r of rows.filter((r) => r.linked)) {
      anonContact.set(r.anonymous_id, r.contact_id);
      remember({ id: r.contact_id, accountId: null, anonymous: true });
    }
    const lost = rows.filter((r) => !r.linked);
    if (lost.length > 0) {
      // A concurrent request linked these anonymous ids first: drop our contacts, use theirs.
      await tx.execute('DELETE FROM contacts WHERE workspace_id = $1 AND id = ANY($2::bigint[])', [workspaceId, lost.map((r) => r.contact_id)]);
      const theirs = await tx.query<{ anonymous_id: string; contact_id: number; account_id: number | null; anonymous: boolean }>(
        `SELECT ci.anonymous_id, c.id AS contact_id, c.account_id, c.external_id IS NULL AS anonymous
           FROM contact_identities ci JOIN contacts c ON c.workspace_id = ci.workspace_id AND c.id = ci.contact_id
          WHERE ci.workspace_id = $1 AND ci.anonymous_id = ANY($2::text[])`,
        [workspaceId, lost.map((r) => r.anonymous_id)],
      );
      for (const r of theirs) {
        anonContact.set(r.anonymous_id, r.contact_id);
        remember({ id: r.contact_id, accountId: r.account_id, anonymous: r.anonymous });
      }
    }
  }

  const pairs = [...mergedInto.keys()].map((from): [number, number] => [from, find(from)]);
  const merged = await mergeContacts(tx, workspaceId, pairs);
  if (links.size > 0) {
    const keys = [...links.keys()];
    await tx.execute(
      `INSERT INTO contact_identities (workspace_id, anonymous_id, contact_id)
       SELECT $1, l.a, l.c FROM unnest($2::text[], $3::bigint[]) AS l(a, c)
       ON CONFLICT (workspace_id, anonymous_id) DO UPDATE SET contact_id = EXCLUDED.contact_id`,
      [workspaceId, keys, keys.map((k) => find(links.get(k)!))],
    );
  }

  const contactIds = messages.map((m) => {
    const id = m.userId !== null ? userContact.get(m.userId) : anonContact.get(m.anonymousId!);
    if (id === undefined) throw new Error(`no contact resolved for message ${m.messageId}`);
    return find(id);
  });
  const accountOf = new Map<number, number | null>();
  for (const id of new Set(contactIds)) accountOf.set(id, merged.has(id) ? merged.get(id)! : (contacts.get(id)?.accountId ?? null));
  return { contactIds, accountOf };
}
