import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { containersApi } from '../api/compute';
import { sshGatewayApi } from '../api/sshKeys';
import type { Container, RestartPolicy } from '../api/types';
import { formatBytes } from '../dfs/format';
import { removeItem, type PagedData } from '../storage/paging';
import { useCurrentUser } from '../users/session';
import { ConfirmDialog } from '../ui/ConfirmDialog';
import { CopyField } from '../ui/CopyField';
import { DateTime } from '../ui/DateTime';
import { ErrorAlert } from '../ui/ErrorAlert';
import { usePageTitle } from '../ui/usePageTitle';
import { AllowedKeysSection } from './AllowedKeysSection';
import { formatCpus } from './ComputeUsageDetails';
import { ContainerLogs } from './ContainerLogs';
import { ContainerStats } from './ContainerStats';
import { ContainerTerminal } from './ContainerTerminal';
import { IngressSection } from './IngressSection';
import { CONTAINERS_PATH, type ContainersLocationState } from './paths';
import { computeKeys } from './queryKeys';
import { RestartPolicySelect } from './RestartPolicySelect';
import { availableActions, refreshInterval } from './rules';
import { StatusBadge } from './StatusBadge';
import { QueryFallback } from '../ui/Paging';

// Nothing on this page but the status badge says "running" (the API's word), so a browser test can wait for it.

/** /containers/:id: live status, start/stop/restart/delete, SSH, keys, ingress, resources, logs and the spec. */
export function ContainerPage() {
  const containerId = useParams().containerId ?? '';
  const container = useQuery({
    queryKey: computeKeys.container(containerId),
    queryFn: ({ signal }) => containersApi.get(containerId, signal),
    refetchInterval: (query) => (query.state.data ? refreshInterval([query.state.data.status]) : false),
  });
  usePageTitle(container.data?.name ?? 'Container');

  if (!container.data) {
    return (
      <div className="page stack">
        <h1 tabIndex={-1}>Container</h1>
        {<QueryFallback query={container} loading="Loading the container…" />}
        <p>
          <Link to={CONTAINERS_PATH}>Back to your containers</Link>
        </p>
      </div>
    );
  }

  const c = container.data;
  const live = c.status !== 'deleting';
  return (
    <div className="page stack-lg">
      <p>
        <Link to={CONTAINERS_PATH}>Back to your containers</Link>
      </p>
      <StatusHeader container={c} />
      {/* A failed refresh keeps the last answer on screen and says so. */}
      {container.isError && <ErrorAlert error={container.error} onRetry={() => void container.refetch()} />}
      <SshSection container={c} />
      <TerminalSectionForOwner container={c} />
      <AllowedKeysSectionForOwner container={c} />
      <IngressSection container={c} />
      {live && <ContainerStats container={c} />}
      {live && <ContainerLogs containerId={c.id} name={c.name} startedAt={c.startedAt} />}
      <AddressesSection container={c} />
      <SpecSection container={c} />
    </div>
  );
}

/** Only the owner gets a shell; admins manage other people's containers without entering them. */
function TerminalSectionForOwner({ container }: { container: Container }) {
  const me = useCurrentUser();
  return me.id === container.ownerId && container.status !== 'deleting' ? <ContainerTerminal container={container} /> : null;
}

function AllowedKeysSectionForOwner({ container }: { container: Container }) {
  const me = useCurrentUser();
  return <AllowedKeysSection container={container} isOwner={me.id === container.ownerId} />;
}

type Action = 'start' | 'stop' | 'restart';

const ACTION_NOTICES: Record<Action, (name: string) => string> = {
  start: (name) => `Starting ${name}…`,
  stop: (name) => `Stopping ${name}: SIGTERM now, SIGKILL after 10 s if it is still up.`,
  restart: (name) => `Restarting ${name}…`,
};

