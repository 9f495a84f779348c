import { ApiError, csrfHeaders, notifyUnauthorized, parseProblem, request, send } from './http';
import type {
  CreateNamespaceRequest,
  CreateShareRequest,
  FileListing,
  Namespace,
  NamespacePage,
  Share,
  ShareInfo,
  ShareList,
  StorageQuotaRequest,
  StorageUsage,
  StoredFile,
  StoredFileList,
  UpdateNamespaceRequest,
} from './types';

const seg = encodeURIComponent;

/** A file path inside a namespace as URL path segments: each segment encoded, the '/' between them kept. */
export function encodeFilePath(path: string): string {
  return path
    .split('/')
    .filter((part) => part !== '')
    .map(seg)
    .join('/');
}

function withQuery(path: string, params: Record<string, string | number | null | undefined>): string {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && value !== null) query.set(key, String(value));
  }
  const qs = query.toString();
  return qs ? `${path}?${qs}` : path;
}

export interface PageParams {
  after?: string | null;
  limit?: number;
}

export interface ListNamespacesParams extends PageParams {
  /** A user id: an admin lists someone else's namespaces. */
  owner?: string;
}

export const namespacesApi = {
  list: ({ owner, after, limit }: ListNamespacesParams = {}, signal?: AbortSignal) =>
    request<NamespacePage>('GET', withQuery('/api/namespaces', { owner, after: after || undefined, limit }), { signal }),
  create: (body: CreateNamespaceRequest) => request<Namespace>('POST', '/api/namespaces', { body }),
  get: (id: string, signal?: AbortSignal) => request<Namespace>('GET', `/api/namespaces/${seg(id)}`, { signal }),
  update: (id: string, body: UpdateNamespaceRequest) => request<Namespace>('PATCH', `/api/namespaces/${seg(id)}`, { body }),
  remove: (id: string) => request<void>('DELETE', `/api/namespaces/${seg(id)}`),
  listPublic: ({ after, limit }: PageParams = {}, signal?: AbortSignal) =>
    request<NamespacePage>('GET', withQuery('/api/public/namespaces', { after: after || undefined, limit }), { signal }),
};

export interface ListFilesParams extends PageParams {
  /** Up to its last '/' names the folder; the rest filters names. */
  prefix?: string;
  /** '/' (the default) lists one folder; '' lists every file under `prefix`. */
  delimiter?: string;
}

/** Where a file's bytes are: the URL to link to, put in <img>, or copy for visible and public namespaces. */
export function fileUrl(namespaceId: string, path: string, { download = false }: { download?: boolean } = {}): string {
  const url = `/api/namespaces/${seg(namespaceId)}/files/${encodeFilePath(path)}`;
  return download ? `${url}?download=true` : url;
}

export function uploadProgressUrl(uploadId: string): string {
  return `/api/uploads/${seg(uploadId)}/progress`;
}

export function uploadProgressWebSocketUrl(uploadId: string, origin: string = window.location.origin): string {
  return `${origin.replace(/^http/, 'ws')}/api/uploads/${seg(uploadId)}/progress/ws`;
}

export interface FileHead {
  size: number | null;
  contentType: string | null;
  etag: string | null;
}

export interface TextPreview {
  text: string;
  /** True when the file is longer than what was read. */
  truncated: boolean;
}

/** Reads at most `max` bytes of a body, cancelling the rest (for servers that ignore Range). */
async function readAtMost(response: Response, max: number): Promise<{ bytes: Uint8Array; more: boolean }> {
  const reader = response.body?.getReader();
  if (!reader) {
    const all = new Uint8Array(await response.arrayBuffer());
    return { bytes: all.slice(0, max), more: all.length > max };
  }
  const parts: Uint8Array[] = [];
  let length = 0;
  let more = false;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    parts.push(value);
    length += value.length;
    if (length > max) {
      more = true;
      await reader.cancel();
      break;
    }
  }
  const bytes = new Uint8Array(length);
  let offset = 0;
  for (const part of parts) {
    bytes.set(part, offset);
    offset += part.length;
  }
  return { bytes: bytes.slice(0, max), more };
}

