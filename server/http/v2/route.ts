// One /v2 operation: the SDK's operation id, its method and path, who may call it, zod schemas for
// path parameters and body, and a thin handler over the engine port and the core use cases.
// Mounting refuses cross-site requests, authenticates (HTTP Basic; a stand-in's client: policy.ts) and
// checks the permission before the body is read — a caller without the right credentials never
// makes the server read, inflate or parse a body — then reads it, validates and answers; every error
// goes to the Camunda problem funnel.
import type { NextFunction, Request, RequestHandler, Response, Router } from 'express';
import type { z } from 'zod';
import { PERMISSIONS, can, type Permission, type User } from '../../core/identity/index.js';
import { hasMessage, t, type Locale, type MessageKey, type MessageParams } from '../../i18n/index.js';
import { present, type Present } from '../present.js';
import { cursorRefusal, localeOf, type WordedField } from '../problems.js';
import { refuseCrossSite } from './auth.js';
import { invalidRequest } from './problems.js';
import { noteUser } from '../request-log.js';
import { DomainError } from '../../errors.js';
import type { CamundaApiServices } from './services.js';

/** Anyone; any authenticated user; or a user holding at least one of the permissions. */
export type V2Access = 'public' | 'user' | readonly [Permission, ...Permission[]];

export interface V2Context<P, B> {
  params: P;
  body: B;
  /** The authenticated user (undefined on public operations, which read none). */
  user: User;
  locale: Locale;
  ip: string;
  req: Request;
  res: Response;
  api: CamundaApiServices;
}

export interface V2Route<P extends z.ZodType = z.ZodType, B extends z.ZodType = z.ZodType> {
  /** The SDK's method for it (CamundaClient#<operationId>). */
  operationId: string;
  method: 'get' | 'post' | 'patch' | 'delete';
  /** Below /v2, with :params. */
  path: string;
  access: V2Access;
  params?: P;
  /** The JSON body; absent for bodiless calls and for the multipart deployment (its handler reads the request). */
  body?: B;
  /** The status of success: 200 with a JSON answer, 204 without. */
  status: 200 | 204;
  handler(ctx: V2Context<Present<z.infer<P>>, Present<z.infer<B>>>): Promise<unknown>;
}

export function defineV2Route<P extends z.ZodType, B extends z.ZodType>(route: V2Route<P, B>): V2Route<P, B> {
  return route;
}

/** Whether `user` may call an operation with this access. */
export function allowed(user: User | undefined, access: V2Access): boolean {
  if (access === 'public') return true;
  if (!user?.active) return false;
  return access === 'user' || access.some((permission) => can(user, permission));
}

/**
 * Mounts `route`: admission (cross-site, credentials, permission), then `readBody` (the router's JSON
 * body reader; a deployment's handler reads its multipart body itself), then the operation.
 */
export function mountV2Route(router: Router, route: V2Route, api: CamundaApiServices, readBody: RequestHandler[]) {
  const admit = (req: Request, res: Response, next: NextFunction) => {
    admission(route, api, req, res).then(() => next(), next);
  };
  router[route.method](route.path, admit, ...readBody, (req: Request, res: Response, next: NextFunction) => {
    run(route, api, req, res).catch(next);
  });
}

/** Who calls, refused before anything of the body is read; the user is kept for the operation. */
async function admission(route: V2Route, api: CamundaApiServices, req: Request, res: Response) {
  refuseCrossSite(req);
  const user = route.access === 'public' ? undefined : await api.auth.authenticate(req, ipOf(req));
  if (!allowed(user, route.access)) throw forbidden(route.access as readonly Permission[], localeOf(req));
  res.locals.v2User = user;
  if (user) noteUser(res, user.id);
}

const ipOf = (req: Request) => req.ip ?? req.socket.remoteAddress ?? '';

async function run(route: V2Route, api: CamundaApiServices, req: Request, res: Response) {
  const user = res.locals.v2User as User | undefined;
  const locale = localeOf(req);
  const params = parse(route.params, req.params, 'path', locale);
  // A bodiless POST is an empty object to the schemas, as the SDK's optional bodies are.
  const body = parse(route.body, req.body ?? {}, 'body', locale);
  const after = (body as { page?: { after?: unknown } } | undefined)?.page?.after;
  const result = await route.handler({ params, body, user: user!, locale, ip: ipOf(req), req, res, api }).catch((error: unknown) => {
    throw (typeof after === 'string' && cursorRefusal(error, 'page/after')) || error;
  });
  if (res.headersSent) return;
  if (route.status === 204) res.status(204).end();
  else res.status(200).json(result);
}

/** 403 naming the permissions the operation takes and the roles that give them. */
function forbidden(permissions: readonly Permission[], locale: Locale): DomainError {
  const roles = [...new Set(permissions.flatMap((permission) => PERMISSIONS[permission]))].map((role) => t(locale, `role.${role}`));
  const or = locale === 'es' ? ' o ' : ' or ';
  return new DomainError('forbidden', 'v2.forbidden', { permissions: permissions.join(or), roles: roles.join(or) });
}

function parse(schema: z.ZodType | undefined, value: unknown, where: 'path' | 'body', locale: Locale) {
  if (!schema) return undefined;
  const result = schema.safeParse(value);
  if (result.success) return present(result.data);
  const errors: WordedField[] = result.error.issues.map((issue) => {
    // Our own refinements name a catalogue entry (schemas.ts `refusal`); zod's own stay as zod words them.
    const params = (issue as { params?: { messageKey?: MessageKey } & MessageParams }).params;
    const message = params?.messageKey && hasMessage(params.messageKey) ? t(locale, params.messageKey, params) : issue.message;
    return { field: [where, ...issue.path.map(String)].join('/'), message, code: params?.messageKey ?? issue.code };
  });
  throw invalidRequest(errors);
}
