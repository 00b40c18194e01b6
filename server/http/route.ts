// One route: its method and path, zod schemas for params, query and body, who may call it, and
// its handler. Mounting validates input, authenticates, checks CSRF on state-changing calls and
// sends errors to the funnel; the same specs generate the OpenAPI document.
import type { NextFunction, Request, Response, Router } from 'express';
import { z } from 'zod';
import type { Permission, Session, User } from '../core/identity/index.js';
import { can, checkCsrf } from '../core/identity/index.js';
import { DomainError } from '../errors.js';
import type { Locale } from '../i18n/index.js';
import { cursorRefusal, localeOf, type LocateInput } from './problems.js';
import type { RouteDeps } from './deps.js';
import { noteUser } from './request-log.js';
import { readSessionCookie } from './session.js';

/** Who may call: anyone, any signed-in user, or a user holding a permission. */
export type Access = 'public' | 'user' | Permission;

export interface RouteContext<P, Q, B> {
  params: P;
  query: Q;
  body: B;
  /** The signed-in user (undefined only on public routes). */
  user: User | undefined;
  session: Session | undefined;
  sessionId: string | undefined;
  locale: Locale;
  ip: string;
  req: Request;
  res: Response;
  deps: RouteDeps;
}

export interface RouteSpec<P extends z.ZodType = z.ZodType, Q extends z.ZodType = z.ZodType, B extends z.ZodType = z.ZodType> {
  method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  /** Express path with :params, e.g. '/api/tasks/:userTaskKey/claim'. */
  path: string;
  summary: string;
  tag: string;
  access: Access;
  params?: P;
  query?: Q;
  body?: B;
  /** Schema of a 2xx JSON answer, for the OpenAPI document. */
  response?: z.ZodType;
  /** Status of a successful answer (200 by default; 204 sends no body). */
  status?: number;
  handler(ctx: RouteContext<z.infer<P>, z.infer<Q>, z.infer<B>>): Promise<unknown>;
}

export function defineRoute<P extends z.ZodType, Q extends z.ZodType, B extends z.ZodType>(spec: RouteSpec<P, Q, B>): RouteSpec<P, Q, B> {
  return spec;
}

const SAFE = new Set(['get', 'head', 'options']);

export function mountRoute(router: Router, spec: RouteSpec, deps: RouteDeps) {
  // An input a use case names by itself ('cursor', 'assignee') is answered where it was sent.
  const locateInput = locatorFor(spec);
  router[spec.method](spec.path, (req: Request, res: Response, next: NextFunction) => {
    res.locals.locateInput = locateInput;
    run(spec, deps, req, res).catch(next);
  });
}

async function run(spec: RouteSpec, deps: RouteDeps, req: Request, res: Response) {
  const locale = localeOf(req);
  const sessionId = readSessionCookie(req);
  const found = sessionId ? await deps.identity.getSession(sessionId) : undefined;
  if (found) noteUser(res, found.user.id);
  if (spec.access !== 'public') {
    if (!found) throw new DomainError('unauthenticated', 'http.unauthenticated');
    if (spec.access !== 'user' && !can(found.user, spec.access)) throw new DomainError('forbidden', 'http.forbidden');
  }
  // A signed-in browser must prove each state-changing call comes from Oficio's own pages.
  if (found && !SAFE.has(spec.method) && !checkCsrf(found.session, req.get('x-csrf-token'))) {
    throw new DomainError('forbidden', 'http.csrf');
  }
  const params = parse(spec.params, req.params, 'params');
  const query = parse(spec.query, req.query, 'query');
  const body = parse(spec.body, req.body, 'body');
  const result = await spec
    .handler({
      params,
      query,
      body,
      user: found?.user,
      session: found?.session,
      sessionId: found ? sessionId : undefined,
      locale,
      ip: req.ip ?? req.socket.remoteAddress ?? '',
      req,
      res,
      deps,
    })
    .catch((error: unknown) => {
      throw (hasCursor(query) && cursorRefusal(error, 'cursor')) || error;
    });
  if (res.headersSent) return;
  if (deps.http.checkResponses && spec.response && result !== undefined) checkResponse(spec, result);
  const status = spec.status ?? 200;
  if (status === 204 || result === undefined) res.status(status === 200 ? 204 : status).end();
  else res.status(status).json(result);
}

