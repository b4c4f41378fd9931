import { useEffect, useRef } from 'react';
import { NavLink, Outlet, useLocation } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useAuth } from '../auth/auth-context';
import { LanguageSwitcher } from '../i18n/LanguageSwitcher';

/** The frame of every signed-in page: skip link, header with navigation, language and sign-out. */
export function AppLayout() {
  const { t } = useTranslation();
  const { state, signOut } = useAuth();
  const workspace = state.status === 'signedIn' ? state.me.workspace.name : '';
  const { pathname } = useLocation();
  const main = useRef<HTMLElement>(null);
  const firstPage = useRef(true);
  // After moving to another page, keyboard and screen reader users start at its content.
  useEffect(() => {
    if (firstPage.current) {
      firstPage.current = false;
      return;
    }
    main.current?.focus();
  }, [pathname]);
  return (
    <>
      <a className="skip-link" href="#main">
        {t('app.skipToContent')}
      </a>
      <header className="app-header">
        <div className="brand">
          <span className="brand-name">{t('app.name')}</span>
          <span className="brand-workspace">{t('app.workspace', { name: workspace })}</span>
        </div>
        <nav aria-label={t('app.mainNav')}>
          <ul>
            <li>
              <NavLink to="/accounts">{t('nav.accounts')}</NavLink>
            </li>
            <li>
              <NavLink to="/lifecycle">{t('nav.lifecycle')}</NavLink>
            </li>
            <li>
              <NavLink to="/segments">{t('nav.segments')}</NavLink>
            </li>
            <li>
              <NavLink to="/care">{t('nav.care')}</NavLink>
            </li>
            <li>
              <NavLink to="/tasks">{t('nav.tasks')}</NavLink>
            </li>
            <li>
              <NavLink to="/outbox">{t('nav.outbox')}</NavLink>
            </li>
            <li>
              <NavLink to="/analytics">{t('nav.analytics')}</NavLink>
            </li>
            <li>
              <NavLink to="/imports">{t('nav.imports')}</NavLink>
            </li>
          </ul>
        </nav>
        <div className="header-tools">
          <LanguageSwitcher />
          <button type="button" className="button-quiet" onClick={() => signOut()}>
            {t('nav.signOut')}
          </button>
        </div>
      </header>
      <main id="main" tabIndex={-1} ref={main}>
        <Outlet />
      </main>
    </>
  );
}