function StatusHeader({ container }: { container: Container }) {
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const [notice, setNotice] = useState<string | null>(null);
  const [deleting, setDeleting] = useState(false);
  const act = useMutation({
    mutationFn: (action: Action) =>
      action === 'start' ? containersApi.start(container.id) : action === 'stop' ? containersApi.stop(container.id) : containersApi.restart(container.id),
    onSuccess: (updated, action) => {
      queryClient.setQueryData(computeKeys.container(updated.id), updated);
      void queryClient.invalidateQueries({ queryKey: computeKeys.containers });
      setNotice(ACTION_NOTICES[action](updated.name));
    },
  });
  const actions = availableActions(container);

  async function remove() {
    await containersApi.remove(container.id);
    queryClient.removeQueries({ queryKey: computeKeys.container(container.id) });
    queryClient.setQueryData<PagedData<Container>>(computeKeys.containers, (data) => removeItem(data, container.id));
    void queryClient.invalidateQueries({ queryKey: computeKeys.containers });
    void queryClient.invalidateQueries({ queryKey: computeKeys.usage });
    const state: ContainersLocationState = { notice: `${container.name} was deleted. Its volume and ingress rules are being removed in the background.` };
    void navigate(CONTAINERS_PATH, { state });
  }

  return (
    <div className="stack">
      <div className="title-row">
        <h1 tabIndex={-1}>{container.name}</h1>
        <StatusBadge container={container} showReason={false} />
      </div>
      {container.statusReason && (
        <p className="status-reason" data-testid="container-status-reason">
          {container.statusReason}
        </p>
      )}
      {container.exitCode !== null && <p className="muted">Last exit code: {container.exitCode}.</p>}
      <p role="status" className={notice ? 'alert alert-success' : 'visually-hidden'}>
        {notice}
      </p>
      {act.isError && <ErrorAlert error={act.error} />}
      <div className="actions container-actions">
        <button type="button" className="button" onClick={() => act.mutate('start')} disabled={!actions.start || act.isPending}>
          Start
        </button>
        <button type="button" className="button" onClick={() => act.mutate('stop')} disabled={!actions.stop || act.isPending}>
          Stop
        </button>
        <button type="button" className="button" onClick={() => act.mutate('restart')} disabled={!actions.restart || act.isPending}>
          Restart
        </button>
        <button type="button" className="button button-danger-ghost" onClick={() => setDeleting(true)} disabled={container.status === 'deleting'}>
          Delete
        </button>
      </div>
      {deleting && (
        <ConfirmDialog
          title={`Delete ${container.name}?`}
          confirmLabel="Delete container"
          typeToConfirm={container.name}
          onConfirm={remove}
          onClose={() => setDeleting(false)}
        >
          <p>
            This stops <strong>{container.name}</strong> and deletes it with its <code>/data</code> volume and its ingress rules. It cannot
            be undone.
          </p>
        </ConfirmDialog>
      )}
    </div>
  );
}

function SshSection({ container }: { container: Container }) {
  const ssh = container.ssh;
  return (
    <section className="card stack" aria-labelledby="ssh-title">
      <h2 id="ssh-title">SSH</h2>
      {ssh === null ? (
        <p className="muted">The SSH command appears here once the container has started on a node.</p>
      ) : (
        <>
          <CopyField label="SSH command" value={ssh.command} what="the command" copyLabel="Copy SSH command" />
          {container.allowedKeys.length === 0 && (
            <p className="alert alert-warning">No key may log in yet: allow one of your keys below.</p>
          )}
          <GatewayHostKeys />
          <div className="stack">
            <h3>Container host keys</h3>
            {ssh.hostKeys.length === 0 ? (
              <p className="muted">Not known yet: they are read from the container’s SSH server once it has started.</p>
            ) : (
              <>
                <p className="muted">
                  The container’s own keys, met when connecting straight to its published port 22; the gateway checks them for
                  you.
                </p>
                <HostKeyList label="Container host keys" keys={ssh.hostKeys} />
              </>
            )}
          </div>
        </>
      )}
    </section>
  );
}

/** The key ssh shows on first connecting with the command above: the gateway's, not the container's. */
function GatewayHostKeys() {
  const gateway = useQuery({ queryKey: ['ssh-gateway'], queryFn: ({ signal }) => sshGatewayApi.get(signal), staleTime: 60_000 });
  const keys = gateway.data?.hostKeys ?? [];
  return (
    <div className="stack">
      <h3>Gateway host key</h3>
      {gateway.isError ? (
        <ErrorAlert error={gateway.error} onRetry={() => void gateway.refetch()} />
      ) : keys.length === 0 ? (
        <p className="muted">{gateway.isPending ? 'Loading…' : 'No SSH gateway has reported its key: is the edge running?'}</p>
      ) : (
        <>
          <p className="muted">On first connecting, ssh shows this key’s fingerprint; accept it only if it matches.</p>
          <HostKeyList label="Gateway host keys" keys={keys} />
        </>
      )}
    </div>
  );
}

