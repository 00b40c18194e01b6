// Deployed process definitions: search, one by key, its BPMN. For those who edit models or see
// every instance (admin, process owner, auditor), as the models and instance pages are.
import { z } from 'zod';
import type { ProcessDefinitionFilter, ProcessDefinitionResult } from '../../../engine/port.js';
import { DomainError } from '../../../errors.js';
import { defineV2Route, type V2Access } from '../route.js';
import { LongKey, StringProp, TenantFilter, defined, engineQuery, searchQuery, searchResult } from '../schemas.js';

const READERS: V2Access = ['models.edit', 'instances.readAll', 'instances.operate'];

const Filter = z.strictObject({
  name: StringProp.optional(),
  isLatestVersion: z.boolean().optional(),
  resourceName: z.string().optional(),
  version: z.number().int().optional(),
  processDefinitionId: StringProp.optional(),
  tenantId: TenantFilter,
  processDefinitionKey: LongKey.optional(),
});

const SORT = ['processDefinitionKey', 'name', 'version', 'processDefinitionId'] as const;

const KeyParams = z.object({ processDefinitionKey: LongKey });

const view = (d: ProcessDefinitionResult) => defined({ ...d });

export const processDefinitionRoutes = [
  defineV2Route({
    operationId: 'searchProcessDefinitions',
    method: 'post',
    path: '/process-definitions/search',
    access: READERS,
    body: searchQuery(Filter, SORT),
    status: 200,
    async handler({ body, api }) {
      const { tenantId: _tenant, ...filter } = body.filter ?? {};
      return searchResult(await api.engine.searchProcessDefinitions(engineQuery(body, filter as ProcessDefinitionFilter)), view);
    },
  }),
  defineV2Route({
    operationId: 'getProcessDefinition',
    method: 'get',
    path: '/process-definitions/:processDefinitionKey',
    access: READERS,
    params: KeyParams,
    status: 200,
    async handler({ params, api }) {
      const { items } = await api.engine.searchProcessDefinitions({ filter: { processDefinitionKey: params.processDefinitionKey }, page: { limit: 1 } });
      if (!items[0]) throw new DomainError('not-found', 'v2.engine.NOT_FOUND', { what: params.processDefinitionKey });
      return view(items[0]);
    },
  }),
  defineV2Route({
    operationId: 'getProcessDefinitionXml',
    method: 'get',
    path: '/process-definitions/:processDefinitionKey/xml',
    access: READERS,
    params: KeyParams,
    status: 200,
    async handler({ params, res, api }) {
      const xml = await api.engine.getProcessDefinitionXml({ processDefinitionKey: params.processDefinitionKey });
      res.status(200).type('text/xml').send(xml);
    },
  }),
];
