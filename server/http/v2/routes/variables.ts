// Variables: their current values, as JSON text. Everything for those who see every instance; for
// anyone else, the variables of one instance they may see. Values are never truncated.
import { z } from 'zod';
import type { VariableFilter, VariableResult } from '../../../engine/port.js';
import { defineV2Route } from '../route.js';
import { EMPTY_PAGE, KeyProp, StringProp, TenantId, engineQuery, searchQuery, searchResult } from '../schemas.js';
import { requireVisibleInstance } from '../visibility.js';

const Filter = z.strictObject({
  name: StringProp.optional(),
  value: StringProp.optional(),
  tenantId: TenantId,
  isTruncated: z.boolean().optional(),
  variableKey: KeyProp.optional(),
  scopeKey: KeyProp.optional(),
  processInstanceKey: KeyProp.optional(),
});

const SORT = ['name', 'value', 'variableKey', 'scopeKey', 'processInstanceKey'] as const;

const view = (v: VariableResult) => ({
  name: v.name,
  value: v.value,
  tenantId: v.tenantId,
  variableKey: v.variableKey,
  scopeKey: v.scopeKey,
  processInstanceKey: v.processInstanceKey,
  isTruncated: false,
});

export const variableRoutes = [
  defineV2Route({
    operationId: 'searchVariables',
    method: 'post',
    path: '/variables/search',
    access: 'user',
    body: searchQuery(Filter, SORT),
    status: 200,
    async handler({ body, user, api }) {
      const { tenantId: _tenant, isTruncated, ...filter } = body.filter ?? {};
      await requireVisibleInstance(api, user, filter.processInstanceKey);
      if (isTruncated) return EMPTY_PAGE;
      return searchResult(await api.engine.searchVariables(engineQuery(body, filter as VariableFilter)), view);
    },
  }),
];
