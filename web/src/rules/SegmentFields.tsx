import { useTranslation } from 'react-i18next';
import type { SubjectType } from '../api/rule';
import type { BuilderEnv } from './builder-env';
import type { DraftSegment } from './rule-draft';
import { issuesAt } from './rule-issues';

/** Membership of another segment of the same subject type ("not" makes it "is not in"). */
export function SegmentFields({ node, subject, env }: { node: DraftSegment; subject: SubjectType; env: BuilderEnv }) {
  const { t } = useTranslation();
  function change(patch: Partial<DraftSegment>) {
    env.update<DraftSegment>(node.id, patch);
  }
  const options = env.segments.filter((segment) => segment.subject_type === subject && segment.key !== env.selfKey);
  const known = node.segment === '' || options.some((segment) => segment.key === node.segment);
  return (
    <div className="rule-fields">
      <div className="field">
        <label htmlFor={`${node.id}-segment`}>{t('rules.segment.label')}</label>
        <select
          id={`${node.id}-segment`}
          value={node.segment}
          aria-invalid={issuesAt(env.issues.get(node.id), 'in_segment').length > 0}
          onChange={(e) => change({ segment: e.target.value })}
        >
          <option value="">{t('rules.choose')}</option>
          {!known && <option value={node.segment}>{node.segment}</option>}
          {options.map((segment) => (
            <option key={segment.key} value={segment.key}>
              {t('rules.segment.option', { name: segment.name, key: segment.key })}
            </option>
          ))}
        </select>
        {options.length === 0 && <p className="help">{t('rules.segment.none')}</p>}
      </div>
    </div>
  );
}
