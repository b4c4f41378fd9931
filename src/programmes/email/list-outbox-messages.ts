import type { Queryable } from '../../db/database.js';
import { decodeCursor, type KeysetOrder, type Page } from '../../db/keyset-cursor.js';
import { keysetPage } from '../../db/keyset-page.js';
import type { SqlParams } from '../../db/sql-params.js';

export interface OutboxMessage {
  id: number;
  action_id: number;
  element_id: number | null;
  account_id: number | null;
  contact_id: number;
  purpose: 'marketing' | 'service' | 'survey';
  to_address: string;
  locale: string;
  subject: string;
  text_body: string;
  html_body: string;
  message_id: string;
  transport: 'outbox' | 'smtp';
  status: 'sending' | 'outboxed' | 'sent' | 'bounced';
  error: string | null;
  created_at: Date;
  sent_at: Date | null;
}

export interface ListOutboxInput {
  /** 'outbox' (default): messages kept because no SMTP server is configured; 'smtp': the sent log; 'all'. */
  transport?: 'outbox' | 'smtp' | 'all' | undefined;
  status?: OutboxMessage['status'] | undefined;
  contact_id?: number | undefined;
  account_id?: number | undefined;
  element_id?: number | undefined;
  limit?: number | undefined;
  cursor?: string | undefined;
}

const ORDER: KeysetOrder = {
  sort: 'care-messages:-created_at',
  keys: [
    { sql: 'm.created_at', type: 'timestamptz' },
    { sql: 'm.id', type: 'bigint' },
  ],
  direction: 'desc',
};

/** Care messages newest first: the outbox the UI shows when no SMTP is configured, and the sent log. */
export async function listOutboxMessages(db: Queryable, workspaceId: number, input: ListOutboxInput): Promise<Page<OutboxMessage>> {
  return keysetPage<OutboxMessage>(
    db,
    {
      from: 'care_messages m',
      select: 'm.id, m.action_id, m.element_id, m.account_id, m.contact_id, m.purpose, m.to_address, m.locale, m.subject, m.text_body, m.html_body, m.message_id, m.transport, m.status, m.error, m.created_at, m.sent_at',
      id: 'm.id',
      order: ORDER,
      where: (p: SqlParams) => {
        const conds = [`m.workspace_id = ${p.add(workspaceId)}`];
        const transport = input.transport ?? 'outbox';
        if (transport !== 'all') conds.push(`m.transport = ${p.add(transport)}`);
        if (input.status !== undefined) conds.push(`m.status = ${p.add(input.status)}`);
        if (input.contact_id !== undefined) conds.push(`m.contact_id = ${p.add(input.contact_id)}::bigint`);
        if (input.account_id !== undefined) conds.push(`m.account_id = ${p.add(input.account_id)}::bigint`);
        if (input.element_id !== undefined) conds.push(`m.element_id = ${p.add(input.element_id)}::bigint`);
        return conds;
      },
    },
    { after: input.cursor ? decodeCursor(ORDER, input.cursor) : null, limit: input.limit ?? 50 },
  );
}
