import { Navigate, Route, Routes } from 'react-router';
import { ContainerPage } from './compute/ContainerPage';
import { ContainersPage } from './compute/ContainersPage';
import { CreateContainerPage } from './compute/CreateContainerPage';
import { FileSystemPage } from './dfs/FileSystemPage';
import { AppLayout } from './layout/AppLayout';
import { NotFoundPage } from './layout/NotFoundPage';
import { OpenLayout } from './layout/PublicLayout';
import { FilesPage } from './storage/FilesPage';
import { NamespacePage } from './storage/NamespacePage';
import { PublicNamespacePage } from './storage/PublicNamespacePage';
import { PublicNamespacesPage } from './storage/PublicNamespacesPage';
import { RoutesPage } from './routing/RoutesPage';
import { ShareLandingPage } from './storage/ShareLandingPage';
import { AccountPage } from './users/account/AccountPage';
import { KeysPage } from './users/account/KeysPage';
import { UsersPage } from './users/admin/UsersPage';
import { RequireAuth, SIGN_IN_PATH, useSignOutOnUnauthorized } from './users/session';
import { SignInPage } from './users/SignInPage';

export function App() {
  useSignOutOnUnauthorized();
  return (
    <Routes>
      <Route path={SIGN_IN_PATH} element={<SignInPage />} />
      {/* Open to everyone: signed-out visitors are not sent to sign in. */}
      <Route element={<OpenLayout />}>
        <Route path="public" element={<PublicNamespacesPage />} />
        <Route path="public/:namespaceId/*" element={<PublicNamespacePage />} />
        <Route path="s/:token" element={<ShareLandingPage />} />
      </Route>
      <Route
        element={
          <RequireAuth>
            <AppLayout />
          </RequireAuth>
        }
      >
        <Route index element={<Navigate to="/account" replace />} />
        <Route path="account" element={<AccountPage />} />
        <Route path="files" element={<FilesPage />} />
        <Route path="files/:namespaceId/*" element={<NamespacePage />} />
        <Route path="containers" element={<ContainersPage />} />
        <Route path="containers/new" element={<CreateContainerPage />} />
        <Route path="containers/:containerId" element={<ContainerPage />} />
        <Route path="keys" element={<KeysPage />} />
        <Route path="admin/users" element={<UsersPage />} />
        <Route path="admin/file-system" element={<FileSystemPage />} />
        {/* The page was called Storage; old bookmarks still land on it. */}
        <Route path="admin/storage" element={<Navigate to="/admin/file-system" replace />} />
        <Route path="admin/routes" element={<RoutesPage />} />
        <Route path="*" element={<NotFoundPage />} />
      </Route>
    </Routes>
  );
}
