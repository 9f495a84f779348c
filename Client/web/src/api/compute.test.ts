import { describe, expect, it } from 'vitest';
import { container, computeUsage, createContainerRequest } from '../test/computeFakes';
import { jsonResponse, mockFetch, problemResponse } from '../test/render';
import { computeUsageApi, containerLogStreamUrl, containersApi, containerStatsStreamUrl, ingressApi } from './compute';
import { CSRF_HEADER } from './http';

function callOf(fetchMock: ReturnType<typeof mockFetch>, call: number): { url: string; method: string; body: unknown; headers: Record<string, string> } {
  const [url, init] = fetchMock.mock.calls[call]! as [string, RequestInit];
  return {
    url,
    method: init.method ?? 'GET',
    body: init.body === undefined ? undefined : JSON.parse(String(init.body)),
    headers: init.headers as Record<string, string>,
  };
}

describe('compute URLs', () => {
  it('asks the log stream to follow with a tail, and names the stats stream', () => {
    expect(containerLogStreamUrl('c 1')).toBe('/api/containers/c%201/logs?follow=true&tail=200');
    expect(containerLogStreamUrl('c1', 50)).toBe('/api/containers/c1/logs?follow=true&tail=50');
    expect(containerStatsStreamUrl('c1')).toBe('/api/containers/c1/stats/stream');
  });
});

describe('containersApi', () => {
  it('lists with owner, cursor and limit, leaving out what is not given', async () => {
    const fetchMock = mockFetch({ 'GET /api/containers': () => jsonResponse({ items: [container()], next: null }) });
    expect((await containersApi.list()).items[0]!.name).toBe('web');
    await containersApi.list({ owner: 'u2', after: 'api', limit: 50 });
    expect(callOf(fetchMock, 0).url).toBe('/api/containers');
    expect(callOf(fetchMock, 1).url).toBe('/api/containers?owner=u2&after=api&limit=50');
  });

  it('creates, patches, starts, stops, restarts and deletes with the CSRF header', async () => {
    document.cookie = 'edd_csrf=k1';
    const fetchMock = mockFetch({
      'POST /api/containers': () => jsonResponse(container({ status: 'creating' }), 201),
      'PATCH /api/containers/c-1': () => jsonResponse(container({ allowedKeys: ['k1'] })),
      'POST /api/containers/c-1/start': () => jsonResponse(container(), 202),
      'POST /api/containers/c-1/stop': () => jsonResponse(container({ desiredState: 'stopped', status: 'stopping' }), 202),
      'POST /api/containers/c-1/restart': () => jsonResponse(container(), 202),
      'DELETE /api/containers/c-1': () => new Response(null, { status: 204 }),
    });
    const spec = createContainerRequest({ command: ['sh', '-c', 'echo $HOME; rm -rf /'] });
    expect((await containersApi.create(spec)).status).toBe('creating');
    await containersApi.update('c-1', { allowedKeys: ['k1'], restartPolicy: null });
    await containersApi.start('c-1');
    expect((await containersApi.stop('c-1')).status).toBe('stopping');
    await containersApi.stop('c-1', { timeoutSeconds: 30 });
    await containersApi.restart('c-1');
    await containersApi.remove('c-1');

    const calls = fetchMock.mock.calls.map((_, i) => callOf(fetchMock, i));
    expect(calls.map((c) => `${c.method} ${c.url}`)).toEqual([
      'POST /api/containers',
      'PATCH /api/containers/c-1',
      'POST /api/containers/c-1/start',
      'POST /api/containers/c-1/stop',
      'POST /api/containers/c-1/stop',
      'POST /api/containers/c-1/restart',
      'DELETE /api/containers/c-1',
    ]);
    expect(calls[0]!.body).toEqual(spec);
    expect(calls[1]!.body).toEqual({ allowedKeys: ['k1'], restartPolicy: null });
    expect(calls[3]!.body).toBeUndefined();
    expect(calls[4]!.body).toEqual({ timeoutSeconds: 30 });
    for (const call of calls) expect(call.headers[CSRF_HEADER]).toBe('k1');
  });

  it('reads logs with a tail, and stats', async () => {
    const fetchMock = mockFetch({
      'GET /api/containers/c-1/logs': () => jsonResponse({ items: [{ time: 't', stream: 'stdout', text: 'hi' }] }),
      'GET /api/containers/c-1/stats': () => jsonResponse({ cpuPercent: 12 }),
    });
    expect((await containersApi.logs('c-1', 10)).items[0]!.text).toBe('hi');
    expect((await containersApi.stats('c-1')).cpuPercent).toBe(12);
    expect(callOf(fetchMock, 0).url).toBe('/api/containers/c-1/logs?tail=10');
    expect(callOf(fetchMock, 0).headers[CSRF_HEADER]).toBeUndefined();
  });

  it('turns a validation problem into field errors', async () => {
    mockFetch({
      'POST /api/containers': () =>
        problemResponse(400, { code: 'validation', detail: 'The spec is not valid.', errors: { name: ['Not a DNS label.'] } }),
    });
    await expect(containersApi.create(createContainerRequest({ name: 'Web' }))).rejects.toMatchObject({ status: 400, code: 'validation', fieldErrors: { name: ['Not a DNS label.'] } });
  });
});

describe('ingressApi and computeUsageApi', () => {
  it('lists, adds and removes ingress rules by name', async () => {
    const rule = { name: 'blog', port: 8080, pathPrefix: null, url: 'https://blog.apps.example', containerId: 'c-1' };
    const fetchMock = mockFetch({
      'GET /api/containers/c-1/ingress': () => jsonResponse({ items: [rule] }),
      'POST /api/containers/c-1/ingress': () => jsonResponse(rule, 201),
      'DELETE /api/containers/c-1/ingress/blog': () => new Response(null, { status: 204 }),
    });
    expect((await ingressApi.list('c-1')).items).toEqual([rule]);
    expect((await ingressApi.add('c-1', { name: 'blog', port: 8080, pathPrefix: '/x' })).url).toBe(rule.url);
    await ingressApi.remove('c-1', 'blog');
    expect(callOf(fetchMock, 1).body).toEqual({ name: 'blog', port: 8080, pathPrefix: '/x' });
    expect(callOf(fetchMock, 2).method).toBe('DELETE');
  });

  it('reads my usage, a user usage, and sets a quota (nulls for defaults)', async () => {
    const fetchMock = mockFetch({
      'GET /api/me/compute': () => jsonResponse(computeUsage()),
      'GET /api/admin/users/u%202/compute': () => jsonResponse(computeUsage({ maxContainers: 9 })),
      'PUT /api/admin/users/u2/compute': () => jsonResponse(computeUsage()),
    });
    expect((await computeUsageApi.mine()).maxContainers).toBe(5);
    expect((await computeUsageApi.ofUser('u 2')).maxContainers).toBe(9);
    await computeUsageApi.setQuota('u2', { maxContainers: 3, maxCpus: null, maxMemoryBytes: null });
    expect(callOf(fetchMock, 2).body).toEqual({ maxContainers: 3, maxCpus: null, maxMemoryBytes: null });
  });
});
