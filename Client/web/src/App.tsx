import { Navigate, Route, Routes } from 'react-router';
import { StoragePage } from './dfs/StoragePage';
import { AppLayout } from './layout/AppLayout';
import { NotFoundPage } from './layout/NotFoundPage';
import { AccountPage } from './users/account/AccountPage';
import { UsersPage } from './users/admin/UsersPage';
import { RequireAuth, SIGN_IN_PATH, useSignOutOnUnauthorized } from './users/session';
import { SignInPage } from './users/SignInPage';

export function App() {
  useSignOutOnUnauthorized();
  return (
    <Routes>
      <Route path={SIGN_IN_PATH} element={<SignInPage />} />
      <Route
        element={
          <RequireAuth>
            <AppLayout />
          </RequireAuth>
        }
      >
        <Route index element={<Navigate to="/account" replace />} />
        <Route path="account" element={<AccountPage />} />
        <Route path="admin/users" element={<UsersPage />} />
        <Route path="admin/storage" element={<StoragePage />} />
        <Route path="*" element={<NotFoundPage />} />
      </Route>
    </Routes>
  );
}
