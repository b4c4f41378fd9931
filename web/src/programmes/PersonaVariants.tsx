import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { EmailTemplate } from '../api/care-element';
import type { LocalizedText } from '../api/lifecycle';
import type { ElementIssues } from './element-draft';
import { LocalizedFields } from './LocalizedFields';

const PERSONA_KEY = /^[a-z0-9][a-z0-9_-]{0,62}$/;
const EMPTY: LocalizedText = { fi: '', en: '' };

interface Props {
  id: string;
  template: EmailTemplate;
  onChange: (template: EmailTemplate) => void;
  /** JSON pointer of the template below the definition. */
  path: string;
  issues: ElementIssues;
}

/** The micro matrix in an email: a subject and text of its own for a buyer persona (what is left empty falls back to the default). */
export function PersonaVariants({ id, template, onChange, path, issues }: Props) {
  const { t } = useTranslation();
  const [adding, setAdding] = useState('');
  const personas = template.personas ?? {};
  const keys = Object.keys(personas);
  const valid = PERSONA_KEY.test(adding) && !keys.includes(adding);

  function setVariant(persona: string, variant: { subject?: LocalizedText; body?: LocalizedText } | null) {
    const next = { ...personas };
    if (variant) next[persona] = variant;
    else delete next[persona];
    const { personas: _old, ...rest } = template;
    onChange(Object.keys(next).length === 0 ? rest : { ...rest, personas: next });
  }

  /** Both languages empty: the part is left out (the default is used). */
  const part = (text: LocalizedText) => (text.fi === '' && text.en === '' ? undefined : text);

  return (
    <details className="persona-variants" open={keys.length > 0}>
      <summary>{t('care.editor.persona.heading', { count: keys.length })}</summary>
      <p className="help">{t('care.editor.persona.help')}</p>
      {keys.map((persona) => {
        const variant = personas[persona] ?? {};
        const change = (field: 'subject' | 'body', text: LocalizedText) => {
          const next = { ...variant };
          const value = part(text);
          if (value) next[field] = value;
          else delete next[field];
          setVariant(persona, next);
        };
        return (
          <fieldset key={persona} className="persona-variant">
            <legend>{t('care.editor.persona.legend', { persona })}</legend>
            <LocalizedFields
              id={`${id}-${persona}-subject`}
              label={t('care.editor.step.subject')}
              value={variant.subject ?? EMPTY}
              onChange={(text) => change('subject', text)}
              path={`${path}/personas/${persona}/subject`}
              issues={issues}
              listIssues={false}
            />
            <LocalizedFields
              id={`${id}-${persona}-body`}
              label={t('care.editor.step.body')}
              value={variant.body ?? EMPTY}
              multiline
              rows={4}
              onChange={(text) => change('body', text)}
              path={`${path}/personas/${persona}/body`}
              issues={issues}
              listIssues={false}
            />
            <button type="button" className="button-quiet" onClick={() => setVariant(persona, null)}>
              {t('care.editor.persona.remove', { persona })}
            </button>
          </fieldset>
        );
      })}
      <div className="rule-add">
        <div className="field field-inline">
          <label htmlFor={`${id}-persona-new`}>{t('care.editor.persona.key')}</label>
          <input id={`${id}-persona-new`} value={adding} spellCheck={false} onChange={(e) => setAdding(e.target.value.trim())} />
        </div>
        <button
          type="button"
          disabled={!valid}
          onClick={() => {
            setVariant(adding, {});
            setAdding('');
          }}
        >
          {t('care.editor.persona.add')}
        </button>
      </div>
    </details>
  );
}
