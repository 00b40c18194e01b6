// createApp(deps) builds Oficio's HTTP API over the use cases createOficio built, and serves the
// browser app; only server/main.ts listens.
import express from 'express';
import helmet from 'helmet';
import { DomainError } from '../errors.js';
import { jsonBody } from './body.js';
import type { AppDeps, RouteDeps } from './deps.js';
import { designerRouter } from './designer.js';
import { DEFAULT_REQUEST_LIMITS, type RequestLimits } from './limits.js';
import { errorFunnel } from './problems.js';
import { requestLog } from './request-log.js';
import { createUserQuotas, withQuotas } from './quotas.js';
import { createSlidingWindowLimiter, DEFAULT_USER_QUOTAS } from './rate-limit.js';
import { mountRoute, openApiDocument, type RouteSpec } from './route.js';
import { authRoutes } from './routes/auth.js';
import { signInThrottleRoutes } from './routes/sign-in-throttles.js';
import { instanceRoutes } from './routes/instances.js';
import { caseRoutes } from './routes/cases.js';
import { searchRoutes } from './routes/search.js';
import { incidentRoutes } from './routes/incidents.js';
import { auditRoutes } from './routes/audit.js';
import { attachmentRoutes } from './routes/attachments.js';
import { modelRoutes } from './routes/models.js';
import { processRoutes } from './routes/processes.js';
import { formRoutes } from './routes/forms.js';
import { groupRoutes } from './routes/groups.js';
import { workerRoutes } from './routes/workers.js';
import { publicRoutes } from './routes/public.js';
import { taskRoutes } from './routes/tasks.js';
import { eventRoutes } from './routes/events.js';
import { PUBLIC_SUBMISSIONS, PUBLIC_WINDOW_MS } from './routes/public.js';
import { createCamundaV2Router, servesCamundaApi } from './v2/index.js';

/** Every route of the API, in the order the OpenAPI document lists them. */
export const routes: RouteSpec[] = [
  ...authRoutes,
  ...signInThrottleRoutes,
  ...instanceRoutes,
  ...caseRoutes,
  ...searchRoutes,
  ...incidentRoutes,
  ...auditRoutes,
  ...attachmentRoutes,
  ...modelRoutes,
  ...formRoutes,
  ...workerRoutes,
  ...groupRoutes,
  ...processRoutes,
  ...publicRoutes,
  ...taskRoutes,
  ...eventRoutes,
] as unknown as RouteSpec[];

/** The request limits the settings give (those left out keep their defaults). */
function definedLimits({ maxJsonBytes, v2MaxRequestBytes, maxJsonDepth }: AppDeps['http']): Partial<RequestLimits> {
  return {
    ...(maxJsonBytes !== undefined ? { maxJsonBytes } : {}),
    ...(v2MaxRequestBytes !== undefined ? { v2MaxRequestBytes } : {}),
    ...(maxJsonDepth !== undefined ? { maxJsonDepth } : {}),
  };
}

export function createApp(deps: AppDeps) {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', deps.http.trustProxy);
  // First, so every request — refused, failed or abandoned — leaves its line in the operator's log.
  app.use(requestLog(deps.log));
  app.use(
    helmet({
      contentSecurityPolicy: {
        useDefaults: false,
        // What the designer needs and no more: its own scripts, styles and API; bpmn-js sets inline
        // styles; diagrams export as data:/blob: images; nothing is framed or posted elsewhere.
        // 'unsafe-eval' because the forms check data in the browser with ajv (@rjsf/validator-ajv8),
        // which compiles each schema into a function with Function(): without it every form reports
        // itself invalid. Inline and foreign scripts stay refused.
        directives: {
          'default-src': ["'self'"],
          'script-src': ["'self'", "'unsafe-eval'"],
          'script-src-attr': ["'none'"],
          'style-src': ["'self'", "'unsafe-inline'"],
          'img-src': ["'self'", 'data:', 'blob:'],
          'font-src': ["'self'", 'data:'],
          'connect-src': ["'self'"],
          'object-src': ["'none'"],
          'base-uri': ["'self'"],
          'form-action': ["'self'"],
          'frame-ancestors': ["'none'"],
          // Only behind TLS: on a plain-HTTP intranet address it would send the browser to https.
          ...(deps.http.secureCookies ? { 'upgrade-insecure-requests': [] } : {}),
        },
      },
    }),
  );
  // The app's own state, on the app's clock: one limiter of public submissions, and the users' quotas
  // counted around the use cases both APIs call (quotas.ts), so neither API is a way around the other.
  const publicSubmissions = createSlidingWindowLimiter({ limit: PUBLIC_SUBMISSIONS, windowMs: PUBLIC_WINDOW_MS, now: () => deps.now().getTime() });
  const quotas = createUserQuotas({ ...DEFAULT_USER_QUOTAS, ...deps.http.quotas }, () => deps.now().getTime());
  const counted: AppDeps = { ...deps, ...withQuotas(deps, quotas, publicSubmissions) };
  const limits = { ...DEFAULT_REQUEST_LIMITS, ...definedLimits(deps.http) };
  // The Camunda REST API of the embedded engine (HTTP Basic, Camunda's problems; parses its own bodies).
  // On ENGINE=camunda the cluster serves it itself.
  if (servesCamundaApi(deps.engine)) {
    app.use('/v2', createCamundaV2Router({ ...counted, engine: deps.engine, settings: { maxRequestBytes: limits.v2MaxRequestBytes, maxJsonDepth: limits.maxJsonDepth } }));
  }
  app.use(jsonBody({ maxBytes: limits.maxJsonBytes, maxDepth: limits.maxJsonDepth }));

  const routeDeps: RouteDeps = { ...counted, publicSubmissions, quotas };
  const api = express.Router();
  for (const route of routes) mountRoute(api, route, routeDeps);
  const document = openApiDocument(routes, { title: 'Oficio API', version: '1.0.0' });
  api.get('/api/openapi.json', (_req, res) => {
    res.json(document);
  });
  api.use('/api', (_req, _res, next) => next(new DomainError('not-found', 'http.notFound')));
  app.use(api);
  if (deps.designer) app.use(designerRouter(deps.designer));
  app.use((_req, _res, next) => next(new DomainError('not-found', 'http.notFound')));
  app.use(errorFunnel(deps.log));
  return app;
}
