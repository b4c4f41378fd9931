import { useCallback, useEffect, useMemo, useState, type ReactNode } from 'react';
import { createApiClient } from '../api/api-client';
import { ApiError } from '../api/api-error';
import { fetchMe } from '../api/me';
import { AuthContext, type Auth, type AuthState, type SignOutNotice } from './auth-context';
import { clearSessionKey, readSessionKey, writeSessionKey } from './session-key';

export function AuthProvider({ children }: { children: ReactNode }) {
  const [state, setState] = useState<AuthState>(() =>
    readSessionKey() ? { status: 'checking' } : { status: 'signedOut', notice: null },
  );

  const signOut = useCallback((notice?: SignOutNotice) => {
    clearSessionKey();
    setState({ status: 'signedOut', notice: notice ?? { kind: 'signedOut' } });
  }, []);

  const clientFor = useCallback(
    (key: string) =>
      // Any 401 later (a revoked key) ends the session and returns to sign-in with the reason.
      createApiClient(key, (error: ApiError) => signOut({ kind: 'expired', detail: error.message })),
    [signOut],
  );

  const signIn = useCallback(
    async (key: string) => {
      const probe = createApiClient(key, () => undefined);
      const me = await fetchMe(probe);
      writeSessionKey(key);
      setState({ status: 'signedIn', me, api: clientFor(key) });
    },
    [clientFor],
  );

  // A key kept from earlier in this tab is checked again on load.
  useEffect(() => {
    const key = readSessionKey();
    if (!key) return;
    const controller = new AbortController();
    fetchMe(createApiClient(key, () => undefined), controller.signal).then(
      (me) => setState({ status: 'signedIn', me, api: clientFor(key) }),
      (error: unknown) => {
        if (controller.signal.aborted) return;
        if (error instanceof ApiError && error.status === 401) {
          signOut({ kind: 'expired', detail: error.message });
        } else {
          // The server is down or failing: the user sees why and signs in again when it is back.
          setState({ status: 'signedOut', notice: { kind: 'checkFailed', detail: error instanceof Error ? error.message : String(error) } });
        }
      },
    );
    return () => controller.abort();
  }, [clientFor, signOut]);

  const auth = useMemo<Auth>(() => ({ state, signIn, signOut }), [state, signIn, signOut]);
  return <AuthContext.Provider value={auth}>{children}</AuthContext.Provider>;
}
