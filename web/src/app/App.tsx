import { Navigate, Route, Routes } from 'react-router';
import { AccountPage } from '../account/AccountPage';
import { AccountListPage } from '../accounts/AccountListPage';
import { RequireAuth } from '../auth/RequireAuth';
import { SignInPage } from '../auth/SignInPage';
import { ImportJobPage } from '../imports/ImportJobPage';
import { ImportsPage } from '../imports/ImportsPage';
import { AppLayout } from './AppLayout';
import { NotFoundPage } from './NotFoundPage';

export function App() {
  return (
    <Routes>
      <Route path="/sign-in" element={<SignInPage />} />
      <Route
        element={
          <RequireAuth>
            <AppLayout />
          </RequireAuth>
        }
      >
        <Route index element={<Navigate to="/accounts" replace />} />
        <Route path="accounts" element={<AccountListPage />} />
        <Route path="accounts/:id" element={<AccountPage />} />
        <Route path="imports" element={<ImportsPage />} />
        <Route path="imports/:id" element={<ImportJobPage />} />
        <Route path="*" element={<NotFoundPage />} />
      </Route>
    </Routes>
  );
}
