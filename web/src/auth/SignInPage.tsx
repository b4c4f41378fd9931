import { useState, type FormEvent } from 'react';
import { Navigate, useLocation, useNavigate } from 'react-router';
import { Trans, useTranslation } from 'react-i18next';
import { useDocumentTitle } from '../app/use-document-title';
import { ErrorAlert } from '../common/ErrorAlert';
import { LoadingBar } from '../common/LoadingBar';
import { LanguageSwitcher } from '../i18n/LanguageSwitcher';
import { useAuth } from './auth-context';
import type { FromState } from './RequireAuth';
import { SignOutNoticeText } from './SignOutNoticeText';

export function SignInPage() {
  const { t } = useTranslation();
  const { state, signIn } = useAuth();
  const location = useLocation();
  const navigate = useNavigate();
  const [key, setKey] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [missing, setMissing] = useState(false);
  const [busy, setBusy] = useState(false);
  useDocumentTitle(t('signIn.title'));

  const from = (location.state as FromState | null)?.from ?? '/accounts';
  if (state.status === 'signedIn' && !busy) return <Navigate to={from} replace />;

  async function submit(event: FormEvent) {
    event.preventDefault();
    const trimmed = key.trim();
    setMissing(trimmed === '');
    setError(null);
    if (trimmed === '') return;
    setBusy(true);
    try {
      await signIn(trimmed);
      navigate(from, { replace: true });
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="sign-in">
      <div className="sign-in-tools">
        <LanguageSwitcher />
      </div>
      <main id="main" className="sign-in-card">
        <p className="brand-name">{t('app.name')}</p>
        <p className="muted">{t('app.tagline')}</p>
        <h1>{t('signIn.title')}</h1>
        {state.status === 'signedOut' && state.notice && !error && <SignOutNoticeText notice={state.notice} />}
        <p>
          <Trans i18nKey="signIn.intro" components={{ cmd: <code /> }} />
        </p>
        <form onSubmit={submit} noValidate>
          <div className="field">
            <label htmlFor="admin-key">{t('signIn.keyLabel')}</label>
            <input
              id="admin-key"
              name="admin-key"
              type="password"
              autoComplete="off"
              spellCheck={false}
              value={key}
              onChange={(event) => setKey(event.target.value)}
              aria-describedby="admin-key-help"
              aria-invalid={missing || error !== null}
              required
            />
            <p id="admin-key-help" className="help">
              {t('signIn.keyHelp')}
            </p>
            {missing && (
              <p className="field-error" role="alert">
                {t('signIn.required')}
              </p>
            )}
          </div>
          {error !== null && <ErrorAlert error={error} />}
          {busy ? (
            <LoadingBar label={t('signIn.checking')} />
          ) : (
            <button type="submit" className="button-primary">
              {t('signIn.submit')}
            </button>
          )}
        </form>
      </main>
    </div>
  );
}
