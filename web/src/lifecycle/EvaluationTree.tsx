import { useTranslation } from 'react-i18next';
import { localized, type Evaluation } from '../api/lifecycle';

function EvaluationNode({ evaluation }: { evaluation: Evaluation }) {
  const { t, i18n } = useTranslation();
  return (
    <li className={evaluation.result ? 'holds' : 'fails'}>
      <span aria-hidden="true" className="evaluation-mark">
        {evaluation.result ? '✓' : '✗'}
      </span>
      <span className="visually-hidden">{evaluation.result ? t('stage.holds') : t('stage.fails')}</span> {localized(evaluation.text, i18n.language)}
      {evaluation.children && evaluation.children.length > 0 && (
        <ul>
          {evaluation.children.map((child, index) => (
            <EvaluationNode key={index} evaluation={child} />
          ))}
        </ul>
      )}
    </li>
  );
}

/** A rule evaluated for one subject, condition by condition: what holds (✓) and what does not (✗), with the values compared. */
export function EvaluationTree({ evaluation }: { evaluation: Evaluation }) {
  return (
    <ul className="evaluation-tree">
      <EvaluationNode evaluation={evaluation} />
    </ul>
  );
}
