import { useTranslation } from 'react-i18next';
import { localized } from '../api/lifecycle';
import type { SubjectType } from '../api/rule';
import type { BuilderEnv } from './builder-env';
import type { DraftStage } from './rule-draft';
import { issuesAt } from './rule-issues';

/** The subject's current lifecycle stage is one of those ticked. */
export function StageFields({ node, subject, env }: { node: DraftStage; subject: SubjectType; env: BuilderEnv }) {
  const { t, i18n } = useTranslation();
  const stages = env.stages[subject];
  const invalid = issuesAt(env.issues.get(node.id), 'stage_in').length > 0;
  function toggle(key: string, on: boolean) {
    // Kept in the lifecycle's order, whatever order they were ticked in.
    const chosen = new Set(node.stages);
    if (on) chosen.add(key);
    else chosen.delete(key);
    const ordered = stages.map((stage) => stage.key).filter((k) => chosen.has(k));
    const unknown = node.stages.filter((k) => chosen.has(k) && !ordered.includes(k));
    env.update<DraftStage>(node.id, { stages: [...ordered, ...unknown] });
  }
  const unknown = node.stages.filter((key) => !stages.some((stage) => stage.key === key));
  return (
    <fieldset className="rule-stages" aria-invalid={invalid}>
      <legend>{t('rules.stage.label')}</legend>
      {stages.map((stage) => (
        <label key={stage.key} className="check">
          <input type="checkbox" checked={node.stages.includes(stage.key)} onChange={(e) => toggle(stage.key, e.target.checked)} />
          {localized(stage.name, i18n.language)}
        </label>
      ))}
      {unknown.map((key) => (
        <label key={key} className="check">
          <input type="checkbox" checked onChange={(e) => toggle(key, e.target.checked)} />
          <code>{key}</code>
        </label>
      ))}
      {stages.length === 0 && <p className="help">{t('rules.stage.loading')}</p>}
    </fieldset>
  );
}
