// Incidents: search (every one for those who see every instance, else one instance's) and resolve
// (those who operate instances), audited as the incident page's retry is.
import { z } from 'zod';
import { actorOf } from '../../../core/identity/index.js';
import type { IncidentFilter, IncidentResult } from '../../../engine/port.js';
import { DomainError } from '../../../errors.js';
import { defineV2Route } from '../route.js';
import { DateProp, LongKey, OperationReference, TenantId, defined, engineQuery, instant, searchQuery, searchResult } from '../schemas.js';
import { requireVisibleInstance } from '../visibility.js';

const ERROR_TYPES = ['UNKNOWN', 'IO_MAPPING_ERROR', 'JOB_NO_RETRIES', 'CONDITION_ERROR', 'EXTRACT_VALUE_ERROR', 'CALLED_ELEMENT_ERROR', 'UNHANDLED_ERROR_EVENT'] as const;

const Filter = z.strictObject({
  processDefinitionId: z.string().optional(),
  errorType: z.enum(ERROR_TYPES).optional(),
  errorMessage: z.string().optional(),
  elementId: z.string().optional(),
  creationTime: DateProp.optional(),
  state: z.enum(['ACTIVE', 'RESOLVED']).optional(),
  tenantId: TenantId,
  incidentKey: LongKey.optional(),
  processDefinitionKey: LongKey.optional(),
  processInstanceKey: LongKey.optional(),
  elementInstanceKey: LongKey.optional(),
  jobKey: LongKey.optional(),
});

const SORT = ['incidentKey', 'processInstanceKey', 'creationTime', 'errorType', 'state', 'elementId'] as const;

const view = (i: IncidentResult) => defined({ ...i, creationTime: instant(i.creationTime) });

export const incidentRoutes = [
  defineV2Route({
    operationId: 'searchIncidents',
    method: 'post',
    path: '/incidents/search',
    access: 'user',
    body: searchQuery(Filter, SORT),
    status: 200,
    async handler({ body, user, api }) {
      const { tenantId: _tenant, ...filter } = body.filter ?? {};
      await requireVisibleInstance(api, user, filter.processInstanceKey);
      return searchResult(await api.engine.searchIncidents(engineQuery(body, filter as IncidentFilter)), view);
    },
  }),
  defineV2Route({
    operationId: 'resolveIncident',
    method: 'post',
    path: '/incidents/:incidentKey/resolution',
    access: ['instances.operate'],
    params: z.object({ incidentKey: LongKey }),
    body: z.object({ operationReference: OperationReference }),
    status: 204,
    async handler({ params, user, ip, api }) {
      const { items } = await api.engine.searchIncidents({ filter: { incidentKey: params.incidentKey }, page: { limit: 1 } });
      const incident = items[0];
      if (!incident) throw new DomainError('not-found', 'v2.engine.NOT_FOUND', { what: params.incidentKey });
      await api.audit.run(
        {
          actor: actorOf(user),
          action: 'incident.resolve',
          ...(incident.processInstanceKey ? { processInstanceKey: incident.processInstanceKey } : {}),
          subject: params.incidentKey,
          data: {
            via: 'camunda-api',
            incidentKey: params.incidentKey,
            errorType: incident.errorType ?? 'UNKNOWN',
            elementId: incident.elementId ?? '',
            ...(incident.jobKey ? { jobKey: incident.jobKey } : {}),
          },
          ip,
        },
        (options) => api.engine.resolveIncident({ incidentKey: params.incidentKey }, options),
      );
    },
  }),
];
