// Incidents: the list (for those who operate or audit instances) and the retry of one.
import { z } from 'zod';
import { can } from '../../core/identity/index.js';
import { findIncident, listIncidents, retryIncident } from '../../core/instances/index.js';
import { HttpProblem } from '../problems.js';
import { defineRoute } from '../route.js';
import { actorOf } from './auth.js';
import { Key, Limit } from './instances.js';

const ERROR_TYPES = ['UNKNOWN', 'IO_MAPPING_ERROR', 'JOB_NO_RETRIES', 'CONDITION_ERROR', 'EXTRACT_VALUE_ERROR', 'CALLED_ELEMENT_ERROR', 'UNHANDLED_ERROR_EVENT'] as const;

const Incident = z.object({
  incidentKey: z.string().optional(),
  processInstanceKey: z.string().optional(),
  processDefinitionId: z.string().optional(),
  processDefinitionKey: z.string().optional(),
  elementId: z.string().optional(),
  elementInstanceKey: z.string().optional(),
  errorType: z.enum(ERROR_TYPES).optional(),
  errorMessage: z.string().optional(),
  creationTime: z.string().optional(),
  state: z.enum(['ACTIVE', 'RESOLVED']).optional(),
  jobKey: z.string().optional(),
  tenantId: z.string().optional(),
});

export const incidentRoutes = [
  defineRoute({
    method: 'get',
    path: '/api/incidents',
    summary: 'Incidentes, con filtros / Incidents, filtered',
    tag: 'incidents',
    access: 'user',
    query: z.object({
      processInstanceKey: Key.optional(),
      process: z.string().min(1).max(200).optional(),
      state: z.enum(['ACTIVE', 'RESOLVED']).optional(),
      errorType: z.enum(ERROR_TYPES).optional(),
      elementId: z.string().min(1).max(200).optional(),
      limit: Limit,
      cursor: z.string().min(1).max(2000).optional(),
    }),
    response: z.object({ items: z.array(Incident), nextCursor: z.string().optional() }),
    async handler({ query, user, deps }) {
      if (!can(user, 'instances.operate') && !can(user, 'instances.readAll')) throw new HttpProblem(403, 'http.incidents.forbidden');
      const { limit, cursor, ...filter } = query;
      return listIncidents(deps.engine, filter, { limit, ...(cursor ? { cursor } : {}) });
    },
  }),
  defineRoute({
    method: 'post',
    path: '/api/incidents/:key/retry',
    summary: 'Reintenta el paso detenido por un incidente / Retries the step an incident stopped',
    tag: 'incidents',
    access: 'instances.operate',
    params: z.object({ key: Key }),
    response: z.object({ incidentKey: z.string(), processInstanceKey: z.string(), retriesSet: z.boolean() }),
    async handler({ params, user, ip, deps }) {
      const incident = await findIncident(deps.engine, params.key);
      if (!incident) throw new HttpProblem(404, 'http.notFound');
      if (incident.state !== 'ACTIVE') throw new HttpProblem(409, 'http.incident.notActive', { key: params.key });
      const { retriesSet } = await retryIncident(deps.engine, incident);
      await deps.audit.record({
        actor: actorOf(user),
        action: 'incident.retry',
        ...(incident.processInstanceKey ? { processInstanceKey: incident.processInstanceKey } : {}),
        subject: params.key,
        data: {
          incidentKey: params.key,
          errorType: incident.errorType ?? 'UNKNOWN',
          elementId: incident.elementId ?? '',
          ...(incident.jobKey ? { jobKey: incident.jobKey } : {}),
          retriesSet,
        },
        ip,
      });
      return { incidentKey: params.key, processInstanceKey: incident.processInstanceKey ?? '', retriesSet };
    },
  }),
];
