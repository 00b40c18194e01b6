// The error funnel of /api: every error a route throws becomes an application/problem+json answer
// in the caller's language. A DomainError says what kind of refusal it is; the status of each kind
// is decided here, once. Anything else is the server's fault: a 500 whose text stays in the log.
import type { NextFunction, Request, Response } from 'express';
import { DomainError, type ErrorKind, type FieldProblem } from '../errors.js';
import { speak, t, type Locale } from '../i18n/index.js';
import type { Logger } from '../log.js';
import { clientWentAway, requestFailed } from './request-log.js';

/** The HTTP status of each kind of refusal (/v2 answers with the same ones, in Camunda's words). */
export const STATUS_OF_KIND: Record<ErrorKind, number> = {
  invalid: 400,
  unauthenticated: 401,
  forbidden: 403,
  'not-found': 404,
  conflict: 409,
  'too-large': 413,
  'unsupported-media-type': 415,
  'rate-limited': 429,
  'not-implemented': 501,
  unavailable: 503,
  timeout: 504,
};

/** A field at fault as a client reads it. */
export interface WordedField {
  /** The field, as a path of names joined by '/' ('' for the request as a whole). */
  field: string;
  message: string;
  code?: string;
}

/**
 * Says where an input the core named by itself ('cursor', 'assignee') was sent: the route runner
 * knows its schemas and answers 'query/cursor', 'body/assignee'.
 */
export type LocateInput = (name: string) => string;

export function localeOf(req: Request): Locale {
  const header = String(req.headers['accept-language'] ?? '');
  const first = header.split(',')[0]?.trim().toLowerCase() ?? '';
  return first.startsWith('en') ? 'en' : 'es';
}

/** Each field at fault with its sentence in `locale`; fields naming an input are placed where it was sent. */
export function wordFields(fields: readonly FieldProblem[], locale: Locale, locate: LocateInput = (name) => name): WordedField[] {
  return fields.map((f) => ({
    field: f.input ? locate(f.field) : f.field,
    message: f.messageKey ? speak(locale, f.messageKey, f.params) : (f.message ?? ''),
    ...(f.code !== undefined ? { code: f.code } : {}),
  }));
}

interface Problem {
  type: string;
  status: number;
  title: string;
  errors?: WordedField[];
  [extra: string]: unknown;
}

/** Turns any error into the problem a client may see. */
export function toProblem(error: unknown, locale: Locale, locate?: LocateInput): Problem {
  if (error instanceof DomainError) {
    const errors = wordFields(error.fields, locale, locate);
    return {
      type: `urn:oficio:problem:${error.problemId}`,
      status: STATUS_OF_KIND[error.kind],
      title: t(locale, error.messageKey, error.params),
      ...(errors.length ? { errors } : {}),
      ...error.details,
    };
  }
  return { type: 'urn:oficio:problem:http.internal', status: 500, title: t(locale, 'http.internal') };
}

/**
 * The refusals of express.json() (a body too large, not JSON, in an unknown charset or encoding,
 * not what its gzip says, cut short) and of express's router (a path with a broken '%' escape) as
 * the refusal they are, never an internal error; undefined for any other error.
 */
export function bodyParserRefusal(error: unknown): DomainError | undefined {
  if (error instanceof DomainError) return undefined;
  const e = error as { type?: unknown; status?: unknown; limit?: unknown; code?: unknown; expose?: unknown } | undefined;
  if (typeof e?.status !== 'number' || e.status < 400 || e.status >= 500) return undefined;
  // The router could not decode a path parameter ('/api/tasks/%zz').
  if (error instanceof URIError) return new DomainError('invalid', 'http.badPath');
  if (typeof e.type !== 'string' || !/^(entity|charset|encoding|request|stream)\./.test(e.type)) {
    // A body that is not what its Content-Encoding says: zlib's refusal, which body-parser passes on as a 400.
    if (typeof e.code === 'string' && e.code.startsWith('Z_')) return new DomainError('invalid', 'http.badEncoding');
    // Any other client error express, its parsers or static files raised (http-errors marks them safe to expose).
    if (e.expose !== true) return undefined;
    if (e.status === 404) return new DomainError('not-found', 'http.notFound');
    if (e.status === 403) return new DomainError('forbidden', 'http.forbidden');
    return new DomainError(e.status === 413 ? 'too-large' : e.status === 415 ? 'unsupported-media-type' : 'invalid', 'http.badRequest');
  }
  if (e.status === 413) return new DomainError('too-large', 'v2.tooLarge', { max: typeof e.limit === 'number' ? e.limit : 0 });
  if (error instanceof SyntaxError) return new DomainError('invalid', 'http.malformedJson');
  return new DomainError(e.status === 415 ? 'unsupported-media-type' : 'invalid', 'v2.invalidRequest', { problems: e.type });
}

/**
 * Whether the client went away before its answer (closed the connection, cut its body short): the
 * request ends there, with nothing to answer and nothing the server did wrong.
 */
export function clientGone(req: Request, res: Response): boolean {
  return req.readableAborted || req.socket?.destroyed === true || res.destroyed;
}

/**
 * A page cursor the store could not use (not one it issued, or issued for another sort) is the
 * caller's doing, never the server's: refused on the cursor, named as the operation's input
 * `input` ('cursor' on /api, 'page/after' on /v2), which the API places where it was sent.
 */
export function cursorRefusal(error: unknown, input: string): DomainError | undefined {
  if (!(error instanceof DomainError) || error.messageKey !== 'store.badQuery') return undefined;
  return badCursor(input, error);
}

/** The refusal of a page cursor, on the input that carried it. */
export function badCursor(input: string, cause?: unknown): DomainError {
  return new DomainError('invalid', 'http.badCursor', {}, { fields: [{ field: input, input: true, messageKey: 'http.badCursor', code: 'http.badCursor' }], ...(cause ? { cause } : {}) });
}

/** What the route runner left for the funnel: how to place the inputs it names. */
export const locatorOf = (res: Response): LocateInput | undefined => res.locals.locateInput as LocateInput | undefined;

/** The last middleware: answers every error as problem+json; logs what the client must not see. */
export function errorFunnel(log: Logger) {
  return (error: unknown, req: Request, res: Response, _next: NextFunction) => {
    if (clientGone(req, res)) return clientWentAway(log, req, res, error);
    const problem = toProblem(bodyParserRefusal(error) ?? error, localeOf(req), locatorOf(res));
    if (problem.status >= 500) requestFailed(log, req, res, error);
    if (res.headersSent) return;
    if (problem.status === 429 && typeof problem.retryAfterSeconds === 'number') res.setHeader('Retry-After', String(problem.retryAfterSeconds));
    res.status(problem.status).type('application/problem+json').send(JSON.stringify(problem));
  };
}
