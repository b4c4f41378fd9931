import { useTranslation } from 'react-i18next';
import { LANGUAGES, rememberLanguage, type Language } from './language';

/** Two toggle buttons, each language named in itself; the choice is remembered in this browser. */
export function LanguageSwitcher() {
  const { t, i18n } = useTranslation();
  function choose(language: Language) {
    rememberLanguage(language);
    void i18n.changeLanguage(language);
  }
  return (
    <div className="language-switcher" role="group" aria-label={t('language.label')}>
      {LANGUAGES.map((language) => (
        <button
          key={language}
          type="button"
          lang={language}
          aria-pressed={i18n.language === language}
          onClick={() => choose(language)}
        >
          {t(`language.${language}`)}
        </button>
      ))}
    </div>
  );
}
