import { useTranslation } from 'react-i18next';
import type { BuilderEnv } from './builder-env';
import type { DraftJson } from './rule-draft';

function parses(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

/** Any rule part as JSON: what the builder has no form for, or kept exactly as stored. */
export function JsonFields({ node, env }: { node: DraftJson; env: BuilderEnv }) {
  const { t } = useTranslation();
  function change(patch: Partial<DraftJson>) {
    env.update<DraftJson>(node.id, patch);
  }
  const valid = parses(node.text);
  return (
    <div className="field rule-json">
      <label htmlFor={`${node.id}-json`}>{t('rules.json.label')}</label>
      <textarea
        id={`${node.id}-json`}
        rows={Math.min(12, Math.max(3, node.text.split('\n').length))}
        spellCheck={false}
        value={node.text}
        aria-invalid={!valid || (env.issues.get(node.id)?.length ?? 0) > 0}
        aria-describedby={`${node.id}-json-help`}
        onChange={(e) => change({ text: e.target.value })}
      />
      <p className="help" id={`${node.id}-json-help`}>
        {valid ? t('rules.json.help') : t('rules.json.invalid')}
      </p>
    </div>
  );
}
