import { Navigate, Route, Routes } from 'react-router';
import { AccountPage } from '../account/AccountPage';
import { AccountListPage } from '../accounts/AccountListPage';
import { AnalyticsPage } from '../analytics/AnalyticsPage';
import { OutboxPage } from '../care/OutboxPage';
import { TaskInboxPage } from '../care/TaskInboxPage';
import { RequireAuth } from '../auth/RequireAuth';
import { SignInPage } from '../auth/SignInPage';
import { ImportJobPage } from '../imports/ImportJobPage';
import { ImportsPage } from '../imports/ImportsPage';
import { LifecycleBoardPage } from '../lifecycle/LifecycleBoardPage';
import { CareMatrixPage } from '../programmes/CareMatrixPage';
import { CareSettingsPage } from '../programmes/CareSettingsPage';
import { ElementEditorPage } from '../programmes/ElementEditorPage';
import { SegmentEditPage } from '../segments/SegmentEditPage';
import { SegmentListPage } from '../segments/SegmentListPage';
import { SegmentNewPage } from '../segments/SegmentNewPage';
import { SegmentPage } from '../segments/SegmentPage';
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
        <Route path="lifecycle" element={<LifecycleBoardPage />} />
        <Route path="analytics" element={<AnalyticsPage />} />
        <Route path="segments" element={<SegmentListPage />} />
        <Route path="segments/new" element={<SegmentNewPage />} />
        <Route path="segments/:id" element={<SegmentPage />} />
        <Route path="segments/:id/edit" element={<SegmentEditPage />} />
        <Route path="care" element={<CareMatrixPage />} />
        <Route path="care/settings" element={<CareSettingsPage />} />
        <Route path="care/elements/new" element={<ElementEditorPage />} />
        <Route path="care/elements/:id" element={<ElementEditorPage />} />
        <Route path="tasks" element={<TaskInboxPage />} />
        <Route path="outbox" element={<OutboxPage />} />
        <Route path="imports" element={<ImportsPage />} />
        <Route path="imports/:id" element={<ImportJobPage />} />
        <Route path="*" element={<NotFoundPage />} />
      </Route>
    </Routes>
  );
}
