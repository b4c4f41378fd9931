import { ApiError, NetworkError, isAbort, type Problem } from './api-error';

export type Query = Record<string, string | number | boolean | null | undefined>;

export interface RequestOptions {
  query?: Query;
  /** A JSON body. */
  json?: unknown;
  /** A raw body (an uploaded file) with its content type. */
  body?: Blob;
  contentType?: string;
  signal?: AbortSignal;
}

/** Calls /api/v1 with the admin key; every failure becomes an ApiError or NetworkError. */
export interface ApiClient {
  request<T>(method: string, path: string, options?: RequestOptions): Promise<T>;
  get<T>(path: string, query?: Query, signal?: AbortSignal): Promise<T>;
  blob(path: string, signal?: AbortSignal): Promise<Blob>;
}

export function withQuery(path: string, query: Query | undefined): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(query ?? {})) {
    if (value !== undefined && value !== null && value !== '') params.set(name, String(value));
  }
  const text = params.toString();
  return text ? `${path}?${text}` : path;
}

async function problemOf(response: Response): Promise<Problem> {
  const type = response.headers.get('content-type') ?? '';
  if (type.includes('json')) {
    try {
      const body = (await response.json()) as Partial<Problem>;
      return { ...body, status: response.status };
    } catch {
      // fall through: a broken body still has a status
    }
  }
  return { status: response.status, title: response.statusText };
}

/**
 * @param onUnauthorized called on every 401 (the key was revoked or is unknown) before the error is thrown.
 */
export function createApiClient(key: string, onUnauthorized: (error: ApiError) => void): ApiClient {
  async function send(method: string, path: string, options: RequestOptions, accept: string): Promise<Response> {
    const headers: Record<string, string> = { Authorization: `Bearer ${key}`, Accept: accept };
    let body: BodyInit | undefined;
    if (options.json !== undefined) {
      headers['Content-Type'] = 'application/json';
      body = JSON.stringify(options.json);
    } else if (options.body) {
      headers['Content-Type'] = options.contentType ?? 'application/octet-stream';
      body = options.body;
    }
    let response: Response;
    try {
      response = await fetch(withQuery(path, options.query), { method, headers, body, signal: options.signal ?? null });
    } catch (error) {
      if (isAbort(error)) throw error;
      throw new NetworkError(error);
    }
    if (!response.ok) {
      const error = new ApiError(await problemOf(response));
      if (error.status === 401) onUnauthorized(error);
      throw error;
    }
    return response;
  }

  const client: ApiClient = {
    async request<T>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
      const response = await send(method, path, options, 'application/json');
      if (response.status === 204) return undefined as T;
      return (await response.json()) as T;
    },
    get<T>(path: string, query?: Query, signal?: AbortSignal): Promise<T> {
      return client.request<T>('GET', path, { ...(query ? { query } : {}), ...(signal ? { signal } : {}) });
    },
    async blob(path: string, signal?: AbortSignal): Promise<Blob> {
      const response = await send('GET', path, signal ? { signal } : {}, '*/*');
      return response.blob();
    },
  };
  return client;
}
