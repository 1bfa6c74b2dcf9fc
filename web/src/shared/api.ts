/** RFC 9457 problem details as the Rebound API sends them. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail?: string;
  errors?: { field: string; message: string }[];
  [extension: string]: unknown;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly problem: Problem,
  ) {
    super(problem.detail ?? problem.title);
    this.name = 'ApiError';
  }
}

export interface Paged<T> {
  items: T[];
  total: number;
  limit: number;
  offset: number;
}

let onUnauthorized: (() => void) | undefined;
/** Called when a request comes back 401 (the session ended): the console shows the login. */
export function setUnauthorizedHandler(handler: (() => void) | undefined): void {
  onUnauthorized = handler;
}

export interface ApiInit extends Omit<RequestInit, 'body'> {
  body?: unknown;
  /** Send the body as it is (a File for imports) with this content type. */
  rawContentType?: string;
  /** Do not report a 401 to the unauthorized handler (the login and me calls). */
  quiet401?: boolean;
}

export async function api<T>(path: string, init: ApiInit = {}): Promise<T> {
  const { body, rawContentType, quiet401, headers, ...rest } = init;
  const requestHeaders = new Headers(headers);
  requestHeaders.set('accept', 'application/json, application/problem+json');
  let payload: BodyInit | undefined;
  if (rawContentType) {
    requestHeaders.set('content-type', rawContentType);
    payload = body as BodyInit;
  } else if (body !== undefined) {
    requestHeaders.set('content-type', 'application/json');
    payload = JSON.stringify(body);
  }
  const response = await fetch(path, { credentials: 'same-origin', ...rest, headers: requestHeaders, body: payload });
  if (response.status === 204) return undefined as T;
  const text = await response.text();
  const data: unknown = text ? JSON.parse(text) : undefined;
  if (!response.ok) {
    const problem: Problem =
      data && typeof data === 'object' && 'status' in data
        ? (data as Problem)
        : { type: 'about:blank', title: response.statusText || 'Error', status: response.status };
    if (response.status === 401 && !quiet401) onUnauthorized?.();
    throw new ApiError(response.status, problem);
  }
  return data as T;
}

/** A query string from the set values only. */
export function queryString(params: Record<string, string | number | boolean | null | undefined>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && value !== null && value !== '') search.set(key, String(value));
  }
  const text = search.toString();
  return text ? `?${text}` : '';
}