/** `Content-Range: bytes 0-65535/123456` → 123456. */
function totalFromContentRange(value: string | null): number | null {
  const match = value?.match(/\/(\d+)\s*$/);
  return match ? Number(match[1]) : null;
}

export const TEXT_PREVIEW_BYTES = 64 * 1024;

async function readTextPrefix(url: string, maxBytes: number, signal?: AbortSignal): Promise<TextPreview> {
  const response = await send('GET', url, { signal, headers: { Accept: '*/*', Range: `bytes=0-${maxBytes - 1}` } });
  const { bytes, more } = await readAtMost(response, maxBytes);
  const total = response.status === 206 ? totalFromContentRange(response.headers.get('Content-Range')) : null;
  return {
    // A cut in the middle of a UTF-8 sequence becomes one replacement character, not an error.
    text: new TextDecoder('utf-8', { fatal: false }).decode(bytes),
    truncated: more || (total !== null && total > bytes.length),
  };
}

export interface UploadOptions {
  /** Names the upload for GET /api/uploads/{uploadId}/progress. */
  uploadId?: string;
  /** true sends `If-None-Match: *`: refuse (412) instead of replacing an existing file. */
  noOverwrite?: boolean;
  /** Bytes sent so far, from XMLHttpRequest's upload progress. */
  onSendProgress?: (sentBytes: number, totalBytes: number | null) => void;
}

export interface RunningUpload {
  done: Promise<StoredFile>;
  abort: () => void;
}

/**
 * PUT /api/namespaces/{id}/files/{path} with the raw bytes. XMLHttpRequest, not fetch: fetch has no upload
 * progress, and XHR's is the fallback when the server's progress stream is unavailable.
 */
export function uploadFile(namespaceId: string, path: string, body: Blob, options: UploadOptions = {}): RunningUpload {
  const xhr = new XMLHttpRequest();
  const done = new Promise<StoredFile>((resolve, reject) => {
    xhr.open('PUT', fileUrl(namespaceId, path));
    xhr.withCredentials = true;
    xhr.setRequestHeader('Accept', 'application/json');
    for (const [name, value] of Object.entries(csrfHeaders('PUT'))) xhr.setRequestHeader(name, value);
    if (options.uploadId) xhr.setRequestHeader('X-Upload-Id', options.uploadId);
    if (options.noOverwrite) xhr.setRequestHeader('If-None-Match', '*');
    if (body.type) xhr.setRequestHeader('Content-Type', body.type);
    xhr.upload.onprogress = (event) => options.onSendProgress?.(event.loaded, event.lengthComputable ? event.total : null);
    xhr.onload = () => {
      if (xhr.status === 401) notifyUnauthorized();
      if (xhr.status >= 200 && xhr.status < 300) {
        try {
          resolve(JSON.parse(xhr.responseText) as StoredFile);
        } catch {
          reject(new ApiError(xhr.status, { detail: 'The server stored the file but its answer could not be read.' }));
        }
        return;
      }
      reject(new ApiError(xhr.status, parseProblem(xhr.status, xhr.getResponseHeader('Content-Type'), xhr.responseText)));
    };
    xhr.onerror = () => reject(new ApiError(0, { detail: 'Could not reach EddCloud.' }));
    xhr.onabort = () => reject(new DOMException('The upload was cancelled.', 'AbortError'));
    xhr.send(body);
  });
  return { done, abort: () => xhr.abort() };
}

