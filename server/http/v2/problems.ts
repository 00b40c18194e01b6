// The /v2 error funnel: every error becomes an RFC 9457 problem as the Camunda 8 REST API answers
// it — `title` the Camunda code (NOT_FOUND, INVALID_ARGUMENT, …) that SDK code tests, `detail` the
// sentence from the catalogue in the caller's language, `instance` the path. Stack traces and store
// or driver messages stay in the server log.
import type { NextFunction, Request, Response } from 'express';
import { DeploymentRejectedError, EngineError } from '../../engine/port.js';
import { ConflictError, StoreQueryError } from '../../store/port.js';
import { IdentityError } from '../../core/identity/index.js';
import { FormInvalidError, UseCaseError } from '../../core/catalogue/index.js';
import { deployProblemText, t, type Locale, type MessageKey } from '../../i18n/index.js';
import { localeOf, type FieldProblem } from '../problems.js';

/** The problem a /v2 client receives. */
export interface CamundaProblem {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance: string;
  /** Oficio addition: each wrong field, when the input was at fault. */
  errors?: FieldProblem[];
  [extra: string]: unknown;
}

const TITLES: Record<number, string> = {
  400: 'INVALID_ARGUMENT',
  401: 'UNAUTHORIZED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  409: 'INVALID_STATE',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  429: 'TOO_MANY_REQUESTS',
  500: 'INTERNAL',
  504: 'DEADLINE_EXCEEDED',
};

/** An error a /v2 route throws on purpose: its status, the catalogue entry that speaks it, and its fields. */
export class V2Problem extends Error {
  constructor(
    readonly status: number,
    readonly detailKey: MessageKey,
    readonly params: Record<string, string | number> = {},
    readonly errors: FieldProblem[] = [],
  ) {
    super(detailKey);
    this.name = 'V2Problem';
  }
}

/** A 400 naming each wrong part of the request, as 'body/type: …'. */
export function invalidRequest(errors: FieldProblem[]): V2Problem {
  const problems = errors.map((e) => (e.field ? `${e.field}: ${e.message}` : e.message)).join('; ');
  return new V2Problem(400, 'v2.invalidRequest', { problems }, errors);
}

const USE_CASE_STATUS = { NOT_FOUND: 404, FORBIDDEN: 403, CONFLICT: 409, INVALID: 400 } as const;

/** Turns any error into the problem a /v2 client may see. */
export function toCamundaProblem(error: unknown, locale: Locale, instance: string): CamundaProblem {
  const problem = (status: number, detail: string, extra: Partial<CamundaProblem> = {}): CamundaProblem => ({
    type: 'about:blank',
    title: TITLES[status] ?? 'INTERNAL',
    status,
    detail,
    instance,
    ...extra,
  });
  if (error instanceof V2Problem) {
    return problem(error.status, t(locale, error.detailKey, error.params), error.errors.length ? { errors: error.errors } : {});
  }
  if (error instanceof DeploymentRejectedError) {
    const errors = error.problems.map((p) => ({
      field: [p.resourceName, p.elementId].filter(Boolean).join('#'),
      message: deployProblemText(locale, p.code, p.params) ?? p.message,
      ...(p.code ? { code: p.code } : {}),
    }));
    return problem(400, t(locale, 'v2.deployment.rejected', { problems: errors.map((e) => `${e.field}: ${e.message}`).join('; ') }), { errors });
  }
  if (error instanceof EngineError) {
    // The engine's own English sentence travels as `reason`: the text a Camunda cluster would give.
    const extra = { title: error.code === 'CONFLICT' ? 'ALREADY_EXISTS' : error.code, reason: error.message };
    if (error.code === 'NOT_FOUND') {
      const what = String(error.params.processId ?? error.params.key ?? error.params.messageId ?? '');
      return problem(404, t(locale, 'v2.engine.NOT_FOUND', { what }), extra);
    }
    return problem(error.status, t(locale, `http.engine.${error.code}` as MessageKey, { key: String(error.params.key ?? '') }), extra);
  }
  if (error instanceof FormInvalidError) {
    return problem(400, `${t(locale, 'http.formInvalid')} ${error.problems.map((p) => p.message).join('; ')}`.trim(), { errors: error.problems, formId: error.formId });
  }
  if (error instanceof UseCaseError) {
    const status = USE_CASE_STATUS[error.code];
    const detail = t(locale, error.messageKey, error.params);
    return problem(status, detail, error.code === 'INVALID' ? { errors: [{ field: ['body', error.field].filter(Boolean).join('/'), message: detail, code: error.messageKey }] } : {});
  }
  if (error instanceof IdentityError) {
    return problem(error.status, t(locale, error.messageKey, error.params), error.retryAfterSeconds !== undefined ? { retryAfterSeconds: error.retryAfterSeconds } : {});
  }
  if (error instanceof StoreQueryError) {
    // A cursor or filter the store cannot use: the caller's input, never the store's text.
    return problem(400, t(locale, 'v2.invalidRequest', { problems: 'page/filter' }));
  }
  if (error instanceof ConflictError) return problem(409, t(locale, 'http.conflict'));
  return problem(500, t(locale, 'http.internal'));
}

/** Sends `error` as application/problem+json; logs what the client must not see. */
export function sendProblem(error: unknown, req: Request, res: Response, log: (message: string) => void) {
  const locale = localeOf(req);
  const instance = req.originalUrl.split('?')[0]!;
  const problem = toCamundaProblem(bodyParserRefusal(error) ?? error, locale, instance);
  if (problem.status >= 500) log(`${req.method} ${req.originalUrl} failed: ${(error as Error)?.stack ?? String(error)}`);
  if (res.headersSent) return;
  if (problem.status === 401) res.setHeader('WWW-Authenticate', 'Basic realm="oficio", charset="UTF-8"');
  if (problem.status === 429 && typeof problem.retryAfterSeconds === 'number') res.setHeader('Retry-After', String(problem.retryAfterSeconds));
  res.status(problem.status).type('application/problem+json').send(JSON.stringify(problem));
}

/**
 * express.json()'s refusals (a body too large, not JSON, in an unknown charset or encoding, cut
 * short) as the problem they are, never an internal error; undefined for any other error.
 */
function bodyParserRefusal(error: unknown): V2Problem | undefined {
  const e = error as { type?: unknown; status?: unknown; limit?: unknown } | undefined;
  if (typeof e?.type !== 'string' || typeof e.status !== 'number' || e.status >= 500 || !/^(entity|charset|encoding|request|stream)\./.test(e.type)) return undefined;
  if (e.status === 413) return new V2Problem(413, 'v2.tooLarge', { max: typeof e.limit === 'number' ? e.limit : 0 });
  if (error instanceof SyntaxError) return new V2Problem(400, 'http.malformedJson');
  return new V2Problem(e.status, 'v2.invalidRequest', { problems: e.type });
}

/** The last middleware of the /v2 router. */
export function camundaErrorFunnel(log: (message: string) => void) {
  return (error: unknown, req: Request, res: Response, _next: NextFunction) => sendProblem(error, req, res, log);
}
