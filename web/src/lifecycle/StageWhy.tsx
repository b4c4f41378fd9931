import { useTranslation } from 'react-i18next';
import { localized, type StageExplanation } from '../api/lifecycle';
import { FactList } from '../common/FactList';
import { useFormatters } from '../i18n/use-formatters';
import { EvaluationTree } from './EvaluationTree';

/** The current stage and why: since when, the move that put the subject there with the facts then, and what would move it next. */
export function StageWhy({ why }: { why: StageExplanation }) {
  const { t, i18n } = useTranslation();
  const format = useFormatters();
  const lang = i18n.language;
  const placed = why.placed_by;
  return (
    <div className="stage-why">
      {why.stage && why.entered_at ? (
        <p className="stage-current">
          <span className={`badge stage-badge stage-${why.stage.kind ?? 'unknown'}`}>{localized(why.stage.name, lang)}</span>{' '}
          {t('stage.since', { date: format.date(why.entered_at), days: format.number(why.days_in_stage ?? 0), count: why.days_in_stage ?? 0 })}
        </p>
      ) : (
        <p className="stage-current muted">{t('stage.noStage')}</p>
      )}
      <h3>{t('stage.whyHeading')}</h3>
      <p className="stage-why-text">{localized(why.text, lang)}</p>
      {placed && (
        <div className="stage-placed">
          <dl className="facts">
            <div>
              <dt>{t('stage.movedAt')}</dt>
              <dd>
                <time dateTime={placed.moved_at}>{format.dateTime(placed.moved_at)}</time>
              </dd>
            </div>
            <div>
              <dt>{t('stage.from')}</dt>
              <dd>{placed.from ? localized(placed.from.name, lang) : t('stage.firstPlacement')}</dd>
            </div>
            <div>
              <dt>{t('stage.transition')}</dt>
              <dd>{placed.transition ? <code>{placed.transition}</code> : t('common.none')}</dd>
            </div>
            <div>
              <dt>{t('stage.version')}</dt>
              <dd>{placed.version === why.current_version ? placed.version : t('stage.olderVersion', { version: placed.version, current: why.current_version })}</dd>
            </div>
            {placed.rule_text && (
              <div>
                <dt>{t('stage.rule')}</dt>
                <dd className="rule-text">{localized(placed.rule_text, lang)}</dd>
              </div>
            )}
            <div>
              <dt>{t('stage.factsThen')}</dt>
              <dd>
                <FactList facts={placed.facts} label={t('stage.factsThen')} />
              </dd>
            </div>
          </dl>
        </div>
      )}
      {why.transitions.length > 0 && (
        <>
          <h3>{t('stage.nextHeading')}</h3>
          <ul className="stage-transitions">
            {why.transitions.map((transition) => (
              <li key={transition.transition} className={transition.next ? 'next' : undefined}>
                <p>
                  <strong>{localized(transition.to.name, lang)}</strong>{' '}
                  <span className={`badge ${transition.holds ? 'holds' : 'fails'}`}>{transition.holds ? t('stage.holdsNow') : t('stage.notNow')}</span>{' '}
                  {transition.next && <span className="badge next-badge">{t('stage.nextMove')}</span>}
                </p>
                <p className="muted">{localized(transition.description, lang)}</p>
                <details>
                  <summary>{t('stage.conditions')}</summary>
                  <EvaluationTree evaluation={transition.evaluation} />
                </details>
              </li>
            ))}
          </ul>
        </>
      )}
      <p className="help">{t('stage.evaluatedAt', { when: format.dateTime(why.evaluated_at) })}</p>
    </div>
  );
}