export const filesApi = {
  list: (namespaceId: string, { prefix, delimiter, after, limit }: ListFilesParams = {}, signal?: AbortSignal) =>
    request<FileListing>(
      'GET',
      withQuery(`/api/namespaces/${seg(namespaceId)}/files`, { prefix, delimiter, after: after || undefined, limit }),
      { signal },
    ),
  upload: uploadFile,
  /** POST multipart/form-data, one part per file, stored in `folder` under each file's own name. */
  uploadMany: async (namespaceId: string, folder: string, files: File[], signal?: AbortSignal) => {
    const form = new FormData();
    for (const file of files) form.append('file', file, file.name);
    let response: Response;
    try {
      response = await fetch(withQuery(`/api/namespaces/${seg(namespaceId)}/files`, { folder }), {
        method: 'POST',
        headers: { Accept: 'application/json', ...csrfHeaders('POST') },
        body: form,
        credentials: 'same-origin',
        signal,
      });
    } catch (cause) {
      if (cause instanceof DOMException && cause.name === 'AbortError') throw cause;
      throw new ApiError(0, { detail: 'Could not reach EddCloud.' });
    }
    if (response.status === 401) notifyUnauthorized();
    const text = await response.text();
    if (!response.ok) throw new ApiError(response.status, parseProblem(response.status, response.headers.get('Content-Type'), text));
    return JSON.parse(text) as StoredFileList;
  },
  /** The first `maxBytes` bytes as text, asked for with a Range header. */
  readText: (namespaceId: string, path: string, maxBytes = TEXT_PREVIEW_BYTES, signal?: AbortSignal) =>
    readTextPrefix(fileUrl(namespaceId, path), maxBytes, signal),
  head: async (namespaceId: string, path: string, signal?: AbortSignal): Promise<FileHead> => {
    const response = await send('HEAD', fileUrl(namespaceId, path), { signal, headers: { Accept: '*/*' } });
    const length = response.headers.get('Content-Length');
    return { size: length === null ? null : Number(length), contentType: response.headers.get('Content-Type'), etag: response.headers.get('ETag') };
  },
  remove: (namespaceId: string, path: string) => request<void>('DELETE', fileUrl(namespaceId, path)),
  metadata: (namespaceId: string, path: string, signal?: AbortSignal) =>
    request<StoredFile>('GET', `/api/namespaces/${seg(namespaceId)}/metadata/${encodeFilePath(path)}`, { signal }),
};

/** The file a share link serves; `download` forces an attachment. */
export function shareFileUrl(token: string, { download = false }: { download?: boolean } = {}): string {
  const url = `/api/shares/${seg(token)}`;
  return download ? `${url}?download=true` : url;
}

/** The token in a share URL, whether it points at the landing page (/s/{token}) or the API (/api/shares/{token}). */
export function shareTokenFromUrl(url: string): string | null {
  let pathname: string;
  try {
    pathname = new URL(url, 'http://localhost').pathname;
  } catch {
    return null;
  }
  const match = pathname.match(/^\/(?:s|api\/shares)\/([^/]+)\/?$/);
  return match?.[1] ? decodeURIComponent(match[1]) : null;
}

export const sharesApi = {
  list: (namespaceId: string, signal?: AbortSignal) => request<ShareList>('GET', `/api/namespaces/${seg(namespaceId)}/shares`, { signal }),
  create: (namespaceId: string, body: CreateShareRequest) => request<Share>('POST', `/api/namespaces/${seg(namespaceId)}/shares`, { body }),
  revoke: (namespaceId: string, shareId: string) => request<void>('DELETE', `/api/namespaces/${seg(namespaceId)}/shares/${seg(shareId)}`),
  info: (token: string, signal?: AbortSignal) => request<ShareInfo>('GET', `${shareFileUrl(token)}/info`, { signal }),
  head: async (token: string, signal?: AbortSignal): Promise<FileHead> => {
    const response = await send('HEAD', shareFileUrl(token), { signal, headers: { Accept: '*/*' } });
    const length = response.headers.get('Content-Length');
    return { size: length === null ? null : Number(length), contentType: response.headers.get('Content-Type'), etag: response.headers.get('ETag') };
  },
  readText: (token: string, maxBytes = TEXT_PREVIEW_BYTES, signal?: AbortSignal) => readTextPrefix(shareFileUrl(token), maxBytes, signal),
};

export const storageUsageApi = {
  mine: (signal?: AbortSignal) => request<StorageUsage>('GET', '/api/me/storage', { signal }),
  ofUser: (userId: string, signal?: AbortSignal) => request<StorageUsage>('GET', `/api/admin/users/${seg(userId)}/storage`, { signal }),
  setQuota: (userId: string, body: StorageQuotaRequest) =>
    request<StorageUsage>('PUT', `/api/admin/users/${seg(userId)}/storage`, { body }),
};
