// Process instances: create (optionally awaiting the end), get, search, cancel.
//
// Who may start what: those who operate instances (admin, process owner) start any deployed
// process, any version, with the variables as given — what a job worker or an integration does —
// but never with a variable the platform owns (iniciadoPor, ticket …: server/core/catalogue).
// Everyone else starts as in the start-form catalogue: only the latest version of a process whose
// start event names an Oficio form, when its starter groups include theirs, with the variables
// validated against that form and `iniciadoPor` set (server/core/catalogue).
import { z } from 'zod';
import type { Json } from '../../../store/port.js';
import { actorOf, can, type User } from '../../../core/identity/index.js';
import type { Locale } from '../../../i18n/index.js';
import type { CreateProcessInstanceResult, ProcessInstanceCreation, ProcessInstanceFilter, ProcessInstanceResult, Variables } from '../../../engine/port.js';
import { DomainError } from '../../../errors.js';
import { defineV2Route } from '../route.js';
import type { CamundaApiServices } from '../services.js';
import {
  DEFAULT_TENANT,
  DateProp,
  EMPTY_PAGE,
  Int64,
  IntProp,
  KeyProp,
  LongKey,
  OperationReference,
  StringProp,
  TenantFilter,
  TenantId,
  Variables as VariablesSchema,
  defined,
  engineQuery,
  instant,
  prop,
  refusal,
  searchQuery,
  searchResult,
} from '../schemas.js';
import { seesAllInstances, visibleInstanceKeys } from '../visibility.js';

const Tag = z.string().regex(/^[A-Za-z][A-Za-z0-9_\-:.]{0,99}$/);

const CreateBody = z
  .object({
    processDefinitionId: z.string().min(1).max(200).optional(),
    processDefinitionVersion: z.number().int().optional(),
    processDefinitionKey: LongKey.optional(),
    variables: VariablesSchema.optional(),
    tenantId: TenantId,
    operationReference: OperationReference,
    startInstructions: z
      .array(z.unknown())
      .refine((list) => list.length === 0, refusal('v2.unsupported', { feature: 'startInstructions' }))
      .optional(),
    runtimeInstructions: z
      .array(z.unknown())
      .refine((list) => list.length === 0, refusal('v2.unsupported', { feature: 'runtimeInstructions' }))
      .optional(),
    awaitCompletion: z.boolean().optional(),
    fetchVariables: z.array(z.string()).optional(),
    requestTimeout: Int64.optional(),
    tags: z.array(Tag).max(10).optional(),
  })
  .refine((b) => !!b.processDefinitionId !== !!b.processDefinitionKey, { ...refusal('v2.processNeeded'), path: ['processDefinitionId'] });

const InstanceState = z.enum(['ACTIVE', 'COMPLETED', 'TERMINATED']);

const Filter = z.strictObject({
  processDefinitionId: StringProp.optional(),
  processDefinitionName: StringProp.optional(),
  processDefinitionVersion: IntProp.optional(),
  processDefinitionKey: KeyProp.optional(),
  processInstanceKey: KeyProp.optional(),
  parentProcessInstanceKey: KeyProp.optional(),
  parentElementInstanceKey: KeyProp.optional(),
  startDate: DateProp.optional(),
  endDate: DateProp.optional(),
  state: prop(InstanceState).optional(),
  hasIncident: z.boolean().optional(),
  tenantId: TenantFilter,
});

const SORT = [
  'processInstanceKey',
  'processDefinitionId',
  'processDefinitionName',
  'processDefinitionVersion',
  'processDefinitionKey',
  'startDate',
  'endDate',
  'state',
  'hasIncident',
] as const;

const KeyParams = z.object({ processInstanceKey: LongKey });

export const instanceView = (i: ProcessInstanceResult) => defined({ ...i, startDate: instant(i.startDate)!, endDate: instant(i.endDate) });

/** The root variables of an ended instance, waiting (bounded) for it to end — or for the caller to leave. */
async function awaitEnd(api: CamundaApiServices, processInstanceKey: string, timeoutMs: number, callerLeft: () => boolean): Promise<Variables> {
  const until = Date.now() + timeoutMs;
  for (let pause = 5; ; pause = Math.min(pause * 2, 200)) {
    const { state } = await api.engine.getProcessInstance({ processInstanceKey });
    if (state !== 'ACTIVE') break;
    // Nobody would read the answer: stop asking the engine (the instance itself goes on).
    if (callerLeft()) return {};
    if (Date.now() >= until) throw new DomainError('timeout', 'v2.awaitTimeout', { key: processInstanceKey, ms: timeoutMs });
    await new Promise((resolve) => setTimeout(resolve, Math.min(pause, Math.max(1, until - Date.now()))));
  }
  const variables: Variables = {};
  let after: string | undefined;
  do {
    const { items, page } = await api.engine.searchVariables({ filter: { processInstanceKey, scopeKey: processInstanceKey }, page: { limit: 1000, ...(after ? { after } : {}) } });
    for (const v of items) variables[v.name] = JSON.parse(v.value);
    after = items.length ? page.endCursor : undefined;
  } while (after);
  return variables;
}

/** The latest version's process id for a non-operator's request, refusing an older version. */
async function latestProcessId(api: CamundaApiServices, body: z.infer<typeof CreateBody>): Promise<string> {
  const filter = body.processDefinitionKey ? { processDefinitionKey: body.processDefinitionKey } : { processDefinitionId: body.processDefinitionId!, isLatestVersion: true };
  const { items } = await api.engine.searchProcessDefinitions({ filter, page: { limit: 1 } });
  const def = items[0];
  if (!def?.processDefinitionId) throw new DomainError('not-found', 'v2.engine.NOT_FOUND', { what: body.processDefinitionKey ?? body.processDefinitionId! });
  const version = body.processDefinitionKey ? def.version : body.processDefinitionVersion;
  if (version !== undefined && version !== -1) {
    const { items: latest } = await api.engine.searchProcessDefinitions({ filter: { processDefinitionId: def.processDefinitionId, isLatestVersion: true }, page: { limit: 1 } });
    if (latest[0]?.version !== version) throw new DomainError('forbidden', 'v2.startVersion', { processId: def.processDefinitionId });
  }
  return def.processDefinitionId;
}

