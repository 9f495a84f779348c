import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useId, useState, type FormEvent } from 'react';
import { isApiError } from '../../api/http';
import { sshKeysApi } from '../../api/sshKeys';
import type { Items, SshKey } from '../../api/types';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { Field } from '../../ui/Field';
import { userKeys } from '../queryKeys';

export const SSH_KEY_PLACEHOLDER = 'ssh-ed25519 AAAA... you@laptop';

/** What is wrong with pasted text before it is sent, if anything; a private key never leaves the browser. */
export function publicKeyProblem(text: string): string | null {
  if (!text.trim()) return 'Paste a public key, such as the contents of ~/.ssh/id_ed25519.pub.';
  if (text.includes('-----BEGIN') || text.toUpperCase().includes('PRIVATE KEY'))
    return 'This looks like a private key: it was not sent. Never share it; paste the .pub file instead.';
  return null;
}

export function AddSshKeyForm({ onAdded }: { onAdded: (key: SshKey) => void }) {
  const queryClient = useQueryClient();
  const keyId = useId();
  const [publicKey, setPublicKey] = useState('');
  const [name, setName] = useState('');
  const [problem, setProblem] = useState<string | null>(null);

  const add = useMutation({
    mutationFn: sshKeysApi.add,
    onSuccess: (key) => {
      setPublicKey('');
      setName('');
      queryClient.setQueryData<Items<SshKey>>(userKeys.mySshKeys, (data) => (data ? { ...data, items: [...data.items, key] } : data));
      void queryClient.invalidateQueries({ queryKey: userKeys.mySshKeys });
      onAdded(key);
    },
  });

  function submit(event: FormEvent) {
    event.preventDefault();
    const found = publicKeyProblem(publicKey);
    setProblem(found);
    if (found) {
      add.reset();
      return;
    }
    const trimmedName = name.trim();
    add.mutate({ name: trimmedName || null, publicKey: publicKey.trim() });
  }

  const serverError = add.isError && isApiError(add.error) ? add.error : null;
  const nameError = serverError?.fieldError('name');
  // A 400 is about the key unless the server says it is about the name; a 409 means the key is already there.
  const keyError =
    problem ??
    serverError?.fieldError('publicKey') ??
    (serverError?.status === 400 && !nameError ? serverError.detail ?? serverError.message : undefined) ??
    (serverError?.status === 409 ? 'This key is already added.' : undefined);
  const shownUnderFields = serverError !== null && (keyError !== undefined || nameError !== undefined);
  const errorId = `${keyId}-error`;
  const hintId = `${keyId}-hint`;

  return (
    <form className="stack form-narrow" onSubmit={submit} aria-labelledby="add-ssh-key-title" noValidate>
      <h3 id="add-ssh-key-title">Add a key</h3>
      {add.isError && !shownUnderFields && <ErrorAlert error={add.error} />}
      <div className="field">
        <label htmlFor={keyId}>Public key</label>
        <textarea
          id={keyId}
          className="ssh-key-input"
          placeholder={SSH_KEY_PLACEHOLDER}
          value={publicKey}
          onChange={(e) => setPublicKey(e.target.value)}
          spellCheck={false}
          autoComplete="off"
          autoCapitalize="off"
          rows={4}
          aria-invalid={keyError ? true : undefined}
          aria-describedby={[hintId, keyError ? errorId : null].filter(Boolean).join(' ')}
        />
        <p id={hintId} className="field-hint">
          The one line in your <code>.pub</code> file. Never paste the private key (the file without <code>.pub</code>).
        </p>
        {keyError && (
          <p id={errorId} className="field-error">
            {keyError}
          </p>
        )}
      </div>
      <Field
        label="Name"
        value={name}
        onChange={(e) => setName(e.target.value)}
        maxLength={64}
        autoComplete="off"
        hint="Optional. Without one, the key's comment (such as you@laptop) is used."
        error={nameError}
      />
      <div>
        <button type="submit" className="button button-primary" disabled={add.isPending}>
          {add.isPending ? 'Adding…' : 'Add key'}
        </button>
      </div>
    </form>
  );
}