function HostKeyList({ label, keys }: { label: string; keys: string[] }) {
  return (
    <ul className="host-keys" aria-label={label}>
      {keys.map((key) => (
        <li key={key}>
          <code className="mono">{key}</code>
        </li>
      ))}
    </ul>
  );
}

function AddressesSection({ container }: { container: Container }) {
  return (
    <section className="card stack" aria-labelledby="addresses-title">
      <h2 id="addresses-title">Addresses</h2>
      {container.addresses.length === 0 ? (
        <p className="muted">{container.ports.length === 0 ? 'No ports are published.' : 'Published ports appear here once the container has started.'}</p>
      ) : (
        <>
          <p className="muted">Each published port, on its node (reachable from that node only; use an ingress rule for the internet).</p>
          <ul className="address-list">
            {container.addresses.map((address) => (
              <li key={`${address.port}-${address.hostPort}`}>
                Port {address.port} → <code className="mono">{`${address.host}:${address.hostPort}`}</code>
                {container.node && <> on {container.node}</>}
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}

function SpecSection({ container }: { container: Container }) {
  const queryClient = useQueryClient();
  const setPolicy = useMutation({
    mutationFn: (restartPolicy: RestartPolicy) => containersApi.update(container.id, { allowedKeys: null, restartPolicy }),
    onSuccess: (updated) => queryClient.setQueryData(computeKeys.container(updated.id), updated),
  });
  const env = Object.entries(container.env);
  return (
    <section className="card stack" aria-labelledby="spec-title">
      <h2 id="spec-title">Settings</h2>
      <dl className="details">
        <dt>Image</dt>
        <dd>
          <code className="mono">{container.image}</code>
        </dd>
        <dt>CPU</dt>
        <dd>{formatCpus(container.cpus)}</dd>
        <dt>Memory</dt>
        <dd>{formatBytes(container.memoryBytes)}</dd>
        <dt>Process limit</dt>
        <dd>{container.pidsLimit}</dd>
        <dt>Command</dt>
        <dd>
          {container.command.length === 0 ? (
            'The image’s own'
          ) : (
            <ol className="argv" aria-label="Arguments">
              {container.command.map((arg, index) => (
                <li key={index}>
                  <code className="mono">{arg}</code>
                </li>
              ))}
            </ol>
          )}
        </dd>
        <dt>Environment</dt>
        <dd>
          {env.length === 0 ? (
            'None'
          ) : (
            <ul className="env-list">
              {env.map(([name, value]) => (
                <li key={name}>
                  <code className="mono">
                    {name}={value}
                  </code>
                </li>
              ))}
            </ul>
          )}
        </dd>
        <dt>Volume</dt>
        <dd>
          {container.volume === false ? (
            'None: the container moves to another node if its node leaves'
          ) : (
            <>
              <code>/data</code>, persistent: it keeps the container on its node
            </>
          )}
        </dd>
        <dt>Ports</dt>
        <dd>{container.ports.length === 0 ? 'None' : container.ports.join(', ')}</dd>
        <dt>Node</dt>
        <dd>{container.node ?? 'Not placed yet'}</dd>
        <dt>Owner</dt>
        <dd>{container.owner}</dd>
        <dt>Restarts</dt>
        <dd>{container.restartCount}</dd>
        <dt>Created</dt>
        <dd>
          <DateTime value={container.createdAt} />
        </dd>
        <dt>Started</dt>
        <dd>
          <DateTime value={container.startedAt} fallback="Not yet" />
        </dd>
      </dl>
      <div className="form-narrow stack">
        <RestartPolicySelect value={container.restartPolicy} onChange={(policy) => setPolicy.mutate(policy)} disabled={setPolicy.isPending} />
        {setPolicy.isError && <ErrorAlert error={setPolicy.error} />}
      </div>
    </section>
  );
}
