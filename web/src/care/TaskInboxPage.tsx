import { useState } from 'react';
import { useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { fetchAccountFacets } from '../api/accounts';
import { listTasks, TASK_STATUSES, type CareTask, type TaskStatus } from '../api/care-channels';
import { useDocumentTitle } from '../app/use-document-title';
import { useApi } from '../auth/auth-context';
import { ErrorAlert } from '../common/ErrorAlert';
import { LoadingBar } from '../common/LoadingBar';
import { LoadMoreButton } from '../common/LoadMoreButton';
import { useDebouncedValue } from '../common/use-debounced-value';
import { usePagedList } from '../common/use-paged-list';
import { useResource } from '../common/use-resource';
import { TaskCard } from './TaskCard';

/** The KAM's task inbox: care tasks by assignee and status, oldest due first; complete one with a note. */
export function TaskInboxPage() {
  const { t } = useTranslation();
  const api = useApi();
  const [params, setParams] = useSearchParams();
  const statusParam = params.get('status');
  const status: TaskStatus | '' = statusParam === null ? 'open' : (TASK_STATUSES as readonly string[]).includes(statusParam) ? (statusParam as TaskStatus) : '';
  const [assigneeText, setAssigneeText] = useState(params.get('assignee') ?? '');
  const assignee = useDebouncedValue(assigneeText.trim(), 300);
  const [completed, setCompleted] = useState<Map<number, CareTask>>(new Map());
  // Tasks go to account owners: suggest them.
  const facets = useResource('account-facets', (signal) => fetchAccountFacets(api, signal));
  useDocumentTitle(t('care.tasks.title'));
  const tasks = usePagedList(`care-tasks:${status}:${assignee}`, (cursor, signal) => listTasks(api, { status: status === '' ? 'all' : status, ...(assignee ? { assignee } : {}), cursor }, signal));

  function change(name: string, value: string) {
    setParams(
      (current) => {
        const next = new URLSearchParams(current);
        if (name === 'status' && value === 'open') next.delete(name);
        else if (name === 'status' && value === '') next.set(name, 'all');
        else if (value === '') next.delete(name);
        else next.set(name, value);
        return next;
      },
      { replace: true },
    );
  }

  return (
    <section className="page tasks-page" aria-labelledby="tasks-heading">
      <h1 id="tasks-heading">{t('care.tasks.title')}</h1>
      <p className="lead">{t('care.tasks.intro')}</p>
      <div className="board-controls card">
        <div className="field">
          <label htmlFor="task-status">{t('care.tasks.status')}</label>
          <select id="task-status" value={status} onChange={(e) => change('status', e.target.value)}>
            <option value="">{t('care.tasks.allStatuses')}</option>
            {TASK_STATUSES.map((value) => (
              <option key={value} value={value}>
                {t(`care.taskStatus.${value}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="task-assignee">{t('care.tasks.assignee')}</label>
          <input
            id="task-assignee"
            type="search"
            list="task-assignees"
            value={assigneeText}
            onChange={(e) => {
              setAssigneeText(e.target.value);
              change('assignee', e.target.value.trim());
            }}
          />
          <datalist id="task-assignees">
            {(facets.data?.owners ?? []).map((owner) => (
              <option key={owner.value} value={owner.value} />
            ))}
          </datalist>
        </div>
      </div>
      <div className="list-status">{tasks.loading && <LoadingBar label={t('care.tasks.loading')} />}</div>
      {tasks.error !== null && <ErrorAlert error={tasks.error} onRetry={tasks.retry} />}
      {!tasks.loading && tasks.error === null && tasks.items.length === 0 && <p className="muted">{t('care.tasks.empty')}</p>}
      {tasks.items.length > 0 && (
        <ol className="task-list">
          {tasks.items.map((task) => (
            <li key={task.id}>
              <TaskCard task={completed.get(task.id) ?? task} onCompleted={(done) => setCompleted((current) => new Map(current).set(done.id, done))} />
            </li>
          ))}
        </ol>
      )}
      {tasks.hasMore && !tasks.loading && <LoadMoreButton loading={tasks.loadingMore} onClick={tasks.loadMore} />}
    </section>
  );
}
