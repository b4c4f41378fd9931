import { useTranslation } from 'react-i18next';
import { localized, type BoardStage } from '../api/lifecycle';
import { useFormatters } from '../i18n/use-formatters';
import { stageBlocks } from './stage-blocks';

function StageTile({ stage, total }: { stage: BoardStage; total: number }) {
  const { t, i18n } = useTranslation();
  const format = useFormatters();
  const share = total > 0 ? stage.count / total : 0;
  const id = `stage-${stage.key}`;
  return (
    <article className={`stage-tile stage-${stage.kind ?? 'unknown'}`} aria-labelledby={id}>
      <h3 id={id}>{localized(stage.name, i18n.language)}</h3>
      <p className="stage-numbers">
        <span className="stage-count">{format.number(stage.count)}</span>{' '}
        <span className="stage-share">{t('lifecycle.percent', { value: format.decimal(share * 100) })}</span>
      </p>
      <div className="share-bar" aria-hidden="true">
        <span style={{ width: `${Math.round(share * 1000) / 10}%` }} />
      </div>
      <dl className="stage-facts">
        <div>
          <dt>{t('lifecycle.medianInStage')}</dt>
          <dd>{stage.median_days_in_stage === null ? t('common.none') : t('lifecycle.days', { days: format.decimal(stage.median_days_in_stage) })}</dd>
        </div>
        <div>
          <dt>{t('lifecycle.enteredExited')}</dt>
          <dd>{t('lifecycle.inOut', { entered: format.number(stage.entered), exited: format.number(stage.exited) })}</dd>
        </div>
        <div>
          <dt>{t('lifecycle.medianBeforeExit')}</dt>
          <dd>{stage.median_days_before_exit === null ? t('common.none') : t('lifecycle.days', { days: format.decimal(stage.median_days_before_exit) })}</dd>
        </div>
      </dl>
    </article>
  );
}

/** How many are in each stage now, the prospect steps (AIDA) grouped under one heading with their total. */
export function StageBoard({ stages }: { stages: readonly BoardStage[] }) {
  const { t } = useTranslation();
  const format = useFormatters();
  const total = stages.reduce((sum, stage) => sum + stage.count, 0);
  return (
    <div className="stage-board">
      {stageBlocks(stages).map((block) =>
        block.group === null ? (
          <StageTile key={block.stages[0].key} stage={block.stages[0]} total={total} />
        ) : (
          <section key={`group-${block.group}-${block.stages[0]?.key}`} className="stage-group" aria-labelledby={`group-${block.group}`}>
            <h3 id={`group-${block.group}`}>
              {block.group === 'prospect' ? t('lifecycle.prospectGroup') : block.group}{' '}
              <span className="stage-group-count">{format.number(block.count)}</span>
            </h3>
            <div className="stage-group-steps">
              {block.stages.map((stage) => (
                <StageTile key={stage.key} stage={stage} total={total} />
              ))}
            </div>
          </section>
        ),
      )}
    </div>
  );
}
