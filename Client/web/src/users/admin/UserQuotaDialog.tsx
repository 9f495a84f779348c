import { useMutation, useQuery, useQueryClient, type QueryKey } from '@tanstack/react-query';
import { useState, type FormEvent, type HTMLAttributes, type ReactNode } from 'react';
import { isApiError } from '../../api/http';
import type { User } from '../../api/types';
import { parseWholeNumber } from '../../compute/rules';
import { Dialog } from '../../ui/Dialog';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { Field } from '../../ui/Field';
import { Loading } from '../../ui/Loading';

const MAX_INT32 = 2_147_483_647;

/** A count the server keeps as a 32-bit int (0 or more), or null when the text is not one. */
export function parseQuotaCount(text: string): number | null {
  const count = parseWholeNumber(text);
  return count === null || count > MAX_INT32 ? null : count;
}

/** One limit of a quota: its input, and how the text in it becomes the number sent as `name`. */
export interface QuotaField<U, K extends string> {
  /** The request's property, and the field the server's errors name. */
  name: K;
  label: string;
  /** The limit in `usage`, as the text to edit. */
  show: (usage: U) => string;
  /** The number to send, or null when the text is not valid. */
  parse: (text: string) => number | null;
  /** What is wrong when `parse` gives null. */
  problem: string;
  inputMode?: HTMLAttributes<HTMLInputElement>['inputMode'];
  spellCheck?: boolean;
  hint?: string;
}

/** How a user's quota is read and written; `null` in every limit asks for the defaults. */
export interface QuotaConfig<U, K extends string> {
  /** "quota" or "compute quota": in the form's name and in what it says after saving. */
  noun: string;
  fields: readonly QuotaField<U, K>[];
  ofUser: (userId: string, signal?: AbortSignal) => Promise<U>;
  setQuota: (userId: string, body: Record<K, number | null>) => Promise<U>;
  /** The query of the signed-in user's own usage, refreshed after a save (the admin may have changed their own). */
  ownUsageKey: QueryKey;
}

interface UserQuotaDialogProps<U, K extends string> {
  user: User;
  onClose: () => void;
  title: string;
  /** What shows while the usage loads. */
  loading: string;
  usageKey: QueryKey;
  quota: QuotaConfig<U, K>;
  /** The usage against the quota. */
  details: (usage: U) => ReactNode;
  /** Below the usage and the form, such as the user's items. */
  children: ReactNode;
}

/** Admin › Users: a dialog with a user's usage, the form for their quota, and what else `children` adds. */
export function UserQuotaDialog<U, K extends string>({ user, onClose, title, loading, usageKey, quota, details, children }: UserQuotaDialogProps<U, K>) {
  const usage = useQuery({ queryKey: usageKey, queryFn: ({ signal }) => quota.ofUser(user.id, signal) });

  return (
    <Dialog title={title} onClose={onClose}>
      <div className="stack">
        {usage.isPending && <Loading label={loading} />}
        {usage.isError && <ErrorAlert error={usage.error} onRetry={() => void usage.refetch()} />}
        {usage.data && (
          <>
            {details(usage.data)}
            <QuotaForm user={user} usage={usage.data} usageKey={usageKey} quota={quota} />
          </>
        )}
        {children}
      </div>
    </Dialog>
  );
}

type Texts<K extends string> = Record<K, string>;

function showAll<U, K extends string>(fields: readonly QuotaField<U, K>[], usage: U): Texts<K> {
  return Object.fromEntries(fields.map((field) => [field.name, field.show(usage)])) as Texts<K>;
}

interface QuotaFormProps<U, K extends string> {
  user: User;
  usage: U;
  usageKey: QueryKey;
  quota: QuotaConfig<U, K>;
}

function QuotaForm<U, K extends string>({ user, usage, usageKey, quota }: QuotaFormProps<U, K>) {
  const { noun, fields } = quota;
  const queryClient = useQueryClient();
  const [texts, setTexts] = useState(() => showAll(fields, usage));
  const [problems, setProblems] = useState<Partial<Texts<K>>>({});
  const [notice, setNotice] = useState<string | null>(null);
  const save = useMutation({
    mutationFn: (body: Record<K, number | null>) => quota.setQuota(user.id, body),
    onSuccess: (updated, body) => {
      queryClient.setQueryData(usageKey, updated);
      void queryClient.invalidateQueries({ queryKey: quota.ownUsageKey });
      setTexts(showAll(fields, updated));
      const defaults = fields.every((field) => body[field.name] === null);
      setNotice(defaults ? `${user.username} now has the default ${noun}.` : `${user.username}'s ${noun} was saved.`);
    },
  });

  function submit(event: FormEvent) {
    event.preventDefault();
    const body = {} as Record<K, number | null>;
    const found: Partial<Texts<K>> = {};
    for (const field of fields) {
      body[field.name] = field.parse(texts[field.name]);
      if (body[field.name] === null) found[field.name] = field.problem;
    }
    setProblems(found);
    setNotice(null);
    if (Object.keys(found).length === 0) save.mutate(body);
  }

  function applyDefaults() {
    setProblems({});
    setNotice(null);
    save.mutate(Object.fromEntries(fields.map((field) => [field.name, null])) as Record<K, null>);
  }

  const serverError = save.isError && isApiError(save.error) ? save.error : null;

  return (
    <form className="stack" onSubmit={submit} noValidate aria-label={`${noun[0]!.toUpperCase()}${noun.slice(1)} of ${user.username}`}>
      <p role="status" className={notice ? 'alert alert-success' : 'visually-hidden'}>
        {notice}
      </p>
      {save.isError && <ErrorAlert error={save.error} />}
      {fields.map((field) => (
        <Field
          key={field.name}
          label={field.label}
          value={texts[field.name]}
          onChange={(e) => {
            const text = e.target.value;
            setTexts((current) => ({ ...current, [field.name]: text }));
          }}
          inputMode={field.inputMode}
          autoComplete="off"
          spellCheck={field.spellCheck}
          hint={field.hint}
          error={problems[field.name] ?? serverError?.fieldError(field.name)}
        />
      ))}
      <div className="actions">
        <button type="button" className="button" onClick={applyDefaults} disabled={save.isPending}>
          Use defaults
        </button>
        <button type="submit" className="button button-primary" disabled={save.isPending}>
          {save.isPending ? 'Saving…' : 'Save quota'}
        </button>
      </div>
    </form>
  );
}
