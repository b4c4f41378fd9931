import type { ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router';
import { LoadingBar } from '../common/LoadingBar';
import { useAuth } from './auth-context';
import { useTranslation } from 'react-i18next';

export interface FromState {
  from?: string;
}

/** Pages behind sign-in: without a session the user goes to /sign-in and comes back after. */
export function RequireAuth({ children }: { children: ReactNode }) {
  const { state } = useAuth();
  const location = useLocation();
  const { t } = useTranslation();
  if (state.status === 'checking') return <LoadingBar label={t('signIn.checking')} />;
  if (state.status === 'signedOut') {
    const from: FromState = { from: `${location.pathname}${location.search}` };
    return <Navigate to="/sign-in" replace state={from} />;
  }
  return children;
}
