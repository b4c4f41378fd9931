import type { ApiClient } from './api-client';
import type { EmailTemplate, MessagePurpose } from './care-element';
import type { Page } from './page';

export type EmailLocale = 'fi' | 'en';

/** One language of a previewed email: rendered, or the reason it cannot be for this customer. */
export type PreviewPart = { ok: true; subject: string; text: string; html: string } | { ok: false; error: string };

export interface EmailPreviewResult {
  contact_id: number;
  /** The language this contact would get. */
  locale: EmailLocale;
  fi: PreviewPart;
  en: PreviewPart;
  /** Problems every customer would hit (parse errors, unknown variables), with JSON pointers under /template. */
  issues: { path: string; message: string }[];
}

export interface EmailPreviewInput {
  template: EmailTemplate;
  contact_id: number;
  purpose?: MessagePurpose;
  survey?: boolean;
}

export function previewEmail(api: ApiClient, input: EmailPreviewInput, signal?: AbortSignal): Promise<EmailPreviewResult> {
  return api.request<EmailPreviewResult>('POST', '/api/v1/programmes/elements/preview-email', { json: input, ...(signal ? { signal } : {}) });
}

export const TASK_STATUSES = ['open', 'done', 'cancelled'] as const;
export type TaskStatus = (typeof TASK_STATUSES)[number];

export interface CareTask {
  id: number;
  action_id: number;
  element_id: number | null;
  /** null when the element has been deleted. */
  element_key: string | null;
  account_id: number | null;
  account_name: string | null;
  contact_id: number | null;
  contact_name: string | null;
  assignee: string | null;
  title: string;
  body: string | null;
  due_at: string;
  status: TaskStatus;
  created_at: string;
  completed_at: string | null;
  completed_by: string | null;
  note: string | null;
}

export interface TaskQuery {
  /** Default open (the inbox). */
  status?: TaskStatus | 'all';
  assignee?: string;
  account_id?: number;
  cursor?: string | null;
}

export function listTasks(api: ApiClient, query: TaskQuery, signal?: AbortSignal): Promise<Page<CareTask>> {
  return api.get<Page<CareTask>>('/api/v1/programmes/tasks', { ...query, limit: 50 }, signal);
}

export function completeTask(api: ApiClient, id: number, note: string): Promise<CareTask> {
  return api.request<CareTask>('POST', `/api/v1/programmes/tasks/${id}/complete`, { json: { note } });
}

export interface OutboxMessage {
  id: number;
  action_id: number;
  element_id: number | null;
  account_id: number | null;
  contact_id: number;
  purpose: MessagePurpose;
  to_address: string;
  locale: string;
  subject: string;
  text_body: string;
  html_body: string;
  message_id: string;
  transport: 'outbox' | 'smtp';
  status: 'sending' | 'outboxed' | 'sent' | 'bounced';
  error: string | null;
  created_at: string;
  sent_at: string | null;
}

export function listOutbox(api: ApiClient, cursor: string | null, signal?: AbortSignal): Promise<Page<OutboxMessage>> {
  return api.get<Page<OutboxMessage>>('/api/v1/programmes/outbox', { cursor, limit: 25 }, signal);
}
