import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useId, useRef, useState, type FormEvent } from 'react';
import { Link, useNavigate } from 'react-router';
import { containersApi } from '../api/compute';
import { isApiError } from '../api/http';
import { sshKeysApi } from '../api/sshKeys';
import type { CreateContainerRequest, IngressRuleSpec, RestartPolicy } from '../api/types';
import { userKeys } from '../users/queryKeys';
import { ErrorAlert } from '../ui/ErrorAlert';
import { Field } from '../ui/Field';
import { Loading } from '../ui/Loading';
import { usePageTitle } from '../ui/usePageTitle';
import { KeyCheckboxes } from './KeyCheckboxes';
import { containerHref, CONTAINERS_PATH } from './paths';
import { computeKeys } from './queryKeys';
import { newRowKey, RepeatableRows } from './RepeatableRows';
import { RestartPolicySelect } from './RestartPolicySelect';
import {
  dnsLabelProblem,
  DNS_LABEL_HINT,
  envNameProblem,
  ingressNameProblem,
  MIN_MEMORY_BYTES,
  MIN_PIDS,
  parseCpus,
  parseMemorySize,
  parsePort,
  parseWholeNumber,
  pathPrefixProblem,
  PORT_PROBLEM,
} from './rules';
import { specErrors, type SpecList } from './specErrors';

interface EnvRow {
  key: number;
  name: string;
  value: string;
}
interface ArgRow {
  key: number;
  value: string;
}
interface PortRow {
  key: number;
  value: string;
}
interface IngressRow {
  key: number;
  name: string;
  port: string;
  pathPrefix: string;
}

type RowProblems = Record<number, Record<string, string>>;

interface Problems {
  name?: string;
  cpus?: string;
  memory?: string;
  pids?: string;
  env: RowProblems;
  command?: string;
  ports: RowProblems;
  ingress: RowProblems;
}

const NO_PROBLEMS: Problems = { env: {}, ports: {}, ingress: {} };

function hasProblems(p: Problems): boolean {
  return Boolean(p.name || p.cpus || p.memory || p.pids || p.command) || [p.env, p.ports, p.ingress].some((rows) => Object.keys(rows).length > 0);
}

/** Which row each item of a sent list came from, to put the server's "ingress[1].name" next to the right row. */
interface SentRows {
  command: number[];
  ports: number[];
  ingress: number[];
  /** env by variable name */
  env: Record<string, number>;
}

