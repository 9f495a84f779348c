import { useQuery } from '@tanstack/react-query';
import type { TextPreview } from '../api/storage';
import { TEXT_PREVIEW_BYTES } from '../api/storage';
import { formatBytes } from '../dfs/format';
import { Dialog } from '../ui/Dialog';
import { ErrorAlert } from '../ui/ErrorAlert';
import { Loading } from '../ui/Loading';
import type { PreviewKind } from './paths';

interface PreviewDialogProps {
  name: string;
  kind: Exclude<PreviewKind, null>;
  /** The bytes inline (for <img>). */
  url: string;
  downloadUrl: string;
  /** Reads the start of a text file (a Range request). */
  loadText: (signal: AbortSignal) => Promise<TextPreview>;
  onClose: () => void;
}

/** Images in <img>, text (its first 64 KiB) in <pre>. */
export function PreviewDialog({ name, kind, url, downloadUrl, loadText, onClose }: PreviewDialogProps) {
  return (
    <Dialog title={`Preview of ${name}`} onClose={onClose}>
      <div className="stack">
        {kind === 'image' ? <img className="preview-image" src={url} alt={name} /> : <TextPreviewBody name={name} url={url} loadText={loadText} />}
        <div className="actions">
          <a className="button" href={downloadUrl} download={name}>
            Download
          </a>
          <button type="button" className="button" onClick={onClose}>
            Close
          </button>
        </div>
      </div>
    </Dialog>
  );
}

function TextPreviewBody({ name, url, loadText }: { name: string; url: string; loadText: PreviewDialogProps['loadText'] }) {
  const text = useQuery({ queryKey: ['preview', url], queryFn: ({ signal }) => loadText(signal), staleTime: 0, gcTime: 0 });
  if (text.isPending) return <Loading label={`Loading ${name}…`} />;
  if (text.isError) return <ErrorAlert error={text.error} onRetry={() => void text.refetch()} />;
  return (
    <>
      {text.data.truncated && <p className="muted">Showing the first {formatBytes(TEXT_PREVIEW_BYTES)}; download the file to see all of it.</p>}
      <pre className="preview-text" tabIndex={0} aria-label={`Contents of ${name}`}>
        {text.data.text}
      </pre>
    </>
  );
}
