import { useQuery } from '@tanstack/react-query';
import { Link, useParams } from 'react-router';
import { namespacesApi } from '../api/storage';
import { usePageTitle } from '../ui/usePageTitle';
import { Breadcrumbs } from './Breadcrumbs';
import { FileList } from './FileList';
import { displayPath, normalizeFolder } from './paths';
import { publicNamespaceHref } from './PublicNamespacesPage';
import { storageKeys } from './queryKeys';
import { QueryFallback } from '../ui/Paging';

/** /public/:namespaceId/* — a public namespace, read-only: browse, preview, download, copy a file's address. */
export function PublicNamespacePage() {
  const params = useParams();
  const namespaceId = params.namespaceId ?? '';
  const folder = normalizeFolder(params['*']);
  const basePath = publicNamespaceHref(namespaceId);
  const namespace = useQuery({ queryKey: storageKeys.namespace(namespaceId), queryFn: ({ signal }) => namespacesApi.get(namespaceId, signal) });
  usePageTitle(namespace.data ? namespace.data.name : 'Public files');

  if (!namespace.data) {
    return (
      <div className="page stack">
        <h1 tabIndex={-1}>Public files</h1>
        {<QueryFallback query={namespace} loading="Loading the namespace…" />}
        <p>
          <Link to="/public">See all public namespaces</Link>
        </p>
      </div>
    );
  }

  const ns = namespace.data;
  return (
    <div className="page stack-lg">
      <Breadcrumbs top={{ name: 'Public files', href: '/public' }} namespaceName={ns.name} basePath={basePath} folder={folder} />
      <div className="stack">
        <h1 tabIndex={-1}>{ns.name}</h1>
        <p className="muted">Shared by {ns.owner}.</p>
      </div>
      <section className="card stack" aria-labelledby="listing-title">
        <h2 id="listing-title">{folder ? displayPath(folder) : 'All files'}</h2>
        <FileList namespace={ns} folder={folder} basePath={basePath} readOnly />
      </section>
    </div>
  );
}