/** Whether the query asked for a page after a cursor. */
const hasCursor = (query: unknown) => typeof (query as { cursor?: unknown } | undefined)?.cursor === 'string';

/** Validates one part of the request; a failure names each field with where it was. */
function parse(schema: z.ZodType | undefined, value: unknown, where: 'params' | 'query' | 'body') {
  if (!schema) return undefined;
  const result = schema.safeParse(value ?? (where === 'body' ? undefined : {}));
  if (result.success) return result.data;
  throw new DomainError(
    'invalid',
    'http.validation',
    {},
    {
      fields: result.error.issues.map((issue) => ({ field: [where, ...issue.path.map(String)].join('/'), message: issue.message, code: issue.code })),
    },
  );
}

/** 'query/<name>' or 'body/<name>' for a name the route's schemas hold; the name alone otherwise. */
function locatorFor(spec: RouteSpec): LocateInput {
  const keysOf = (schema: z.ZodType | undefined) => (schema instanceof z.ZodObject ? Object.keys(schema.shape) : []);
  const query = keysOf(spec.query);
  const body = keysOf(spec.body);
  return (name) => (query.includes(name) ? `query/${name}` : body.includes(name) ? `body/${name}` : name);
}

/** An answer that does not keep its route's contract is a fault of the server, caught where it happens. */
function checkResponse(spec: RouteSpec, result: unknown) {
  const checked = spec.response!.safeParse(result);
  if (!checked.success) {
    throw new Error(`${spec.method.toUpperCase()} ${spec.path} answered off its contract: ${checked.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  }
}

/** The OpenAPI 3.1 document of the given routes, generated from their zod schemas. */
export function openApiDocument(routes: RouteSpec[], info: { title: string; version: string }) {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of routes) {
    const path = route.path.replace(/:(\w+)/g, '{$1}');
    const parameters: unknown[] = [];
    for (const [where, schema] of [
      ['path', route.params],
      ['query', route.query],
    ] as const) {
      if (!schema) continue;
      const json = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as { properties?: Record<string, unknown>; required?: string[] };
      for (const [name, property] of Object.entries(json.properties ?? {})) {
        parameters.push({ name, in: where, required: where === 'path' || (json.required ?? []).includes(name), schema: property });
      }
    }
    const operation: Record<string, unknown> = {
      summary: route.summary,
      tags: [route.tag],
      ...(route.access === 'public' ? { security: [] } : {}),
      ...(route.access !== 'public' && route.access !== 'user' ? { 'x-oficio-permission': route.access } : {}),
      ...(parameters.length ? { parameters } : {}),
      ...(route.body ? { requestBody: { required: true, content: { 'application/json': { schema: z.toJSONSchema(route.body, { io: 'input', unrepresentable: 'any' }) } } } } : {}),
      responses: {
        [String(route.status ?? 200)]: route.response
          ? { description: 'OK', content: { 'application/json': { schema: z.toJSONSchema(route.response, { unrepresentable: 'any' }) } } }
          : { description: 'OK' },
        default: { description: 'Problem', content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } } },
      },
    };
    (paths[path] ??= {})[route.method] = operation;
  }
  return {
    openapi: '3.1.0',
    info,
    paths,
    components: {
      securitySchemes: { session: { type: 'apiKey', in: 'cookie', name: 'oficio_session' } },
      schemas: {
        Problem: {
          type: 'object',
          required: ['type', 'status', 'title'],
          properties: {
            type: { type: 'string' },
            status: { type: 'integer' },
            title: { type: 'string' },
            detail: { type: 'string' },
            errors: { type: 'array', items: { type: 'object', properties: { field: { type: 'string' }, message: { type: 'string' }, code: { type: 'string' } } } },
          },
        },
      },
    },
    security: [{ session: [] }],
  };
}
