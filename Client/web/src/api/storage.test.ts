import { afterEach, describe, expect, it, vi } from 'vitest';
import { jsonResponse, mockFetch } from '../test/render';
import { FakeXhr, installUploadFakes, storedFile } from '../test/storageFakes';
import { ApiError, CSRF_HEADER, onUnauthorized } from './http';
import { encodeFilePath, fileUrl, filesApi, namespacesApi, sharesApi, shareTokenFromUrl, storageUsageApi, uploadFile } from './storage';

function initOf(fetchMock: ReturnType<typeof mockFetch>, call = 0): RequestInit {
  return fetchMock.mock.calls[call]![1] as RequestInit;
}

afterEach(() => vi.restoreAllMocks());

describe('storage URLs', () => {
  it('encodes each path segment but keeps the slashes between them', () => {
    expect(encodeFilePath('a b/ü#?.txt')).toBe('a%20b/%C3%BC%23%3F.txt');
    expect(fileUrl('ns 1', 'docs/r&d.pdf')).toBe('/api/namespaces/ns%201/files/docs/r%26d.pdf');
    expect(fileUrl('n', 'x.txt', { download: true })).toBe('/api/namespaces/n/files/x.txt?download=true');
  });

  it('finds the token in a share URL pointing at the landing page or at the API', () => {
    expect(shareTokenFromUrl('https://edd.example/s/tok123')).toBe('tok123');
    expect(shareTokenFromUrl('/api/shares/tok%2B1')).toBe('tok+1');
    expect(shareTokenFromUrl('/files/x')).toBeNull();
  });
});

describe('storage calls', () => {
  it('lists one folder with prefix, delimiter and the cursor', async () => {
    const fetchMock = mockFetch({ 'GET /api/namespaces/n1/files': () => jsonResponse({ items: [], folders: [], next: null }) });
    await filesApi.list('n1', { prefix: 'docs/', delimiter: '/', after: 'b.txt', limit: 50 });
    const url = new URL(String(fetchMock.mock.calls[0]![0]), 'http://x');
    expect(Object.fromEntries(url.searchParams)).toEqual({ prefix: 'docs/', delimiter: '/', after: 'b.txt', limit: '50' });
  });

  it('creates, renames and deletes namespaces with the CSRF header', async () => {
    document.cookie = 'edd_csrf=c1';
    const ns = { id: 'n1', name: 'A', ownerId: 'u', owner: 'u', visibility: 'private', createdAt: '', usedBytes: 0 };
    const fetchMock = mockFetch({
      'POST /api/namespaces': () => jsonResponse(ns, 201),
      'PATCH /api/namespaces/n1': () => jsonResponse({ ...ns, visibility: 'public' }),
      'DELETE /api/namespaces/n1': () => new Response(null, { status: 204 }),
    });
    await namespacesApi.create({ name: 'A', visibility: 'private' });
    await namespacesApi.update('n1', { name: null, visibility: 'public' });
    await namespacesApi.remove('n1');
    expect(JSON.parse(String(initOf(fetchMock, 0).body))).toEqual({ name: 'A', visibility: 'private' });
    expect(JSON.parse(String(initOf(fetchMock, 1).body))).toEqual({ name: null, visibility: 'public' });
    for (const call of [0, 1, 2]) expect((initOf(fetchMock, call).headers as Record<string, string>)[CSRF_HEADER]).toBe('c1');
  });

  it('creates a share with an optional expiry, and reads usage', async () => {
    const fetchMock = mockFetch({
      'POST /api/namespaces/n1/shares': () => jsonResponse({ id: 's1', url: '/s/t' }, 201),
      'GET /api/me/storage': () => jsonResponse({ usedBytes: 1, maxBytes: 2, namespaces: 1, maxNamespaces: 5 }),
      'GET /api/shares/t/info': () => jsonResponse({ path: 'a.txt' }),
    });
    await sharesApi.create('n1', { path: 'a b.txt', expiresInHours: 24 });
    expect(JSON.parse(String(initOf(fetchMock).body))).toEqual({ path: 'a b.txt', expiresInHours: 24 });
    expect((await storageUsageApi.mine()).maxNamespaces).toBe(5);
    expect((await sharesApi.info('t')).path).toBe('a.txt');
  });

  it('reads the start of a text file with a Range header', async () => {
    const fetchMock = mockFetch({
      'GET /api/namespaces/n1/files/notes.txt': () =>
        new Response('hello', { status: 206, headers: { 'Content-Type': 'text/plain', 'Content-Range': 'bytes 0-4/900000' } }),
    });
    const preview = await filesApi.readText('n1', 'notes.txt', 5);
    expect((initOf(fetchMock).headers as Record<string, string>).Range).toBe('bytes=0-4');
    expect(preview).toEqual({ text: 'hello', truncated: true });
  });

  it('stops reading when a server ignores Range and sends everything', async () => {
    mockFetch({ 'GET /api/namespaces/n1/files/big.txt': () => new Response('x'.repeat(100), { status: 200 }) });
    const preview = await filesApi.readText('n1', 'big.txt', 10);
    expect(preview).toEqual({ text: 'x'.repeat(10), truncated: true });
  });
});

describe('uploadFile (XHR)', () => {
  it('PUTs the raw file with X-Upload-Id and the CSRF header, and returns the stored file', async () => {
    installUploadFakes();
    document.cookie = 'edd_csrf=c2';
    const file = new File(['hello'], 'a.txt', { type: 'text/plain' });
    const sent: number[] = [];
    const upload = uploadFile('n1', 'docs/a.txt', file, { uploadId: 'u-1', onSendProgress: (n) => sent.push(n) });
    const xhr = FakeXhr.instances[0]!;
    expect(xhr.method).toBe('PUT');
    expect(xhr.url).toBe('/api/namespaces/n1/files/docs/a.txt');
    expect(xhr.body).toBe(file);
    expect(xhr.headers).toMatchObject({ 'X-Upload-Id': 'u-1', [CSRF_HEADER]: 'c2', 'Content-Type': 'text/plain' });
    xhr.progress(3, 5);
    xhr.respond(201, storedFile('docs/a.txt', { size: 5 }));
    expect((await upload.done).path).toBe('docs/a.txt');
    expect(sent).toEqual([3]);
  });

  it('turns a problem answer into an ApiError and tells 401 listeners', async () => {
    installUploadFakes();
    const listener = vi.fn();
    const unsubscribe = onUnauthorized(listener);
    const quota = uploadFile('n1', 'a.bin', new File(['x'], 'a.bin'));
    FakeXhr.instances[0]!.respond(413, { status: 413, code: 'quota_exceeded', detail: 'The quota of 1 GiB is used up.' });
    await expect(quota.done).rejects.toMatchObject({ status: 413, code: 'quota_exceeded', message: 'The quota of 1 GiB is used up.' });

    const expired = uploadFile('n1', 'a.bin', new File(['x'], 'a.bin'));
    FakeXhr.instances[1]!.respond(401, { status: 401, code: 'unauthorized' });
    await expect(expired.done).rejects.toBeInstanceOf(ApiError);
    expect(listener).toHaveBeenCalledTimes(1);
    unsubscribe();
  });
});
