// Incidents: the list (for those who operate or audit instances) and the retry of one.
import { IncidentPage, IncidentQuery, IncidentRetried, InstanceKeyParams } from '../../../contracts/api/index.js';
import { actorOf, can } from '../../core/identity/index.js';
import { findIncident, listIncidents, retryIncident } from '../../core/instances/index.js';
import { DomainError } from '../../errors.js';
import { defineRoute } from '../route.js';

export const incidentRoutes = [
  defineRoute({
    method: 'get',
    path: '/api/incidents',
    summary: 'Incidentes, con filtros / Incidents, filtered',
    tag: 'incidents',
    access: 'user',
    query: IncidentQuery,
    response: IncidentPage,
    async handler({ query, user, deps }) {
      if (!can(user, 'instances.operate') && !can(user, 'instances.readAll')) throw new DomainError('forbidden', 'http.incidents.forbidden');
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
    params: InstanceKeyParams,
    response: IncidentRetried,
    async handler({ params, user, ip, deps }) {
      const incident = await findIncident(deps.engine, params.key);
      if (!incident) throw new DomainError('not-found', 'http.notFound');
      if (incident.state !== 'ACTIVE') throw new DomainError('conflict', 'http.incident.notActive', { key: params.key });
      const { retriesSet } = await retryIncident(deps, incident, { actor: actorOf(user), ip });
      return { incidentKey: params.key, processInstanceKey: incident.processInstanceKey ?? '', retriesSet };
    },
  }),
];
