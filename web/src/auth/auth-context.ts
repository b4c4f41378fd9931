import { createContext, useContext } from 'react';
import type { ApiClient } from '../api/api-client';
import type { Me } from '../api/me';

export type SignOutNotice = { kind: 'signedOut' } | { kind: 'expired'; detail: string } | { kind: 'checkFailed'; detail: string };

export type AuthState =
  | { status: 'checking' }
  | { status: 'signedOut'; notice: SignOutNotice | null }
  | { status: 'signedIn'; me: Me; api: ApiClient };

export interface Auth {
  state: AuthState;
  /** Checks the key against GET /api/v1/me; throws the API's error when it is refused. */
  signIn(key: string): Promise<void>;
  signOut(notice?: SignOutNotice): void;
}

export const AuthContext = createContext<Auth | null>(null);

export function useAuth(): Auth {
  const auth = useContext(AuthContext);
  if (!auth) throw new Error('useAuth outside AuthProvider');
  return auth;
}

/** The API client of the signed-in session (only inside RequireAuth). */
export function useApi(): ApiClient {
  const { state } = useAuth();
  if (state.status !== 'signedIn') throw new Error('useApi needs a signed-in session');
  return state.api;
}
