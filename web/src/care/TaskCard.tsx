import { useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { completeTask, type CareTask } from '../api/care-channels';
import { useApi } from '../auth/auth-context';
import { ErrorAlert } from '../common/ErrorAlert';
import { useFormatters } from '../i18n/use-formatters';

/** One care task: what to do, for whom, by when; an open one can be completed with a note. */
export function TaskCard({ task, onCompleted, showAccount = true }: { task: CareTask; onCompleted: (task: CareTask) => void; showAccount?: boolean }) {
  const { t } = useTranslation();
  const api = useApi();
  const format = useFormatters();
  const [note, setNote] = useState('');
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const headingId = `task-${task.id}-title`;
  const overdue = task.status === 'open' && new Date(task.due_at).getTime() < Date.now();

  async function submit(event: FormEvent) {
    event.preventDefault();
    setSaving(true);
    setError(null);
    try {
      onCompleted(await completeTask(api, task.id, note.trim()));
    } catch (failure) {
      setError(failure);
    } finally {
      setSaving(false);
    }
  }

  return (
    <article className={`card task-card task-${task.status}${overdue ? ' is-overdue' : ''}`} aria-labelledby={headingId}>
      <div className="task-head">
        <h2 id={headingId}>{task.title}</h2>
        <span className={`badge badge-${task.status}`}>{t(`care.taskStatus.${task.status}`)}</span>
      </div>
      <dl className="task-facts">
        <div>
          <dt>{t('care.tasks.due')}</dt>
          <dd>
            {format.date(task.due_at)}
            {overdue && <span className="badge badge-warning">{t('care.tasks.overdue')}</span>}
          </dd>
        </div>
        <div>
          <dt>{t('care.tasks.assignee')}</dt>
          <dd>{task.assignee ?? t('care.tasks.unassigned')}</dd>
        </div>
        {showAccount && task.account_id !== null && (
          <div>
            <dt>{t('care.tasks.account')}</dt>
            <dd>
              <Link to={`/accounts/${task.account_id}`}>{task.account_name ?? t('care.tasks.openAccount', { id: task.account_id })}</Link>
              {task.contact_name && <span className="muted">{t('care.tasks.contactLine', { name: task.contact_name })}</span>}
            </dd>
          </div>
        )}
        {task.element_id !== null && (
          <div>
            <dt>{t('care.tasks.programme')}</dt>
            <dd>
              <Link to={`/care/elements/${task.element_id}`}>{task.element_key ?? t('care.tasks.openProgramme')}</Link>
            </dd>
          </div>
        )}
      </dl>
      {task.body && <p className="task-body">{task.body}</p>}
      {task.status === 'done' && (
        <p className="task-done">
          {t('care.tasks.doneLine', { at: task.completed_at ? format.dateTime(task.completed_at) : '', by: task.completed_by ?? t('care.tasks.someone') })}
          {task.note && <q className="task-note">{task.note}</q>}
        </p>
      )}
      {task.status === 'open' && (
        <form className="task-complete" onSubmit={submit} aria-label={t('care.tasks.completeForm', { title: task.title })}>
          <div className="field">
            <label htmlFor={`task-${task.id}-note`}>{t('care.tasks.note')}</label>
            <textarea id={`task-${task.id}-note`} rows={2} value={note} maxLength={4000} onChange={(e) => setNote(e.target.value)} />
          </div>
          <button type="submit" className="button-primary" disabled={saving}>
            {saving ? t('care.tasks.completing') : t('care.tasks.complete')}
          </button>
          {error !== null && <ErrorAlert error={error} />}
        </form>
      )}
    </article>
  );
}
