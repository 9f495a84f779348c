import type { ProblemDetails } from './types';

export const CSRF_COOKIE = 'edd_csrf';
export const CSRF_HEADER = 'X-CSRF-Token';

const UNSAFE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** Codes the API documents, plus `network` when the server could not be reached. */
export type ErrorCode =
  | 'validation'
  | 'unauthorized'
  | 'forbidden'
  | 'not_found'
  | 'conflict'
  | 'rate_limited'
  | 'payload_too_large'
  | 'unsupported_media_type'
  | 'quota_exceeded'
  | 'network'
  | 'unknown';

/** Any failed API call: a problem+json answer, another error status, or no answer at all. */
export class ApiError extends Error {
  readonly status: number;
  readonly code: ErrorCode;
  readonly title: string | undefined;
  readonly detail: string | undefined;
  readonly fieldErrors: Record<string, string[]>;

  constructor(status: number, problem: ProblemDetails) {
    super(problem.detail ?? problem.title ?? `The request failed (HTTP ${status}).`);
    this.name = 'ApiError';
    this.status = status;
    this.code = (problem.code as ErrorCode | undefined) ?? codeForStatus(status);
    this.title = problem.title;
    this.detail = problem.detail;
    this.fieldErrors = problem.errors ?? {};
  }

  /** The first server message about one field, matched case-insensitively. */
  fieldError(field: string): string | undefined {
    const key = Object.keys(this.fieldErrors).find((k) => k.toLowerCase() === field.toLowerCase());
    return key === undefined ? undefined : this.fieldErrors[key]?.[0];
  }
}

export function isApiError(error: unknown): error is ApiError {
  return error instanceof ApiError;
}

function codeForStatus(status: number): ErrorCode {
  switch (status) {
    case 0:
      return 'network';
    case 400:
      return 'validation';
    case 401:
      return 'unauthorized';
    case 403:
      return 'forbidden';
    case 404:
      return 'not_found';
    case 409:
      return 'conflict';
    case 412:
      return 'conflict';
    case 413:
      return 'payload_too_large';
    case 415:
      return 'unsupported_media_type';
    case 429:
      return 'rate_limited';
    default:
      return 'unknown';
  }
}

/** Reads the CSRF cookie afresh on every call: it changes at each sign-in. */
export function readCsrfToken(): string | undefined {
  for (const part of document.cookie.split(';')) {
    const [name, ...rest] = part.trim().split('=');
    if (name === CSRF_COOKIE) return decodeURIComponent(rest.join('='));
  }
  return undefined;
}

type UnauthorizedListener = () => void;
const unauthorizedListeners = new Set<UnauthorizedListener>();

/** Called whenever a call answers 401 (credentials missing, expired or revoked). Returns an unsubscribe function. */
export function onUnauthorized(listener: UnauthorizedListener): () => void {
  unauthorizedListeners.add(listener);
  return () => unauthorizedListeners.delete(listener);
}

/** Tells every listener that a call answered 401; for callers that do not go through `send` (XHR uploads). */
export function notifyUnauthorized(): void {
  unauthorizedListeners.forEach((listener) => listener());
}

/** The headers every unsafe call needs: the CSRF token when the cookie is there. */
export function csrfHeaders(method: string): Record<string, string> {
  if (!UNSAFE_METHODS.has(method.toUpperCase())) return {};
  const csrf = readCsrfToken();
  return csrf ? { [CSRF_HEADER]: csrf } : {};
}

export interface RequestOptions {
  body?: unknown;
  signal?: AbortSignal;
  /** false for calls where 401 is an expected answer (sign-in, "who am I?"). */
  notifyUnauthorized?: boolean;
  /** Extra headers (such as `Range`); they override the defaults. */
  headers?: Record<string, string>;
}

/** One call: CSRF header, credentials, 401 listeners; a failed status throws `ApiError`, success returns the raw response. */
export async function send(method: string, path: string, options: RequestOptions = {}): Promise<Response> {
  const { body, signal, notifyUnauthorized: notify = true } = options;
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  Object.assign(headers, csrfHeaders(method), options.headers);

  let response: Response;
  try {
    response = await fetch(path, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      credentials: 'same-origin',
      signal,
    });
  } catch (cause) {
    if (cause instanceof DOMException && cause.name === 'AbortError') throw cause;
    throw new ApiError(0, { detail: 'Could not reach EddCloud.' });
  }

  if (response.status === 401 && notify) notifyUnauthorized();
  if (!response.ok) throw new ApiError(response.status, await readProblem(response));
  return response;
}

export async function request<T>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
  const response = await send(method, path, options);
  if (response.status === 204) return undefined as T;
  const text = await response.text();
  return (text ? JSON.parse(text) : undefined) as T;
}

/** The problem in a failed answer's body text (for XHR, which has no Response). */
export function parseProblem(status: number, contentType: string | null, text: string): ProblemDetails {
  if ((contentType ?? '').includes('json') && text) {
    try {
      return JSON.parse(text) as ProblemDetails;
    } catch {
      // fall through
    }
  }
  return { status };
}

async function readProblem(response: Response): Promise<ProblemDetails> {
  const type = response.headers.get('Content-Type') ?? '';
  if (type.includes('json')) {
    try {
      return (await response.json()) as ProblemDetails;
    } catch {
      // fall through: a broken body still yields an error from the status alone
    }
  }
  return { status: response.status };
}
