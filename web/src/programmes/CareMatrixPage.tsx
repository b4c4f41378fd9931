import { useCallback, useEffect, useMemo, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { CARE_PHASES, type CareElement, type CarePhase } from '../api/care-element';
import { localized } from '../api/lifecycle';
import { fetchCareCoverage, listCareElements, updateCareElement } from '../api/programmes';
import { SUBJECT_TYPES, type SubjectType } from '../api/rule';
import { useDocumentTitle } from '../app/use-document-title';
import { useApi } from '../auth/auth-context';
import { ErrorAlert } from '../common/ErrorAlert';
import { LoadingBar } from '../common/LoadingBar';
import { useResource } from '../common/use-resource';
import { enumLabel } from '../i18n/enum-label';
import { useRuleVocabulary } from '../segments/use-rule-vocabulary';
import { ANY, copyPlacement, movePlacement, samePlacement, type Cell } from './matrix-placement';
import { cellKey, MatrixTable } from './MatrixTable';
import { MicroMatrix } from './MicroMatrix';
import { PersonaCoverage } from './PersonaCoverage';

/**
 * The care model: lifecycle stages x segments with the care elements in their cells. Drag an
 * element to another cell to move it (hold Ctrl or Alt to add the cell instead), switch
 * elements on and off, filter by care phase, and see which cells nothing reaches and what each
 * buyer persona gets.
 */
export function CareMatrixPage() {
  const { t, i18n } = useTranslation();
  const api = useApi();
  const [params, setParams] = useSearchParams();
  const subject: SubjectType = params.get('subject') === 'contact' ? 'contact' : 'account';
  const phaseParam = params.get('phase') ?? '';
  const phase: CarePhase | '' = (CARE_PHASES as readonly string[]).includes(phaseParam) ? (phaseParam as CarePhase) : '';
  const highlightEmpty = params.get('coverage') !== 'off';
  const vocabulary = useRuleVocabulary();
  const loaded = useResource(`care-elements:${subject}`, (signal) => listCareElements(api, { subject_type: subject }, signal));
  const coverage = useResource(`care-coverage:${subject}`, (signal) => fetchCareCoverage(api, subject, signal));
  const [elements, setElements] = useState<CareElement[]>([]);
  const [busy, setBusy] = useState<ReadonlySet<number>>(new Set());
  const [actionError, setActionError] = useState<unknown>(null);
  const [notice, setNotice] = useState<string | null>(null);
  // Counts saves: the micro matrix reloads after each.
  const [saves, setSaves] = useState(0);
  useDocumentTitle(t('care.matrix.title'));

  useEffect(() => {
    if (loaded.data) setElements(loaded.data.data);
  }, [loaded.data]);

  const change = (patch: Record<string, string | null>) =>
    setParams(
      (current) => {
        const next = new URLSearchParams(current);
        for (const [name, value] of Object.entries(patch)) {
          if (value === null || value === '') next.delete(name);
          else next.set(name, value);
        }
        return next;
      },
      { replace: true },
    );

  const segments = useMemo(() => vocabulary.segments.filter((segment) => segment.subject_type === subject), [vocabulary.segments, subject]);
  const stages = vocabulary.stages[subject];
  const shown = useMemo(() => elements.filter((element) => element.subject_type === subject && (phase === '' || element.definition.phase === phase)), [elements, subject, phase]);
  const uncovered = useMemo(() => {
    const map = new Map<string, number>();
    for (const cell of coverage.data?.cells ?? []) map.set(cellKey({ stage: cell.stage, segment: cell.segment ?? ANY }), cell.uncovered);
    return map;
  }, [coverage.data]);

  const save = useCallback(
    async (element: CareElement, patch: { definition?: CareElement['definition']; enabled?: boolean }, message: string) => {
      setBusy((current) => new Set(current).add(element.id));
      setActionError(null);
      setNotice(null);
      try {
        const saved = await updateCareElement(api, element.id, { ...patch, expected_version: element.version });
        setElements((current) => current.map((e) => (e.id === saved.id ? saved : e)));
        setNotice(message);
        setSaves((n) => n + 1);
        coverage.reload();
      } catch (error) {
        // Put the element back where the server has it.
        setElements((current) => current.map((e) => (e.id === element.id ? element : e)));
        setActionError(error);
      } finally {
        setBusy((current) => {
          const next = new Set(current);
          next.delete(element.id);
          return next;
        });
      }
    },
    [api, coverage],
  );

  function drop(elementId: number, from: Cell, to: Cell, copy: boolean) {
    const element = elements.find((e) => e.id === elementId);
    if (!element || busy.has(elementId)) return;
    const placement = copy ? copyPlacement(element.definition.placement, to) : movePlacement(element.definition.placement, from, to);
    if (samePlacement(placement, element.definition.placement)) return;
    const definition = { ...element.definition, placement };
    // Shown in its new cell at once; put back if the server refuses.
    setElements((current) => current.map((e) => (e.id === elementId ? { ...e, definition } : e)));
    const name = localized(element.definition.name, i18n.language);
    void save(element, { definition }, t(copy ? 'care.matrix.copied' : 'care.matrix.moved', { name }));
  }

  function toggle(element: CareElement, enabled: boolean) {
    setElements((current) => current.map((e) => (e.id === element.id ? { ...e, enabled } : e)));
    const name = localized(element.definition.name, i18n.language);
    void save(element, { enabled }, t(enabled ? 'care.matrix.switchedOn' : 'care.matrix.switchedOff', { name }));
  }

  const enabledCount = shown.filter((element) => element.enabled).length;
  return (
    <section className="page care-page" aria-labelledby="care-heading">
      <div className="page-head">
        <h1 id="care-heading">{t('care.matrix.title')}</h1>
        <div className="page-head-actions">
          <Link className="button-link" to="/care/settings">
            {t('care.settings.link')}
          </Link>
          <Link className="button-link button-primary" to="/care/elements/new">
            {t('care.matrix.newElement')}
          </Link>
        </div>
      </div>
      <p className="lead">{t('care.matrix.intro')}</p>
      <div className="board-controls card">
        <fieldset className="choice">
          <legend>{t('care.matrix.subject')}</legend>
          {SUBJECT_TYPES.map((value) => (
            <label key={value} className="check">
              <input type="radio" name="care-subject" value={value} checked={subject === value} onChange={() => change({ subject: value === 'account' ? null : value })} />
              {enumLabel(t, 'subjectTypePlural', value)}
            </label>
          ))}
        </fieldset>
        <div className="field">
          <label htmlFor="care-phase">{t('care.matrix.phase')}</label>
          <select id="care-phase" value={phase} onChange={(e) => change({ phase: e.target.value })}>
            <option value="">{t('care.matrix.allPhases')}</option>
            {CARE_PHASES.map((value) => (
              <option key={value} value={value}>
                {t(`care.phase.${value}`)}
              </option>
            ))}
          </select>
        </div>
        <label className="check">
          <input type="checkbox" checked={highlightEmpty} onChange={(e) => change({ coverage: e.target.checked ? null : 'off' })} />
          {t('care.matrix.highlightEmpty')}
        </label>
      </div>
      <p className="help">{t('care.matrix.dragHelp')}</p>
      <div className="list-status" aria-live="polite">
        {(loaded.loading || busy.size > 0) && <LoadingBar label={t('care.matrix.loading')} />}
        {notice && (
          <p className="muted" role="status">
            {notice}
          </p>
        )}
      </div>
      {loaded.error !== null && <ErrorAlert error={loaded.error} onRetry={loaded.reload} />}
      {vocabulary.error !== null && <ErrorAlert error={vocabulary.error} onRetry={vocabulary.reload} />}
      {actionError !== null && <ErrorAlert error={actionError} />}
      {loaded.data && (
        <section className="card" aria-labelledby="matrix-heading">
          <h2 id="matrix-heading">{t('care.matrix.heading', { shown: shown.length, enabled: enabledCount })}</h2>
          <MatrixTable
            elements={elements.filter((element) => element.subject_type === subject)}
            shown={shown}
            stages={stages}
            segments={segments}
            phase={phase}
            highlightEmpty={highlightEmpty}
            uncovered={uncovered}
            busy={busy}
            onDrop={drop}
            onToggle={toggle}
          />
          {highlightEmpty && <p className="help matrix-legend">{t('care.matrix.emptyLegend')}</p>}
          {coverage.data && coverage.data.totals.subjects > 0 && <CoverageSummary subject={subject} total={coverage.data.totals.uncovered} />}
        </section>
      )}
      {loaded.data && coverage.data && <PersonaCoverage micro={coverage.data.micro} elements={elements} />}
      {loaded.data && <MicroMatrix subject={subject} elements={elements} version={saves} />}
    </section>
  );
}

function CoverageSummary({ subject, total }: { subject: SubjectType; total: number }) {
  const { t } = useTranslation();
  return (
    <p className={total > 0 ? 'alert alert-warning' : 'alert alert-success'} role="status">
      {total > 0 ? t(subject === 'account' ? 'care.matrix.uncoveredAccounts' : 'care.matrix.uncoveredContacts', { count: total }) : t('care.matrix.allCovered')}
    </p>
  );
}
