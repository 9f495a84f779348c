import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { ingressApi } from '../api/compute';
import { isApiError } from '../api/http';
import type { Container, IngressRule, IngressRuleSpec } from '../api/types';
import { ConfirmDialog } from '../ui/ConfirmDialog';
import { EmptyState } from '../ui/EmptyState';
import { ErrorAlert } from '../ui/ErrorAlert';
import { Field } from '../ui/Field';
import { computeKeys } from './queryKeys';
import { ingressNameProblem, parsePort, pathPrefixProblem, PORT_PROBLEM } from './rules';

/** The container's ingress rules (https addresses forwarded to its ports): list, add, remove. */
export function IngressSection({ container }: { container: Container }) {
  const queryClient = useQueryClient();
  const [removing, setRemoving] = useState<IngressRule | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

  function setRules(update: (rules: IngressRule[]) => IngressRule[]) {
    queryClient.setQueryData<Container>(computeKeys.container(container.id), (data) => (data ? { ...data, ingress: update(data.ingress) } : data));
    void queryClient.invalidateQueries({ queryKey: computeKeys.container(container.id) });
  }

  async function remove(rule: IngressRule) {
    await ingressApi.remove(container.id, rule.name);
    setRules((rules) => rules.filter((r) => r.name !== rule.name));
    setNotice(`The rule ${rule.name} was removed; ${rule.url} no longer reaches ${container.name}.`);
  }

  return (
    <section className="card stack" aria-labelledby="ingress-title">
      <h2 id="ingress-title">Ingress</h2>
      <p className="muted">Each rule gives the container an https address forwarded to one of its ports.</p>
      <p role="status" className={notice ? 'alert alert-success' : 'visually-hidden'}>
        {notice}
      </p>
      {container.ingress.length === 0 ? (
        <EmptyState title="No ingress rules.">Add one below to reach a port of this container over https.</EmptyState>
      ) : (
        <div className="table-wrap">
          <table>
            <caption className="visually-hidden">Ingress rules</caption>
            <thead>
              <tr>
                <th scope="col">Subdomain</th>
                <th scope="col">Port</th>
                <th scope="col">Path prefix</th>
                <th scope="col">Address</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {container.ingress.map((rule) => (
                <tr key={rule.name}>
                  <th scope="row">{rule.name}</th>
                  <td>{rule.port}</td>
                  <td>{rule.pathPrefix ? <code className="mono">{rule.pathPrefix}</code> : '—'}</td>
                  <td>
                    <a href={rule.url} target="_blank" rel="noopener noreferrer" className="mono">
                      {rule.url}
                    </a>
                  </td>
                  <td className="cell-actions">
                    <button
                      type="button"
                      className="button button-danger-ghost"
                      aria-label={`Remove ingress rule ${rule.name}`}
                      onClick={() => setRemoving(rule)}
                    >
                      Remove
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <AddIngressForm
        container={container}
        onAdded={(rule) => {
          setRules((rules) => [...rules.filter((r) => r.name !== rule.name), rule]);
          setNotice(`Added ${rule.url}.`);
        }}
      />
      {removing && (
        <ConfirmDialog
          title={`Remove ingress rule ${removing.name}?`}
          confirmLabel="Remove rule"
          onConfirm={() => remove(removing)}
          onClose={() => setRemoving(null)}
        >
          <p>
            <a href={removing.url}>{removing.url}</a> stops reaching {container.name} at once, and the subdomain becomes free for anyone to
            take.
          </p>
        </ConfirmDialog>
      )}
    </section>
  );
}

function AddIngressForm({ container, onAdded }: { container: Container; onAdded: (rule: IngressRule) => void }) {
  const [name, setName] = useState('');
  const [port, setPort] = useState(() => (container.ports.length === 1 ? String(container.ports[0]) : ''));
  const [pathPrefix, setPathPrefix] = useState('');
  const [problems, setProblems] = useState<{ name?: string; port?: string; pathPrefix?: string }>({});
  const add = useMutation({
    mutationFn: (body: IngressRuleSpec) => ingressApi.add(container.id, body),
    onSuccess: (rule) => {
      setName('');
      setPathPrefix('');
      onAdded(rule);
    },
  });

  function submit(event: FormEvent) {
    event.preventDefault();
    const trimmed = { name: name.trim(), pathPrefix: pathPrefix.trim() };
    const parsedPort = parsePort(port);
    const found = {
      name: ingressNameProblem(trimmed.name) ?? undefined,
      port: parsedPort === null ? PORT_PROBLEM : undefined,
      pathPrefix: pathPrefixProblem(trimmed.pathPrefix) ?? undefined,
    };
    setProblems(found);
    if (found.name || found.port || found.pathPrefix || parsedPort === null) {
      add.reset();
      return;
    }
    add.mutate({ name: trimmed.name, port: parsedPort, pathPrefix: trimmed.pathPrefix || null });
  }

  const serverError = add.isError && isApiError(add.error) ? add.error : null;
  const nameError = problems.name ?? serverError?.fieldError('name') ?? (serverError?.status === 409 ? 'This subdomain is taken; choose another.' : undefined);
  return (
    <form className="stack form-narrow" onSubmit={submit} noValidate aria-labelledby="add-ingress-title">
      <h3 id="add-ingress-title">Add a rule</h3>
      {add.isError && <ErrorAlert error={add.error} />}
      <Field
        label="Subdomain"
        autoComplete="off"
        spellCheck={false}
        autoCapitalize="off"
        maxLength={63}
        value={name}
        onChange={(e) => setName(e.target.value)}
        hint="The rule’s name: a DNS label, unique across EddCloud. The address is https://<subdomain>.<apps domain>."
        error={nameError}
      />
      <Field
        label="Port"
        inputMode="numeric"
        autoComplete="off"
        value={port}
        onChange={(e) => setPort(e.target.value)}
        hint="The container port to forward to."
        error={problems.port ?? serverError?.fieldError('port')}
      />
      <Field
        label="Path prefix"
        autoComplete="off"
        spellCheck={false}
        placeholder="/ (optional)"
        value={pathPrefix}
        onChange={(e) => setPathPrefix(e.target.value)}
        hint="Optional: only addresses under this path, such as /app."
        error={problems.pathPrefix ?? serverError?.fieldError('pathPrefix')}
      />
      <div>
        <button type="submit" className="button button-primary" disabled={add.isPending}>
          {add.isPending ? 'Adding…' : 'Add rule'}
        </button>
      </div>
    </form>
  );
}
