import { useTranslation } from 'react-i18next';
import type { LocalizedText } from '../api/lifecycle';
import { FieldIssues } from './FieldIssues';
import { issuesUnder, type ElementIssues } from './element-draft';

interface Props {
  /** Unique prefix of the inputs' ids. */
  id: string;
  label: string;
  value: LocalizedText;
  onChange: (value: LocalizedText) => void;
  multiline?: boolean;
  rows?: number;
  /** The JSON pointer of the text below the definition, to show the server's issues about it. */
  path?: string;
  issues?: ElementIssues;
  help?: string;
  /** false: only mark the inputs invalid (a step lists all its issues together). */
  listIssues?: boolean;
}

const LANGUAGES = ['fi', 'en'] as const;

/** A text in Finnish and English, side by side. */
export function LocalizedFields({ id, label, value, onChange, multiline = false, rows = 6, path, issues, help, listIssues = true }: Props) {
  const { t } = useTranslation();
  return (
    <fieldset className="localized-fields">
      <legend>{label}</legend>
      {help && <p className="help">{help}</p>}
      <div className="localized-pair">
        {LANGUAGES.map((language) => {
          const inputId = `${id}-${language}`;
          const invalid = !!issues && path !== undefined && issuesUnder(issues, `${path}/${language}`).length > 0;
          const props = {
            id: inputId,
            value: value[language],
            'aria-invalid': invalid,
            lang: language,
            spellCheck: true,
          };
          return (
            <div className="field" key={language}>
              <label htmlFor={inputId}>{t(`care.editor.language.${language}`)}</label>
              {multiline ? (
                <textarea {...props} rows={rows} onChange={(e) => onChange({ ...value, [language]: e.target.value })} />
              ) : (
                <input {...props} onChange={(e) => onChange({ ...value, [language]: e.target.value })} />
              )}
            </div>
          );
        })}
      </div>
      {listIssues && issues && path !== undefined && <FieldIssues issues={issues} path={path} />}
    </fieldset>
  );
}
