/** A task a care element made for a person (the account owner's task inbox). */
export interface CareTask {
  id: number;
  action_id: number;
  element_id: number | null;
  /** The element's key, null when the element has been deleted. */
  element_key: string | null;
  account_id: number | null;
  account_name: string | null;
  contact_id: number | null;
  contact_name: string | null;
  assignee: string | null;
  title: string;
  body: string | null;
  due_at: Date;
  status: 'open' | 'done' | 'cancelled';
  created_at: Date;
  completed_at: Date | null;
  completed_by: string | null;
  note: string | null;
}

export const CARE_TASK_STATUSES = ['open', 'done', 'cancelled'] as const;

/** The select list of a CareTask over `care_tasks t` joined to `care_elements e`, `accounts a`, `contacts c`. */
export const CARE_TASK_COLUMNS = `t.id, t.action_id, t.element_id, e.key AS element_key, t.account_id, a.name AS account_name, t.contact_id,
  nullif(trim(coalesce(c.first_name, '') || ' ' || coalesce(c.last_name, '')), '') AS contact_name,
  t.assignee, t.title, t.body, t.due_at, t.status, t.created_at, t.completed_at, t.completed_by, t.note`;

export const CARE_TASK_FROM = `care_tasks t
  LEFT JOIN care_elements e ON e.workspace_id = t.workspace_id AND e.id = t.element_id
  LEFT JOIN accounts a ON a.workspace_id = t.workspace_id AND a.id = t.account_id
  LEFT JOIN contacts c ON c.workspace_id = t.workspace_id AND c.id = t.contact_id`;
