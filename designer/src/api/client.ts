// The one way the designer reaches the server: fetch with the session cookie, the CSRF token on
// every state-changing call, the reader's language, and problem+json answers turned into ApiProblem.
import type { FieldProblem, Me } from '../../../contracts/api/index.js';
import type { Locale } from '../../../contracts/i18n.js';

/** One field at fault: its '/'-joined path ('body/xml', 'ip', 'contacto/correo'; '' for the whole request) and why. */
export type { FieldProblem };

/** An answer of the server that is not a success, as its problem+json document says it. */
export class ApiProblem extends Error {
  constructor(
    readonly status: number,
    readonly title: string,
    readonly errors: FieldProblem[] = [],
    readonly body: Record<string, unknown> = {},
  ) {
    super(title);
    this.name = 'ApiProblem';
  }
}

let csrfToken: string | undefined;
let language: Locale = 'es';
let onUnauthorized: (() => void) | undefined;

/** Set by the session when it signs in or reads /api/auth/me. */
export function setCsrfToken(token: string | undefined): void {
  csrfToken = token;
}
/** Set by the i18n provider: the server answers problems in this language. */
export function setApiLanguage(locale: Locale): void {
  language = locale;
}
/** Called when a signed-in call answers 401 (the session ended). */
export function setOnUnauthorized(handler: (() => void) | undefined): void {
  onUnauthorized = handler;
}

type Query = Record<string, string | number | boolean | undefined | null>;

export function withQuery(path: string, query?: Query): string {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) if (value !== undefined && value !== null && value !== '') params.set(name, String(value));
  const text = params.toString();
  return text ? `${path}?${text}` : path;
}

async function request<T>(method: string, path: string, body?: unknown, init: { raw?: BodyInit; headers?: Record<string, string> } = {}, retried = false): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json', 'Accept-Language': language, ...init.headers };
  if (method !== 'GET' && csrfToken) headers['X-CSRF-Token'] = csrfToken;
  let payload: BodyInit | undefined = init.raw;
  if (body !== undefined) {
    headers['Content-Type'] = 'application/json';
    payload = JSON.stringify(body);
  }
  let response: Response;
  try {
    response = await fetch(path, { method, headers, ...(payload !== undefined ? { body: payload } : {}), credentials: 'same-origin' });
  } catch {
    // No answer at all: status 0, and the page says so in the reader's words (ProblemAlert).
    throw new ApiProblem(0, '');
  }
  if (response.status === 204) return undefined as T;
  const type = response.headers.get('content-type') ?? '';
  const parsed: unknown = type.includes('json') ? await response.json().catch(() => ({})) : await response.text();
  if (!response.ok) {
    // Only a problem document's title is shown; a proxy's page or a bare status gets the catalogue's words.
    const problem = (typeof parsed === 'object' && parsed !== null ? parsed : {}) as Record<string, unknown>;
    const isAuth = path.startsWith('/api/auth/');
    if (response.status === 401 && onUnauthorized && !isAuth) onUnauthorized();
    // A sign-in in another tab replaced the session and its CSRF token: take the new one and try once more.
    if (response.status === 403 && String(problem.type ?? '').endsWith(':http.csrf') && !isAuth && !retried && init.raw === undefined) {
      const me = await request<Me>('GET', '/api/auth/me').catch(() => undefined);
      if (me?.csrfToken) {
        csrfToken = me.csrfToken;
        return request<T>(method, path, body, init, true);
      }
    }
    throw new ApiProblem(response.status, typeof problem.title === 'string' ? problem.title : '', Array.isArray(problem.errors) ? (problem.errors as FieldProblem[]) : [], problem);
  }
  return parsed as T;
}

export const api = {
  get: <T>(path: string, query?: Query) => request<T>('GET', withQuery(path, query)),
  post: <T>(path: string, body?: unknown) => request<T>('POST', path, body ?? {}),
  put: <T>(path: string, body: unknown) => request<T>('PUT', path, body),
  delete: <T>(path: string) => request<T>('DELETE', path),
  /** Uploads a file as the request body (the attachments API), its name in X-File-Name. */
  upload: <T>(path: string, file: File) =>
    request<T>('POST', path, undefined, { raw: file, headers: { 'Content-Type': file.type || 'application/octet-stream', 'X-File-Name': encodeURIComponent(file.name) } }),
};
