import type { Route } from '../api/types';
import { DateTime } from '../ui/DateTime';
import { routeName } from './routeName';

interface RoutesTableProps {
  routes: Route[];
  onAction: (kind: 'edit' | 'delete', route: Route) => void;
}

/** Every route; API routes can be edited and deleted, routes.yaml ones are read-only and say so. */
export function RoutesTable({ routes, onAction }: RoutesTableProps) {
  return (
    <div className="table-wrap">
      <table>
        <caption className="visually-hidden">Routes</caption>
        <thead>
          <tr>
            <th scope="col">Host</th>
            <th scope="col">Prefix</th>
            <th scope="col">Strip</th>
            <th scope="col">Backend</th>
            <th scope="col">Source</th>
            <th scope="col">Updated</th>
            <th scope="col">
              <span className="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {routes.map((route) => (
            <tr key={route.id}>
              <th scope="row">{route.host}</th>
              <td>
                <code>{route.pathPrefix}</code>
              </td>
              <td>{route.stripPrefix ? 'Yes' : 'No'}</td>
              <td>
                <code>{route.backend}</code>
              </td>
              <td>
                <span className={`status-badge ${route.source === 'file' ? 'status-idle' : 'status-busy'}`} data-testid="route-source">
                  {route.source}
                </span>
              </td>
              <td>
                <DateTime value={route.updatedAt} />
              </td>
              <td className="cell-actions">
                {route.source === 'file' ? (
                  <span className="muted" title="Change it in routes.yaml on the edge; the edge reloads the file.">
                    from routes.yaml
                  </span>
                ) : (
                  <div className="row-actions">
                    <button type="button" className="button" aria-label={`Edit ${routeName(route)}`} onClick={() => onAction('edit', route)}>
                      Edit
                    </button>
                    <button
                      type="button"
                      className="button button-danger-ghost"
                      aria-label={`Delete ${routeName(route)}`}
                      onClick={() => onAction('delete', route)}
                    >
                      Delete
                    </button>
                  </div>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
