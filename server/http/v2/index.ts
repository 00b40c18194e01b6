// The Camunda 8.8 orchestration-cluster REST API, served by the embedded engine under /v2: the subset
// an unmodified @camunda8/sdk client uses for deployments, process definitions and instances,
// messages, jobs and user tasks (plus status, topology, licence and who-am-I), each operation a thin
// handler over the engine port, with HTTP Basic as an Oficio user and the API's authorization rules.
//
// createCamundaV2Router(deps) builds the router; createApp mounts it at /v2. With `mode: 'stand-in'`
// it plays a Camunda cluster without authentication and without Oficio's rules (policy.ts): the
// Camunda adapter's tests mount it alone (test/engine/camunda/double.ts).
import express, { type Router } from 'express';
import { jsonBody } from '../body.js';
import { camundaErrorFunnel } from './problems.js';
import { DomainError } from '../../errors.js';
import { mountV2Route, type V2Route } from './route.js';
import { createCamundaApiServices, type CamundaApiDeps } from './services.js';
import { clusterRoutes } from './routes/cluster.js';
import { deploymentRoutes } from './routes/deployments.js';
import { processDefinitionRoutes } from './routes/process-definitions.js';
import { processInstanceRoutes } from './routes/process-instances.js';
import { elementInstanceRoutes } from './routes/element-instances.js';
import { variableRoutes } from './routes/variables.js';
import { incidentRoutes } from './routes/incidents.js';
import { messageRoutes } from './routes/messages.js';
import { jobRoutes } from './routes/jobs.js';
import { userTaskRoutes } from './routes/user-tasks.js';

export {
  servesCamundaApi,
  DEFAULT_CAMUNDA_API_SETTINGS,
  type CamundaApiDeps,
  type CamundaApiEngine,
  type CamundaApiJob,
  type CamundaApiJobCommands,
  type CamundaApiSettings,
  type TaskListenerResult,
} from './services.js';
export type { CamundaApiMode } from './policy.js';
export type { CamundaProblem } from './problems.js';
export type { V2Access, V2Route } from './route.js';

/** Every operation served, by resource. */
export const camundaApiRoutes: V2Route[] = [
  ...clusterRoutes,
  ...deploymentRoutes,
  ...processDefinitionRoutes,
  ...processInstanceRoutes,
  ...elementInstanceRoutes,
  ...variableRoutes,
  ...incidentRoutes,
  ...messageRoutes,
  ...jobRoutes,
  ...userTaskRoutes,
] as unknown as V2Route[];

/** The /v2 router (its paths are relative: mount it at '/v2'). */
export function createCamundaV2Router(deps: CamundaApiDeps): Router {
  const api = createCamundaApiServices(deps);
  const router = express.Router();
  // Each operation reads its body only after its caller was admitted (route.ts).
  const readBody = jsonBody({ maxBytes: api.settings.maxRequestBytes, maxDepth: api.settings.maxJsonDepth });
  for (const route of camundaApiRoutes) mountV2Route(router, route, api, readBody);
  router.use((req, _res, next) => next(new DomainError('not-found', 'v2.notFound', { method: req.method, path: req.originalUrl.split('?')[0]! })));
  router.use(camundaErrorFunnel(api.log, api.wording));
  return router;
}
