import { vi } from 'vitest';
import type { Namespace, StoredFile, UploadProgress } from '../api/types';

/** A stand-in for XMLHttpRequest: records the request; the test answers it. */
export class FakeXhr {
  static instances: FakeXhr[] = [];
  method = '';
  url = '';
  headers: Record<string, string> = {};
  body: unknown = undefined;
  withCredentials = false;
  status = 0;
  responseText = '';
  aborted = false;
  private responseHeaders: Record<string, string> = {};
  upload: { onprogress: ((event: ProgressEvent) => void) | null } = { onprogress: null };
  onload: (() => void) | null = null;
  onerror: (() => void) | null = null;
  onabort: (() => void) | null = null;

  constructor() {
    FakeXhr.instances.push(this);
  }
  open(method: string, url: string) {
    this.method = method;
    this.url = url;
  }
  setRequestHeader(name: string, value: string) {
    this.headers[name] = value;
  }
  send(body: unknown) {
    this.body = body;
  }
  getResponseHeader(name: string): string | null {
    return this.responseHeaders[name.toLowerCase()] ?? null;
  }
  abort() {
    this.aborted = true;
    this.onabort?.();
  }
  /** The browser's own upload progress. */
  progress(loaded: number, total: number) {
    this.upload.onprogress?.({ loaded, total, lengthComputable: true } as ProgressEvent);
  }
  respond(status: number, body: unknown, contentType = status >= 400 ? 'application/problem+json' : 'application/json') {
    this.status = status;
    this.responseText = typeof body === 'string' ? body : JSON.stringify(body);
    this.responseHeaders['content-type'] = contentType;
    this.onload?.();
  }
}

type Listener = (event: MessageEvent<string>) => void;

/** A stand-in for EventSource: the test opens it, sends events and breaks it. */
export class FakeEventSource {
  static instances: FakeEventSource[] = [];
  readonly url: string;
  readyState = 0;
  closed = false;
  onopen: ((event: Event) => void) | null = null;
  onerror: ((event: Event) => void) | null = null;
  private listeners = new Map<string, Set<Listener>>();

  constructor(url: string) {
    this.url = url;
    FakeEventSource.instances.push(this);
  }
  addEventListener(type: string, listener: Listener) {
    if (!this.listeners.has(type)) this.listeners.set(type, new Set());
    this.listeners.get(type)!.add(listener);
  }
  removeEventListener(type: string, listener: Listener) {
    this.listeners.get(type)?.delete(listener);
  }
  close() {
    this.closed = true;
    this.readyState = 2;
  }
  open() {
    this.readyState = 1;
    this.onopen?.(new Event('open'));
  }
  emit(type: string, data: unknown) {
    if (this.closed) return;
    const event = new MessageEvent<string>(type, { data: JSON.stringify(data) });
    this.listeners.get(type)?.forEach((listener) => listener(event));
  }
  fail() {
    this.onerror?.(new Event('error'));
  }
}

/** Replaces XMLHttpRequest and EventSource for one test (vitest's unstubGlobals restores them). */
export function installUploadFakes() {
  FakeXhr.instances = [];
  FakeEventSource.instances = [];
  vi.stubGlobal('XMLHttpRequest', FakeXhr);
  vi.stubGlobal('EventSource', FakeEventSource);
}

export function namespace(overrides: Partial<Namespace> = {}): Namespace {
  return {
    id: 'ns-1',
    name: 'Photos',
    ownerId: 'u1',
    owner: 'alice',
    visibility: 'private',
    createdAt: '2026-03-01T10:00:00Z',
    usedBytes: 3 * 1024 * 1024,
    ...overrides,
  };
}

export function storedFile(path: string, overrides: Partial<StoredFile> = {}): StoredFile {
  return {
    path,
    size: 2048,
    sha256: 'ab'.repeat(32),
    contentType: 'application/octet-stream',
    version: 1,
    createdAt: '2026-03-02T10:00:00Z',
    modifiedAt: '2026-03-02T10:00:00Z',
    uploaderId: 'u1',
    uploader: 'alice',
    ...overrides,
  };
}

export function progress(uploadId: string, overrides: Partial<UploadProgress> = {}): UploadProgress {
  return { uploadId, state: 'running', path: null, receivedBytes: 0, committedBytes: 0, totalBytes: null, files: [], error: null, ...overrides };
}
