// Element instances: what ran in an instance. Everything for those who see every instance; for
// anyone else, the elements of one instance they may see.
import { z } from 'zod';
import type { ElementInstanceFilter, ElementInstanceResult } from '../../../engine/port.js';
import { defineV2Route } from '../route.js';
import { DateProp, LongKey, TenantId, defined, engineQuery, instant, prop, searchQuery, searchResult } from '../schemas.js';
import { requireVisibleInstance } from '../visibility.js';

/** Camunda 8.8's element types: a filter on one the embedded engine never runs finds nothing. */
const ELEMENT_TYPES = [
  'UNSPECIFIED',
  'PROCESS',
  'SUB_PROCESS',
  'EVENT_SUB_PROCESS',
  'AD_HOC_SUB_PROCESS',
  'AD_HOC_SUB_PROCESS_INNER_INSTANCE',
  'START_EVENT',
  'INTERMEDIATE_CATCH_EVENT',
  'INTERMEDIATE_THROW_EVENT',
  'BOUNDARY_EVENT',
  'END_EVENT',
  'SERVICE_TASK',
  'RECEIVE_TASK',
  'USER_TASK',
  'MANUAL_TASK',
  'TASK',
  'EXCLUSIVE_GATEWAY',
  'INCLUSIVE_GATEWAY',
  'PARALLEL_GATEWAY',
  'EVENT_BASED_GATEWAY',
  'SEQUENCE_FLOW',
  'MULTI_INSTANCE_BODY',
  'CALL_ACTIVITY',
  'BUSINESS_RULE_TASK',
  'SCRIPT_TASK',
  'SEND_TASK',
  'UNKNOWN',
] as const;

const Filter = z.strictObject({
  processDefinitionId: z.string().optional(),
  state: prop(z.enum(['ACTIVE', 'COMPLETED', 'TERMINATED'])).optional(),
  type: z.enum(ELEMENT_TYPES).optional(),
  elementId: z.string().optional(),
  elementName: z.string().optional(),
  hasIncident: z.boolean().optional(),
  tenantId: TenantId,
  elementInstanceKey: LongKey.optional(),
  processInstanceKey: LongKey.optional(),
  processDefinitionKey: LongKey.optional(),
  incidentKey: LongKey.optional(),
  startDate: DateProp.optional(),
  endDate: DateProp.optional(),
  elementInstanceScopeKey: LongKey.optional(),
});

const SORT = ['elementInstanceKey', 'processInstanceKey', 'startDate', 'endDate', 'elementId', 'type', 'state'] as const;

/** The API's element instance: the engine's, without Oficio's flowScopeKey. */
const view = ({ flowScopeKey: _scope, ...e }: ElementInstanceResult) => defined({ ...e, startDate: instant(e.startDate)!, endDate: instant(e.endDate) });

export const elementInstanceRoutes = [
  defineV2Route({
    operationId: 'searchElementInstances',
    method: 'post',
    path: '/element-instances/search',
    access: 'user',
    body: searchQuery(Filter, SORT),
    status: 200,
    async handler({ body, user, api }) {
      const { tenantId: _tenant, ...filter } = body.filter ?? {};
      await requireVisibleInstance(api, user, filter.processInstanceKey);
      return searchResult(await api.engine.searchElementInstances(engineQuery(body, filter as ElementInstanceFilter)), view);
    },
  }),
];