/** /containers/new: every field of CreateContainer, checked as the server checks it, then POST /api/containers. */
export function CreateContainerPage() {
  usePageTitle('New container');
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const keys = useQuery({ queryKey: userKeys.mySshKeys, queryFn: ({ signal }) => sshKeysApi.list(signal) });

  const [name, setName] = useState('');
  const [image, setImage] = useState('');
  const [cpus, setCpus] = useState('');
  const [memory, setMemory] = useState('');
  const [pids, setPids] = useState('');
  const [env, setEnv] = useState<EnvRow[]>([]);
  const [command, setCommand] = useState<ArgRow[]>([]);
  const [ports, setPorts] = useState<PortRow[]>([]);
  const [restartPolicy, setRestartPolicy] = useState<RestartPolicy>('on-failure');
  const [allowedKeys, setAllowedKeys] = useState<string[]>([]);
  const [ingress, setIngress] = useState<IngressRow[]>([]);
  const [volume, setVolume] = useState(true);
  const [problems, setProblems] = useState<Problems>(NO_PROBLEMS);
  const sent = useRef<SentRows>({ command: [], ports: [], ingress: [], env: {} });
  const formId = useId();
  const volumeId = useId();

  const create = useMutation({
    mutationFn: containersApi.create,
    onSuccess: (created) => {
      queryClient.setQueryData(computeKeys.container(created.id), created);
      void queryClient.invalidateQueries({ queryKey: computeKeys.containers });
      void queryClient.invalidateQueries({ queryKey: computeKeys.usage });
      void navigate(containerHref(created.id));
    },
  });

  function validate(): { body: CreateContainerRequest | null; found: Problems } {
    const found: Problems = { env: {}, ports: {}, ingress: {} };
    const trimmedName = name.trim();
    // The document lists every field as required; null asks for the server's default.
    const body: CreateContainerRequest = {
      name: trimmedName,
      image: null,
      cpus: null,
      memoryBytes: null,
      pidsLimit: null,
      env: null,
      command: null,
      ports: null,
      restartPolicy,
      allowedKeys: null,
      ingress: null,
      volume: null,
    };
    found.name = dnsLabelProblem(trimmedName) ?? undefined;
    if (image.trim()) body.image = image.trim();
    if (cpus.trim()) {
      const value = parseCpus(cpus);
      if (value === null) found.cpus = 'Enter a number of cores above 0, such as 0.5 or 2.';
      else body.cpus = value;
    }
    if (memory.trim()) {
      const value = parseMemorySize(memory);
      if (value === null) found.memory = 'Enter a size such as 512M, 1G or 256 MiB.';
      else if (value < MIN_MEMORY_BYTES) found.memory = 'Give it at least 6 MiB (6M).';
      else body.memoryBytes = value;
    }
    if (pids.trim()) {
      const value = parseWholeNumber(pids);
      if (value === null || value < MIN_PIDS) found.pids = `Enter a whole number, at least ${MIN_PIDS}.`;
      else body.pidsLimit = value;
    }

    const sentRows: SentRows = { command: [], ports: [], ingress: [], env: {} };
    const envBody: Record<string, string> = {};
    for (const row of env) {
      const varName = row.name.trim();
      if (!varName && !row.value) continue;
      const problem = envNameProblem(varName) ?? (varName in envBody ? 'This variable is already set above.' : null);
      if (problem) found.env[row.key] = { name: problem };
      else {
        envBody[varName] = row.value;
        sentRows.env[varName] = row.key;
      }
    }
    if (Object.keys(envBody).length > 0) body.env = envBody;

    // Arguments are sent exactly as typed: no trimming, no splitting, no shell.
    const args = command.filter((row) => row.value !== '');
    if (args.length > 0) {
      body.command = args.map((row) => row.value);
      sentRows.command = args.map((row) => row.key);
    }

    const portValues: number[] = [];
    for (const row of ports) {
      if (!row.value.trim()) continue;
      const port = parsePort(row.value);
      if (port === null) found.ports[row.key] = { port: PORT_PROBLEM };
      else if (portValues.includes(port)) found.ports[row.key] = { port: 'This port is already listed.' };
      else {
        portValues.push(port);
        sentRows.ports.push(row.key);
      }
    }
    if (portValues.length > 0) body.ports = portValues;

    if (allowedKeys.length > 0) body.allowedKeys = allowedKeys;

    const rules: IngressRuleSpec[] = [];
    for (const row of ingress) {
      const rule = { name: row.name.trim(), port: row.port.trim(), pathPrefix: row.pathPrefix.trim() };
      if (!rule.name && !rule.port && !rule.pathPrefix) continue;
      const rowProblems: Record<string, string> = {};
      const nameProblem = ingressNameProblem(rule.name) ?? (rules.some((r) => r.name === rule.name) ? 'This name is already used above.' : null);
      if (nameProblem) rowProblems.name = nameProblem;
      const port = parsePort(rule.port);
      if (port === null) rowProblems.port = PORT_PROBLEM;
      const prefixProblem = pathPrefixProblem(rule.pathPrefix);
      if (prefixProblem) rowProblems.pathprefix = prefixProblem;
      if (Object.keys(rowProblems).length > 0 || port === null) found.ingress[row.key] = rowProblems;
      else {
        rules.push({ name: rule.name, port, pathPrefix: rule.pathPrefix || null });
        sentRows.ingress.push(row.key);
      }
    }
    if (rules.length > 0) body.ingress = rules;
    // The server's default is a volume: only its absence is asked for.
    if (!volume) body.volume = false;

    sent.current = sentRows;
    return { body: hasProblems(found) ? null : body, found };
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    const { body, found } = validate();
    setProblems(found);
    if (!body) {
      create.reset();
      // Move to the first field that needs attention.
      requestAnimationFrame(() => document.getElementById(formId)?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus());
      return;
    }
    create.mutate(body);
  }

  const serverErrors = specErrors(create.error);
  const serverError = create.isError && isApiError(create.error) ? create.error : null;
  const volumeError = serverErrors.scalar('volume');

  /** The server's message about one row's field (or the row itself), found by the index or name it was sent under. */
  function rowServerError(list: SpecList, rowKey: number, sub: string): string | undefined {
    return serverErrors
      .items(list)
      .find((e) => {
        const key = list === 'env' ? sent.current.env[e.item] : sent.current[list as 'command' | 'ports' | 'ingress'][Number(e.item)];
        return key === rowKey && e.sub === sub;
      })?.message;
  }

  /** Item errors that match no row on screen are shown for the list as a whole. */
  function listServerErrors(list: SpecList, rowKeys: number[], subs: string[]): string[] {
    const unplaced = serverErrors
      .items(list)
      .filter((e) => {
        const key = list === 'env' ? sent.current.env[e.item] : sent.current[list as 'command' | 'ports' | 'ingress'][Number(e.item)];
        return key === undefined || !rowKeys.includes(key) || !subs.includes(e.sub);
      })
      .map((e) => `${list === 'env' ? e.item : `#${Number(e.item) + 1}`}: ${e.message}`);
    return [...serverErrors.list(list), ...unplaced];
  }

  const quotaHint =
    serverError?.code === 'quota_exceeded' || serverError?.status === 413
      ? 'Your compute quota is used up: delete or shrink containers you no longer need, or ask an administrator for more.'
      : undefined;

  return (
    <div className="page stack-lg">
      <p>
        <Link to={CONTAINERS_PATH}>Back to your containers</Link>
      </p>
      <h1 tabIndex={-1}>New container</h1>
      <form id={formId} className="card stack form-wide" onSubmit={submit} noValidate aria-labelledby="new-container-title">
        <h2 id="new-container-title" className="visually-hidden">
          Container settings
        </h2>
        {create.isError && <ErrorAlert error={create.error} hint={quotaHint} />}
        {serverErrors.other.length > 0 && (
          <ul className="field-error">
            {serverErrors.other.map((message) => (
              <li key={message}>{message}</li>
            ))}
          </ul>
        )}
        <Field
          label="Name"
          autoComplete="off"
          spellCheck={false}
          autoCapitalize="off"
          value={name}
          maxLength={63}
          onChange={(e) => setName(e.target.value)}
          hint={`${DNS_LABEL_HINT} Unique among your containers.`}
          error={problems.name ?? serverErrors.scalar('name')}
        />
        <Field
          label="Image"
          autoComplete="off"
          spellCheck={false}
          placeholder="base image"
          value={image}
          onChange={(e) => setImage(e.target.value)}
          hint="An image present on the nodes. Leave empty for the base image, which has an SSH server."
          error={serverErrors.scalar('image')}
        />
        <div className="field-grid">
          <Field
            label="CPUs"
            inputMode="decimal"
            autoComplete="off"
            placeholder="default"
            value={cpus}
            onChange={(e) => setCpus(e.target.value)}
            hint="Cores, such as 0.5 or 2."
            error={problems.cpus ?? serverErrors.scalar('cpus')}
          />
          <Field
            label="Memory"
            autoComplete="off"
            spellCheck={false}
            placeholder="default"
            value={memory}
            onChange={(e) => setMemory(e.target.value)}
            hint="Such as 512M or 1G; at least 6M."
            error={problems.memory ?? serverErrors.scalar('memorybytes')}
          />
          <Field
            label="Process limit"
            inputMode="numeric"
            autoComplete="off"
            placeholder="default"
            value={pids}
            onChange={(e) => setPids(e.target.value)}
            hint={`The most processes and threads at once; at least ${MIN_PIDS}.`}
            error={problems.pids ?? serverErrors.scalar('pidslimit')}
          />
        </div>
        <RestartPolicySelect value={restartPolicy} onChange={setRestartPolicy} error={serverErrors.scalar('restartpolicy')} />
        <div className="field">
          <div className="checkbox">
            <input
              id={volumeId}
              type="checkbox"
              checked={volume}
              onChange={(e) => setVolume(e.target.checked)}
              aria-invalid={volumeError ? true : undefined}
              aria-describedby={volumeError ? `${volumeId}-hint ${volumeId}-error` : `${volumeId}-hint`}
            />
            <label htmlFor={volumeId}>
              Persistent volume at <code>/data</code>
            </label>
          </div>
          <p id={`${volumeId}-hint`} className="field-hint">
            Unchecked: no <code>/data</code> volume; the container can move to another node if its node leaves.
          </p>
          {volumeError && (
            <p id={`${volumeId}-error`} className="field-error">
              {volumeError}
            </p>
          )}
        </div>

        <RepeatableRows
          legend="Environment variables"
          hint="Names are letters, digits and “_”, not starting with a digit. Values are passed as they are."
          rows={env}
          onChange={setEnv}
          blank={() => ({ key: newRowKey(), name: '', value: '' })}
          addLabel="Add variable"
          removeLabel={(i) => `Remove variable ${i + 1}`}
          errors={listServerErrors('env', env.map((r) => r.key), ['', 'name', 'value'])}
          renderRow={(row, i, update) => (
            <>
              <Field
                label={`Variable ${i + 1}`}
                autoComplete="off"
                spellCheck={false}
                autoCapitalize="off"
                className="mono"
                value={row.name}
                onChange={(e) => update({ name: e.target.value })}
                error={problems.env[row.key]?.name ?? rowServerError('env', row.key, '') ?? rowServerError('env', row.key, 'name')}
              />
              <Field
                label={`Value of variable ${i + 1}`}
                autoComplete="off"
                spellCheck={false}
                className="mono"
                value={row.value}
                onChange={(e) => update({ value: e.target.value })}
                error={rowServerError('env', row.key, 'value')}
              />
            </>
          )}
        />

        <RepeatableRows
          legend="Command"
          hint={
            <>
              One box per argument; the first is the program. It runs <strong>without a shell</strong>: quotes, <code>$VARIABLES</code>,{' '}
              <code>;</code>, <code>|</code> and <code>*</code> reach the program as they are typed. For shell features, use{' '}
              <code>sh</code>, <code>-c</code> and the script as three arguments. Empty boxes are left out; with none, the image’s own
              command runs.
            </>
          }
          rows={command}
          onChange={setCommand}
          blank={() => ({ key: newRowKey(), value: '' })}
          addLabel="Add argument"
          removeLabel={(i) => `Remove argument ${i + 1}`}
          errors={[...(problems.command ? [problems.command] : []), ...listServerErrors('command', command.map((r) => r.key), [''])]}
          renderRow={(row, i, update) => (
            <Field
              label={i === 0 ? 'Argument 1 (program)' : `Argument ${i + 1}`}
              autoComplete="off"
              spellCheck={false}
              autoCapitalize="off"
              className="mono"
              value={row.value}
              onChange={(e) => update({ value: e.target.value })}
              error={rowServerError('command', row.key, '')}
            />
          )}
        />

        <RepeatableRows
          legend="Ports"
          hint="TCP ports the container listens on. Each is published on its node’s 127.0.0.1; to reach one from the internet, add an ingress rule."
          rows={ports}
          onChange={setPorts}
          blank={() => ({ key: newRowKey(), value: '' })}
          addLabel="Add port"
          removeLabel={(i) => `Remove port ${i + 1}`}
          errors={listServerErrors('ports', ports.map((r) => r.key), [''])}
          renderRow={(row, i, update) => (
            <Field
              label={`Port ${i + 1}`}
              inputMode="numeric"
              autoComplete="off"
              value={row.value}
              onChange={(e) => update({ value: e.target.value })}
              error={problems.ports[row.key]?.port ?? rowServerError('ports', row.key, '')}
            />
          )}
        />

        {keys.isPending && <Loading label="Loading your SSH keys…" />}
        {keys.isError && <ErrorAlert error={keys.error} onRetry={() => void keys.refetch()} />}
        {keys.data && (
          <KeyCheckboxes
            legend="SSH keys that may log in"
            keys={keys.data.items}
            selected={allowedKeys}
            onChange={setAllowedKeys}
            error={[...serverErrors.list('allowedkeys'), ...serverErrors.items('allowedkeys').map((e) => e.message)][0]}
          />
        )}

        <RepeatableRows
          legend="Ingress rules"
          hint="Each rule gives the container an https address, https://<subdomain>.<apps domain><path prefix>, forwarded to one of its ports. Subdomains are unique across EddCloud."
          rows={ingress}
          onChange={setIngress}
          blank={() => ({ key: newRowKey(), name: '', port: '', pathPrefix: '' })}
          addLabel="Add ingress rule"
          removeLabel={(i) => `Remove ingress rule ${i + 1}`}
          errors={listServerErrors('ingress', ingress.map((r) => r.key), ['', 'name', 'port', 'pathprefix'])}
          renderRow={(row, i, update) => (
            <>
              <Field
                label={`Rule ${i + 1} subdomain`}
                autoComplete="off"
                spellCheck={false}
                autoCapitalize="off"
                value={row.name}
                maxLength={63}
                onChange={(e) => update({ name: e.target.value })}
                error={problems.ingress[row.key]?.name ?? rowServerError('ingress', row.key, 'name') ?? rowServerError('ingress', row.key, '')}
              />
              <Field
                label={`Rule ${i + 1} port`}
                inputMode="numeric"
                autoComplete="off"
                value={row.port}
                onChange={(e) => update({ port: e.target.value })}
                error={problems.ingress[row.key]?.port ?? rowServerError('ingress', row.key, 'port')}
              />
              <Field
                label={`Rule ${i + 1} path prefix`}
                autoComplete="off"
                spellCheck={false}
                placeholder="/ (optional)"
                value={row.pathPrefix}
                onChange={(e) => update({ pathPrefix: e.target.value })}
                error={problems.ingress[row.key]?.pathprefix ?? rowServerError('ingress', row.key, 'pathprefix')}
              />
            </>
          )}
        />

        <div className="actions">
          <Link to={CONTAINERS_PATH} className="button">
            Cancel
          </Link>
          <button type="submit" className="button button-primary" disabled={create.isPending}>
            {create.isPending ? 'Creating…' : 'Create'}
          </button>
        </div>
      </form>
    </div>
  );
}
