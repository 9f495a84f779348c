import { useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { fileUrl, sharesApi, shareTokenFromUrl } from '../api/storage';
import type { Namespace } from '../api/types';
import { CopyField } from '../ui/CopyField';
import { Dialog } from '../ui/Dialog';
import { ErrorAlert } from '../ui/ErrorAlert';
import { Field } from '../ui/Field';
import { absoluteUrl, baseName } from './paths';
import { storageKeys } from './queryKeys';

interface LinkDialogProps {
  namespace: Namespace;
  path: string;
  onClose: () => void;
}

/**
 * "Copy link": visible and public namespaces have a direct address for every file; a private one needs a
 * share link, created here (optionally expiring) and shown once.
 */
export function LinkDialog({ namespace, path, onClose }: LinkDialogProps) {
  const name = baseName(path);
  const direct = namespace.visibility !== 'private';
  const [url, setUrl] = useState<string | null>(direct ? absoluteUrl(fileUrl(namespace.id, path)) : null);
  return (
    <Dialog title={`Link to ${name}`} onClose={onClose}>
      <div className="stack">
        {direct ? (
          <p className="muted">
            This namespace is {namespace.visibility}: anyone with this address can download the file.
          </p>
        ) : (
          url === null && <CreateShareForm namespaceId={namespace.id} path={path} onCreated={setUrl} />
        )}
        {url !== null && <CopyBox url={url} shareToken={direct ? null : shareTokenFromUrl(url)} />}
        <div className="actions">
          <button type="button" className="button" onClick={onClose}>
            Done
          </button>
        </div>
      </div>
    </Dialog>
  );
}

function CreateShareForm({ namespaceId, path, onCreated }: { namespaceId: string; path: string; onCreated: (url: string) => void }) {
  const queryClient = useQueryClient();
  const [hours, setHours] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    const trimmed = hours.trim();
    const expiresInHours = trimmed === '' ? null : Number(trimmed);
    const found =
      expiresInHours !== null && (!Number.isInteger(expiresInHours) || expiresInHours < 1)
        ? 'Expiry must be a whole number of hours, 1 or more, or empty for a link that does not expire.'
        : null;
    setProblem(found);
    if (found || busy) return;
    setBusy(true);
    setError(null);
    try {
      const share = await sharesApi.create(namespaceId, { path, expiresInHours });
      void queryClient.invalidateQueries({ queryKey: storageKeys.shares(namespaceId) });
      if (!share.url) throw new Error('The server created the link but did not return it.');
      onCreated(absoluteUrl(share.url));
    } catch (e) {
      setError(e);
      setBusy(false);
    }
  }

  return (
    <form className="stack" onSubmit={submit} noValidate>
      <p className="muted">
        This namespace is private. A share link lets anyone holding it download this one file, until it expires or you revoke it.
      </p>
      {error !== null && <ErrorAlert error={error} />}
      <Field
        label="Link expires in (hours)"
        type="number"
        inputMode="numeric"
        min={1}
        step={1}
        value={hours}
        onChange={(e) => setHours(e.target.value)}
        hint="Leave empty for a link that does not expire."
        error={problem ?? undefined}
      />
      <div>
        <button type="submit" className="button button-primary" disabled={busy}>
          {busy ? 'Creating…' : 'Create link'}
        </button>
      </div>
    </form>
  );
}

function CopyBox({ url, shareToken }: { url: string; shareToken: string | null }) {
  return (
    <div className="stack">
      <CopyField label="Link" value={url} what="the link" autoCopy />
      {shareToken !== null && (
        <p className="alert alert-warning">
          This link is shown only once. Anyone holding it can download the file until you revoke it under “Share links”.{' '}
          <Link to={`/s/${encodeURIComponent(shareToken)}`}>Open its page</Link>
        </p>
      )}
    </div>
  );
}
