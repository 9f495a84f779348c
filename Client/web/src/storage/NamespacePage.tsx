import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback, useState, type FormEvent } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { namespacesApi } from '../api/storage';
import { Field } from '../ui/Field';
import { usePageTitle } from '../ui/usePageTitle';
import { Breadcrumbs } from './Breadcrumbs';
import { FileList } from './FileList';
import { displayPath, folderHref, joinPath, normalizeFolder } from './paths';
import { storageKeys } from './queryKeys';
import { segmentProblem, visibilityDescription, visibilityLabel } from './rules';
import { SharesPanel } from './SharesPanel';
import { Uploader } from './Uploader';
import { QueryFallback } from '../ui/Paging';

/** /files/:namespaceId/* — one folder of one of the caller's namespaces: upload, list, preview, share, delete. */
export function NamespacePage() {
  const params = useParams();
  const namespaceId = params.namespaceId ?? '';
  const folder = normalizeFolder(params['*']);
  const basePath = `/files/${encodeURIComponent(namespaceId)}`;
  const queryClient = useQueryClient();
  const namespace = useQuery({ queryKey: storageKeys.namespace(namespaceId), queryFn: ({ signal }) => namespacesApi.get(namespaceId, signal) });
  usePageTitle(namespace.data ? `${namespace.data.name}${folder ? ` ${displayPath(folder)}` : ''}` : 'Files');

  const onUploaded = useCallback(() => {
    void queryClient.invalidateQueries({ queryKey: storageKeys.allFiles(namespaceId) });
    void queryClient.invalidateQueries({ queryKey: storageKeys.namespace(namespaceId), exact: true });
    void queryClient.invalidateQueries({ queryKey: storageKeys.namespaces });
    void queryClient.invalidateQueries({ queryKey: storageKeys.usage });
  }, [queryClient, namespaceId]);

  if (!namespace.data) {
    return (
      <div className="page stack">
        <h1 tabIndex={-1}>Files</h1>
        {<QueryFallback query={namespace} loading="Loading the namespace…" />}
        <p>
          <Link to="/files">Back to your namespaces</Link>
        </p>
      </div>
    );
  }

  const ns = namespace.data;
  return (
    <div className="page stack-lg">
      <Breadcrumbs top={{ name: 'Files', href: '/files' }} namespaceName={ns.name} basePath={basePath} folder={folder} />
      <div className="stack">
        <div className="title-row">
          <h1 tabIndex={-1}>{ns.name}</h1>
          <span className="badge" data-testid="namespace-visibility">
            {visibilityLabel(ns.visibility)}
          </span>
        </div>
        <p className="muted">
          {visibilityDescription(ns.visibility)}{' '}
          {ns.visibility === 'public' && <Link to={`/public/${encodeURIComponent(ns.id)}`}>See its public page.</Link>}
        </p>
      </div>
      <Uploader namespaceId={ns.id} folder={folder} onUploaded={onUploaded} />
      <section className="card stack" aria-labelledby="listing-title">
        <div className="section-head">
          <h2 id="listing-title">{folder ? displayPath(folder) : 'All files'}</h2>
          <NewFolderForm basePath={basePath} folder={folder} />
        </div>
        <FileList namespace={ns} folder={folder} basePath={basePath} />
      </section>
      <SharesPanel namespaceId={ns.id} />
    </div>
  );
}

/** Folders exist through their files: this only opens an empty one, where uploads then go. */
function NewFolderForm({ basePath, folder }: { basePath: string; folder: string }) {
  const navigate = useNavigate();
  const [name, setName] = useState('');
  const [problem, setProblem] = useState<string | null>(null);

  function submit(event: FormEvent) {
    event.preventDefault();
    const trimmed = name.trim().normalize('NFC');
    const found = segmentProblem(trimmed);
    setProblem(found);
    if (found) return;
    setName('');
    navigate(folderHref(basePath, joinPath(folder, trimmed)));
  }

  return (
    <form className="new-folder" onSubmit={submit} noValidate>
      <Field
        label="New folder"
        autoComplete="off"
        value={name}
        onChange={(e) => setName(e.target.value)}
        error={problem ?? undefined}
        addon={
          <button type="submit" className="button">
            Open folder
          </button>
        }
      />
    </form>
  );
}
