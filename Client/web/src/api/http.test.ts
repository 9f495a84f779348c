import { afterEach, describe, expect, it, vi } from 'vitest';
import { jsonResponse, mockFetch, problemResponse } from '../test/render';
import { ApiError, CSRF_HEADER, onUnauthorized, request } from './http';
import { adminUsersApi } from './users';

function headersOf(fetchMock: ReturnType<typeof mockFetch>, call = 0): Record<string, string> {
  const init = fetchMock.mock.calls[call]?.[1] as RequestInit;
  return init.headers as Record<string, string>;
}

describe('request: CSRF', () => {
  it.each(['POST', 'PUT', 'PATCH', 'DELETE'])('sends the edd_csrf cookie as X-CSRF-Token on %s', async (method) => {
    document.cookie = 'other=1';
    document.cookie = 'edd_csrf=token-123';
    const fetchMock = mockFetch({ [`${method} /api/x`]: () => new Response(null, { status: 204 }) });

    await request(method, '/api/x');

    expect(headersOf(fetchMock)[CSRF_HEADER]).toBe('token-123');
  });

  it('never sends the CSRF header on GET', async () => {
    document.cookie = 'edd_csrf=token-123';
    const fetchMock = mockFetch({ 'GET /api/me': () => jsonResponse({ id: '1' }) });

    await request('GET', '/api/me');

    expect(headersOf(fetchMock)).not.toHaveProperty(CSRF_HEADER);
  });

  it('reads the cookie afresh on every call', async () => {
    const fetchMock = mockFetch({ 'POST /api/x': () => new Response(null, { status: 204 }) });
    document.cookie = 'edd_csrf=first';
    await request('POST', '/api/x');
    document.cookie = 'edd_csrf=second';
    await request('POST', '/api/x');

    expect(headersOf(fetchMock, 0)[CSRF_HEADER]).toBe('first');
    expect(headersOf(fetchMock, 1)[CSRF_HEADER]).toBe('second');
  });

  it('sends JSON bodies with a content type and same-origin credentials', async () => {
    const fetchMock = mockFetch({ 'POST /api/x': () => jsonResponse({ ok: true }) });

    await expect(request('POST', '/api/x', { body: { a: 1 } })).resolves.toEqual({ ok: true });

    const init = fetchMock.mock.calls[0]?.[1] as RequestInit;
    expect(init.body).toBe('{"a":1}');
    expect(init.credentials).toBe('same-origin');
    expect(headersOf(fetchMock)['Content-Type']).toBe('application/json');
  });
});

describe('request: errors', () => {
  it('parses problem+json into a typed ApiError', async () => {
    mockFetch({
      'POST /api/admin/users': () =>
        problemResponse(400, {
          title: 'The request is not valid.',
          detail: 'Password must be at least 10 characters.',
          code: 'validation',
          errors: { password: ['Password must be at least 10 characters.'] },
        }),
    });

    const error = await request('POST', '/api/admin/users', { body: {} }).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(ApiError);
    const apiError = error as ApiError;
    expect(apiError.status).toBe(400);
    expect(apiError.code).toBe('validation');
    expect(apiError.message).toBe('Password must be at least 10 characters.');
    expect(apiError.title).toBe('The request is not valid.');
    expect(apiError.fieldError('Password')).toBe('Password must be at least 10 characters.');
  });

  it('falls back to the status when the body is not problem+json', async () => {
    mockFetch({ 'GET /api/x': () => new Response('<html>bad gateway</html>', { status: 502, headers: { 'Content-Type': 'text/html' } }) });

    const error = (await request('GET', '/api/x').catch((e: unknown) => e)) as ApiError;

    expect(error.status).toBe(502);
    expect(error.code).toBe('unknown');
    expect(error.message).toBe('The request failed (HTTP 502).');
  });

  it('turns a failed connection into a network ApiError', async () => {
    vi.stubGlobal('fetch', vi.fn().mockRejectedValue(new TypeError('Failed to fetch')));

    const error = (await request('GET', '/api/me').catch((e: unknown) => e)) as ApiError;

    expect(error).toBeInstanceOf(ApiError);
    expect(error.code).toBe('network');
    expect(error.status).toBe(0);
  });

  it('returns undefined for 204 No Content', async () => {
    mockFetch({ 'DELETE /api/me/tokens/t1': () => new Response(null, { status: 204 }) });
    await expect(request('DELETE', '/api/me/tokens/t1')).resolves.toBeUndefined();
  });
});

describe('request: 401', () => {
  let unsubscribe: () => void = () => {};
  afterEach(() => unsubscribe());

  it('tells the unauthorized listeners and throws', async () => {
    const listener = vi.fn();
    unsubscribe = onUnauthorized(listener);
    mockFetch({ 'GET /api/me/sessions': () => problemResponse(401, { code: 'unauthorized', detail: 'Session expired.' }) });

    const error = (await request('GET', '/api/me/sessions').catch((e: unknown) => e)) as ApiError;

    expect(listener).toHaveBeenCalledTimes(1);
    expect(error.status).toBe(401);
    expect(error.code).toBe('unauthorized');
  });

  it('stays quiet where 401 is an expected answer', async () => {
    const listener = vi.fn();
    unsubscribe = onUnauthorized(listener);
    mockFetch({ 'POST /api/auth/login': () => problemResponse(401, { detail: 'Wrong username or password.' }) });

    await expect(request('POST', '/api/auth/login', { notifyUnauthorized: false })).rejects.toBeInstanceOf(ApiError);

    expect(listener).not.toHaveBeenCalled();
  });

  it('does not tell a listener that unsubscribed', async () => {
    const listener = vi.fn();
    onUnauthorized(listener)();
    mockFetch({ 'GET /api/x': () => problemResponse(401, {}) });

    await request('GET', '/api/x').catch(() => undefined);

    expect(listener).not.toHaveBeenCalled();
  });
});

describe('adminUsersApi.list', () => {
  it('passes the cursor as after and encodes it', async () => {
    const fetchMock = mockFetch({ 'GET /api/admin/users': () => jsonResponse({ items: [], next: null }) });

    await adminUsersApi.list({ after: 'bob&co', limit: 50 });

    expect(fetchMock.mock.calls[0]?.[0]).toBe('/api/admin/users?after=bob%26co&limit=50');
  });
});
