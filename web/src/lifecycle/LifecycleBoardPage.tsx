import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { fetchLifecycleBoard } from '../api/lifecycle';
import { SUBJECT_TYPES } from '../api/rule';
import { useDocumentTitle } from '../app/use-document-title';
import { useApi } from '../auth/auth-context';
import { ErrorAlert } from '../common/ErrorAlert';
import { LoadingBar } from '../common/LoadingBar';
import { useResource } from '../common/use-resource';
import { enumLabel } from '../i18n/enum-label';
import { useFormatters } from '../i18n/use-formatters';
import { RecomputePanel } from '../recompute/RecomputePanel';
import { periodQuery } from './board-period';
import { FlowDiagram } from './FlowDiagram';
import { FlowTable } from './FlowTable';
import { StageBoard } from './StageBoard';
import { useBoardParams } from './use-board-params';

/** The lifecycle board: how many are in each stage now, and who moved where within a chosen period. */
export function LifecycleBoardPage() {
  const { t } = useTranslation();
  const api = useApi();
  const format = useFormatters();
  const { subject, period, change } = useBoardParams();
  const [version, setVersion] = useState(0);
  const query = periodQuery(period);
  const board = useResource(`board:${subject}:${query?.from ?? ''}:${query?.to ?? ''}:${version}`, (signal) =>
    query ? fetchLifecycleBoard(api, { subject, ...query }, signal) : Promise.resolve(null),
  );
  const reload = useCallback(() => setVersion((n) => n + 1), []);
  useDocumentTitle(t('lifecycle.title'));
  const data = board.data;
  const shown = data && data.subject === subject ? data : null;
  const total = shown ? shown.stages.reduce((sum, stage) => sum + stage.count, 0) : 0;
  const moves = shown ? shown.flows.reduce((sum, flow) => sum + flow.count, 0) : 0;

  return (
    <section className="page lifecycle-page" aria-labelledby="lifecycle-heading">
      <h1 id="lifecycle-heading">{t('lifecycle.title')}</h1>
      <p className="lead">{t('lifecycle.intro')}</p>
      <div className="board-controls card">
        <fieldset className="choice">
          <legend>{t('lifecycle.subject')}</legend>
          {SUBJECT_TYPES.map((value) => (
            <label key={value} className="check">
              <input type="radio" name="board-subject" value={value} checked={subject === value} onChange={() => change({ subject: value })} />
              {enumLabel(t, 'subjectTypePlural', value)}
            </label>
          ))}
        </fieldset>
        <div className="field">
          <label htmlFor="board-from">{t('lifecycle.periodFrom')}</label>
          <input id="board-from" type="date" value={period.from} max={period.to} aria-invalid={!query} onChange={(e) => change({ from: e.target.value })} />
        </div>
        <div className="field">
          <label htmlFor="board-to">{t('lifecycle.periodTo')}</label>
          <input id="board-to" type="date" value={period.to} min={period.from} aria-invalid={!query} onChange={(e) => change({ to: e.target.value })} />
        </div>
        {!query && (
          <p className="field-error" role="alert">
            {t('lifecycle.badPeriod')}
          </p>
        )}
      </div>
      <div className="card">
        <RecomputePanel onFinished={reload} />
      </div>
      <div className="list-status">{board.loading && <LoadingBar label={t('lifecycle.loading')} />}</div>
      {board.error !== null && <ErrorAlert error={board.error} onRetry={board.reload} />}
      {shown && (
        <>
          {shown.unplaced > 0 && (
            <p className="alert alert-warning" role="status">
              {t(subject === 'account' ? 'lifecycle.unplacedAccounts' : 'lifecycle.unplacedContacts', { count: shown.unplaced, shown: format.number(shown.unplaced) })}
            </p>
          )}
          <section className="card" aria-labelledby="stages-now-heading">
            <h2 id="stages-now-heading">{t('lifecycle.now', { total: format.number(total) })}</h2>
            <p className="help">{t('lifecycle.nowHelp', { version: shown.version })}</p>
            <StageBoard stages={shown.stages} />
          </section>
          <section className="card" aria-labelledby="flows-heading">
            <h2 id="flows-heading">
              {t('lifecycle.flows', { from: format.date(shown.from), to: format.date(new Date(new Date(shown.to).getTime() - 1).toISOString()) })}
            </h2>
            {moves === 0 ? (
              <p className="muted">{t('lifecycle.noFlows')}</p>
            ) : (
              <div className="flows">
                <FlowDiagram stages={shown.stages} flows={shown.flows} />
                <FlowTable stages={shown.stages} flows={shown.flows} />
              </div>
            )}
          </section>
        </>
      )}
    </section>
  );
}
