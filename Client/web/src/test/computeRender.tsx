import { Route, Routes, useLocation } from 'react-router';
import { ContainerPage } from '../compute/ContainerPage';
import { ContainersPage } from '../compute/ContainersPage';
import { CreateContainerPage } from '../compute/CreateContainerPage';
import { RequireAuth } from '../users/session';
import { renderWithProviders } from './render';

function Location() {
  const location = useLocation();
  return <output data-testid="location">{location.pathname}</output>;
}

/** The compute pages under their routes (as App mounts them), signed in, with the current path in `location`. */
export function renderCompute(route: string) {
  return renderWithProviders(
    <RequireAuth>
      <Routes>
        <Route path="/containers" element={<ContainersPage />} />
        <Route path="/containers/new" element={<CreateContainerPage />} />
        <Route path="/containers/:containerId" element={<ContainerPage />} />
        <Route path="*" element={<p>Elsewhere</p>} />
      </Routes>
      <Location />
    </RequireAuth>,
    { route },
  );
}