async function start(api: CamundaApiServices, user: User, body: z.infer<typeof CreateBody>, ip: string, locale: Locale) {
  if (can(user, 'instances.operate')) {
    api.refuseStartVariables(body.variables);
    // The event commits with the start: what only the engine knows (the key, the version) comes from it.
    return api.audit.run<ProcessInstanceCreation, CreateProcessInstanceResult>(
      {
        actor: actorOf(user),
        action: 'instance.start',
        subject: body.processDefinitionId ?? body.processDefinitionKey!,
        data: { via: 'camunda-api', data: (body.variables ?? {}) as Json },
        ip,
      },
      (options) =>
        api.engine.createProcessInstance(
          {
            ...(body.processDefinitionKey ? { processDefinitionKey: body.processDefinitionKey } : { processDefinitionId: body.processDefinitionId! }),
            ...(body.processDefinitionVersion !== undefined && body.processDefinitionVersion !== -1 ? { processDefinitionVersion: body.processDefinitionVersion } : {}),
            variables: body.variables ?? {},
            ...(body.tags ? { tags: body.tags } : {}),
          },
          options,
        ),
      (created) => ({
        processInstanceKey: created.processInstanceKey,
        subject: created.processDefinitionId,
        data: { processDefinitionId: created.processDefinitionId, version: created.processDefinitionVersion },
      }),
    );
  }
  const processId = await latestProcessId(api, body);
  const started = await api.catalogue.start(processId, body.variables ?? {}, { kind: 'user', user, actor: actorOf(user), ip }, locale);
  return {
    processDefinitionId: processId,
    processDefinitionVersion: started.version,
    tenantId: DEFAULT_TENANT,
    variables: {},
    processDefinitionKey: started.processDefinitionKey,
    processInstanceKey: started.processInstanceKey,
    // No tags: a start through the catalogue's rules does not apply them, so none are reported.
  };
}

export const processInstanceRoutes = [
  defineV2Route({
    operationId: 'createProcessInstance',
    method: 'post',
    path: '/process-instances',
    access: 'user',
    body: CreateBody,
    status: 200,
    async handler({ body, user, ip, locale, api, res }) {
      const created = await start(api, user, body, ip, locale);
      let variables: Variables = {};
      if (body.awaitCompletion) {
        const asked = body.requestTimeout && body.requestTimeout > 0 ? body.requestTimeout : api.settings.awaitDefaultMs;
        variables = await awaitEnd(api, created.processInstanceKey, Math.min(asked, api.settings.requestTimeoutMaxMs), () => res.destroyed || !res.socket || res.socket.destroyed);
        if (body.fetchVariables?.length) variables = Object.fromEntries(Object.entries(variables).filter(([name]) => body.fetchVariables!.includes(name)));
      }
      return {
        processDefinitionId: created.processDefinitionId,
        processDefinitionVersion: created.processDefinitionVersion,
        tenantId: DEFAULT_TENANT,
        variables,
        processDefinitionKey: created.processDefinitionKey,
        processInstanceKey: created.processInstanceKey,
        ...(created.tags?.length ? { tags: created.tags } : {}),
      };
    },
  }),
  defineV2Route({
    operationId: 'getProcessInstance',
    method: 'get',
    path: '/process-instances/:processInstanceKey',
    access: 'user',
    params: KeyParams,
    status: 200,
    async handler({ params, user, api }) {
      // Visibility first: someone who may not see it does not learn whether it exists.
      if (!seesAllInstances(user) && !(await api.instanceAccess.maySee(user, params.processInstanceKey))) throw new DomainError('forbidden', 'http.instance.notVisible');
      return instanceView(await api.engine.getProcessInstance({ processInstanceKey: params.processInstanceKey }));
    },
  }),
  defineV2Route({
    operationId: 'searchProcessInstances',
    method: 'post',
    path: '/process-instances/search',
    access: 'user',
    body: searchQuery(Filter, SORT),
    status: 200,
    async handler({ body, user, api }) {
      const { tenantId: _tenant, ...filter } = body.filter ?? {};
      const keys = await visibleInstanceKeys(api, user, filter.processInstanceKey);
      if (keys === 'none') return EMPTY_PAGE;
      const restricted: ProcessInstanceFilter = { ...filter, ...(keys === undefined ? {} : { processInstanceKey: keys }) };
      return searchResult(await api.engine.searchProcessInstances(engineQuery(body, restricted)), instanceView);
    },
  }),
  defineV2Route({
    operationId: 'cancelProcessInstance',
    method: 'post',
    path: '/process-instances/:processInstanceKey/cancellation',
    access: ['instances.operate'],
    params: KeyParams,
    body: z.object({ operationReference: OperationReference }),
    status: 204,
    async handler({ params, user, ip, api }) {
      const instance = await api.engine.getProcessInstance({ processInstanceKey: params.processInstanceKey });
      await api.audit.run(
        { actor: actorOf(user), action: 'instance.cancel', processInstanceKey: params.processInstanceKey, subject: instance.processDefinitionId, data: { via: 'camunda-api' }, ip },
        (options) => api.engine.cancelProcessInstance({ processInstanceKey: params.processInstanceKey }, options),
      );
    },
  }),
];
