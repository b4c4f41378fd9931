import { useTranslation } from 'react-i18next';
import type { SignOutNotice } from './auth-context';

/** Why the user is at sign-in again: signed out, the key was refused, or it could not be checked. */
export function SignOutNoticeText({ notice }: { notice: SignOutNotice }) {
  const { t } = useTranslation();
  if (notice.kind === 'signedOut') {
    return (
      <p className="alert alert-info" role="status">
        {t('signIn.signedOut')}
      </p>
    );
  }
  return (
    <p className="alert alert-warning" role="alert">
      {notice.kind === 'expired' ? t('signIn.expired', { detail: notice.detail }) : t('signIn.checkFailed', { detail: notice.detail })}
    </p>
  );
}
