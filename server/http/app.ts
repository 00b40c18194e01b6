// createApp(deps) builds Oficio's HTTP API; only server/main.ts listens.
import express from 'express';
import helmet from 'helmet';
import type { AppDeps } from './deps.js';
import { errorFunnel, HttpProblem } from './problems.js';
import { mountRoute, openApiDocument, type RouteSpec } from './route.js';
import { authRoutes } from './routes/auth.js';
import { instanceRoutes } from './routes/instances.js';
import { incidentRoutes } from './routes/incidents.js';
import { auditRoutes } from './routes/audit.js';
import { attachmentRoutes } from './routes/attachments.js';
import { modelRoutes } from './routes/models.js';
import { processRoutes } from './routes/processes.js';
import { publicRoutes } from './routes/public.js';
import { taskRoutes } from './routes/tasks.js';

/** Every route of the API, in the order the OpenAPI document lists them. */
export const routes: RouteSpec[] = [
  ...authRoutes,
  ...instanceRoutes,
  ...incidentRoutes,
  ...auditRoutes,
  ...attachmentRoutes,
  ...modelRoutes,
  ...processRoutes,
  ...publicRoutes,
  ...taskRoutes,
] as unknown as RouteSpec[];

export function createApp(deps: AppDeps) {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', deps.http.trustProxy);
  app.use(helmet());
  app.use(express.json({ limit: '1mb' }));

  const api = express.Router();
  for (const route of routes) mountRoute(api, route, deps);
  const document = openApiDocument(routes, { title: 'Oficio API', version: '1.0.0' });
  api.get('/api/openapi.json', (_req, res) => {
    res.json(document);
  });
  api.use('/api', (_req, _res, next) => next(new HttpProblem(404, 'http.notFound')));
  app.use(api);
  app.use(errorFunnel(deps.log));
  return app;
}
