import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { routesApi } from '../api/routing';
import type { Route, RouteSpec } from '../api/types';
import { ConfirmDialog } from '../ui/ConfirmDialog';
import { Dialog } from '../ui/Dialog';
import { EmptyState } from '../ui/EmptyState';
import { ErrorAlert } from '../ui/ErrorAlert';
import { QueryFallback } from '../ui/Paging';
import { usePageTitle } from '../ui/usePageTitle';
import { useCurrentUser } from '../users/session';
import { routingKeys } from './queryKeys';
import { RouteForm } from './RouteForm';
import { routeName } from './routeName';
import { RoutesTable } from './RoutesTable';

/** /admin/routes: the cloud's static HTTP routes; admins add, edit and remove API routes, routes.yaml ones are read-only. */
export function RoutesPage() {
  usePageTitle('Routes');
  const me = useCurrentUser();
  const [action, setAction] = useState<{ kind: 'edit' | 'delete'; route: Route } | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

  if (me.role !== 'admin') {
    return (
      <div className="page stack">
        <h1 tabIndex={-1}>Routes</h1>
        <p role="alert" className="alert alert-error">
          Only administrators can manage routes. Ask an administrator if you need access.
        </p>
      </div>
    );
  }

  const close = () => setAction(null);

  return (
    <div className="page stack-lg">
      <h1 tabIndex={-1}>Routes</h1>
      <p className="muted">
        A route sends web requests for a host name (and, optionally, a path under it) to a server on your network. The edges apply every
        change within a second.
      </p>
      <AddRouteSection onNotice={setNotice} />
      <section className="card stack" aria-labelledby="routes-title">
        <h2 id="routes-title">All routes</h2>
        <p role="status" className={notice ? 'alert alert-success' : 'visually-hidden'}>
          {notice}
        </p>
        <RoutesList onAction={(kind, route) => setAction({ kind, route })} />
      </section>
      {action?.kind === 'edit' && <EditRouteDialog route={action.route} onClose={close} onDone={setNotice} />}
      {action?.kind === 'delete' && <DeleteRouteDialog route={action.route} onClose={close} onDone={setNotice} />}
    </div>
  );
}

function useRefreshRoutes() {
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries({ queryKey: routingKeys.routes });
}

function AddRouteSection({ onNotice }: { onNotice: (message: string) => void }) {
  const refresh = useRefreshRoutes();
  const add = useMutation({
    mutationFn: routesApi.add,
    onSuccess: (route) => {
      onNotice(`Route ${routeName(route)} → ${route.backend} added.`);
      void refresh();
    },
  });
  return (
    <section className="card stack" aria-labelledby="add-route-title">
      <h2 id="add-route-title">Add a route</h2>
      <RouteForm submitLabel="Add route" pendingLabel="Adding…" pending={add.isPending} error={add.error} onSubmit={(spec) => add.mutateAsync(spec)} />
    </section>
  );
}

function RoutesList({ onAction }: { onAction: (kind: 'edit' | 'delete', route: Route) => void }) {
  const list = useQuery({ queryKey: routingKeys.routes, queryFn: ({ signal }) => routesApi.list(signal) });
  if (!list.data) {
    return <QueryFallback query={list} loading="Loading routes…" />;
  }
  if (list.data.items.length === 0) {
    return (
      <EmptyState title="No routes yet.">
        Routes put web apps that run outside EddCloud, such as a wiki at <code>http://127.0.0.1:3000</code>, behind the cloud&apos;s edge under a
        name of your own, e.g. <code>wiki.example.org</code>. Add one with the form above; routes in the edge&apos;s <code>routes.yaml</code> show up
        here too.
      </EmptyState>
    );
  }
  return (
    <>
      {list.isError && <ErrorAlert error={list.error} onRetry={() => void list.refetch()} />}
      <RoutesTable routes={list.data.items} onAction={onAction} />
    </>
  );
}

interface RouteDialogProps {
  route: Route;
  onClose: () => void;
  onDone: (message: string) => void;
}

function EditRouteDialog({ route, onClose, onDone }: RouteDialogProps) {
  const refresh = useRefreshRoutes();
  const update = useMutation({
    mutationFn: (spec: RouteSpec) => routesApi.update(route.id, spec),
    onSuccess: (saved) => {
      onDone(`Route ${routeName(saved)} → ${saved.backend} saved.`);
      void refresh();
      onClose();
    },
  });
  return (
    <Dialog title={`Edit route ${routeName(route)}`} onClose={onClose}>
      <RouteForm
        route={route}
        submitLabel="Save route"
        pendingLabel="Saving…"
        pending={update.isPending}
        error={update.error}
        onSubmit={(spec) => update.mutateAsync(spec)}
      />
    </Dialog>
  );
}

function DeleteRouteDialog({ route, onClose, onDone }: RouteDialogProps) {
  const refresh = useRefreshRoutes();
  return (
    <ConfirmDialog
      title={`Delete route ${routeName(route)}?`}
      confirmLabel="Delete route"
      onConfirm={async () => {
        await routesApi.remove(route.id);
        onDone(`Route ${routeName(route)} deleted.`);
        await refresh();
      }}
      onClose={onClose}
    >
      Requests for <strong>{routeName(route)}</strong> will no longer reach <code>{route.backend}</code>.
    </ConfirmDialog>
  );
}
