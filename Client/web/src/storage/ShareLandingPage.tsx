import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useParams } from 'react-router';
import { sharesApi, shareFileUrl } from '../api/storage';
import { formatBytes } from '../dfs/format';
import { DateTime } from '../ui/DateTime';
import { usePageTitle } from '../ui/usePageTitle';
import { baseName, previewKind } from './paths';
import { PreviewDialog } from './PreviewDialog';
import { storageKeys } from './queryKeys';
import { QueryFallback } from '../ui/Paging';

/** /s/:token — what a share link opens: the file's name, size and a Download button, for anyone holding the link. */
export function ShareLandingPage() {
  const token = useParams().token ?? '';
  const info = useQuery({ queryKey: storageKeys.share(token), queryFn: ({ signal }) => sharesApi.info(token, signal), retry: false });
  const [previewing, setPreviewing] = useState(false);
  const name = info.data ? baseName(info.data.path) : '';
  usePageTitle(info.data ? name : 'Shared file');

  if (!info.data) {
    return (
      <div className="page stack">
        <h1 tabIndex={-1}>Shared file</h1>
        {<QueryFallback query={info} loading="Loading the shared file…" />}
        {info.isError && <p className="muted">The link may have expired or been revoked. Ask whoever sent it for a new one.</p>}
      </div>
    );
  }

  const kind = previewKind(info.data.contentType, info.data.path);
  return (
    <div className="page stack-lg">
      <section className="card stack form-narrow" aria-labelledby="share-title">
        <p className="muted">Someone shared a file with you.</p>
        <h1 id="share-title" tabIndex={-1} className="mono share-name">
          {name}
        </h1>
        <dl className="details">
          <dt>Size</dt>
          <dd>{formatBytes(info.data.size)}</dd>
          <dt>Type</dt>
          <dd>{info.data.contentType}</dd>
          <dt>Modified</dt>
          <dd>
            <DateTime value={info.data.modifiedAt} />
          </dd>
          <dt>Link expires</dt>
          <dd>
            <DateTime value={info.data.expiresAt} fallback="Never" />
          </dd>
        </dl>
        <div className="actions share-actions">
          <a className="button button-primary" href={shareFileUrl(token, { download: true })} download={name}>
            Download
          </a>
          {kind && (
            <button type="button" className="button" onClick={() => setPreviewing(true)}>
              Preview
            </button>
          )}
        </div>
      </section>
      {previewing && kind && (
        <PreviewDialog
          name={name}
          kind={kind}
          url={shareFileUrl(token)}
          downloadUrl={shareFileUrl(token, { download: true })}
          loadText={(signal) => sharesApi.readText(token, undefined, signal)}
          onClose={() => setPreviewing(false)}
        />
      )}
    </div>
  );
}
