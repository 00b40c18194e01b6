// User tasks through the tasklist's rules (server/core/tasks): searching and reading what one may
// see, assigning (to oneself: claiming; to someone else: reassigning within the task's groups),
// unassigning, and completing — the variables validated against the task's form, audited as the
// tasklist does. A stand-in cluster takes the commands straight to the engine (policy.ts).
import { z } from 'zod';
import type { UserTaskFilter, UserTaskResult } from '../../../engine/port.js';
import { DomainError } from '../../../errors.js';
import { defineV2Route } from '../route.js';
import { DateProp, EMPTY_PAGE, IntProp, LongKey, StringProp, TenantFilter, Variables, defined, engineQuery, instant, prop, searchQuery, searchResult } from '../schemas.js';
import { mayViewTask, visibleTaskFilter } from '../visibility.js';

const Filter = z.strictObject({
  state: prop(z.enum(['CREATED', 'COMPLETED', 'CANCELED', 'FAILED'])).optional(),
  assignee: StringProp.optional(),
  priority: IntProp.optional(),
  elementId: z.string().optional(),
  name: z.string().optional(),
  candidateGroup: StringProp.optional(),
  candidateUser: StringProp.optional(),
  tenantId: TenantFilter,
  processDefinitionId: z.string().optional(),
  creationDate: DateProp.optional(),
  completionDate: DateProp.optional(),
  followUpDate: DateProp.optional(),
  dueDate: DateProp.optional(),
  userTaskKey: LongKey.optional(),
  processDefinitionKey: LongKey.optional(),
  processInstanceKey: LongKey.optional(),
  elementInstanceKey: LongKey.optional(),
});

const SORT = ['creationDate', 'completionDate', 'followUpDate', 'dueDate', 'priority', 'name'] as const;

const KeyParams = z.object({ userTaskKey: LongKey });

export const taskView = (task: UserTaskResult) =>
  defined({
    ...task,
    creationDate: instant(task.creationDate),
    completionDate: instant(task.completionDate),
    followUpDate: instant(task.followUpDate),
    dueDate: instant(task.dueDate),
    priority: task.priority ?? 50,
  });

export const userTaskRoutes = [
  defineV2Route({
    operationId: 'searchUserTasks',
    method: 'post',
    path: '/user-tasks/search',
    access: 'user',
    body: searchQuery(Filter, SORT),
    status: 200,
    async handler({ body, user, api }) {
      const { tenantId: _tenant, ...filter } = body.filter ?? {};
      const visible = visibleTaskFilter(user, filter as UserTaskFilter);
      if (visible === 'none') return EMPTY_PAGE;
      return searchResult(await api.engine.searchUserTasks(engineQuery(body, visible)), taskView);
    },
  }),
  defineV2Route({
    operationId: 'getUserTask',
    method: 'get',
    path: '/user-tasks/:userTaskKey',
    access: 'user',
    params: KeyParams,
    status: 200,
    async handler({ params, user, api }) {
      const task = await api.engine.getUserTask({ userTaskKey: params.userTaskKey });
      if (!mayViewTask(user, task)) throw new DomainError('forbidden', 'tasks.notVisible', { key: params.userTaskKey });
      return taskView(task);
    },
  }),
  defineV2Route({
    operationId: 'assignUserTask',
    method: 'post',
    path: '/user-tasks/:userTaskKey/assignment',
    access: 'user',
    params: KeyParams,
    body: z.object({ assignee: z.string().trim().min(1).max(64), allowOverride: z.boolean().nullable().optional(), action: z.string().max(1000).nullable().optional() }),
    status: 204,
    async handler({ params, body, user, api }) {
      await api.userTasks.assign(user, params.userTaskKey, body);
    },
  }),
  defineV2Route({
    operationId: 'unassignUserTask',
    method: 'delete',
    path: '/user-tasks/:userTaskKey/assignee',
    access: 'user',
    params: KeyParams,
    status: 204,
    async handler({ params, user, api }) {
      await api.userTasks.unassign(user, params.userTaskKey);
    },
  }),
  defineV2Route({
    operationId: 'completeUserTask',
    method: 'post',
    path: '/user-tasks/:userTaskKey/completion',
    access: 'user',
    params: KeyParams,
    body: z.object({ variables: Variables.nullable().optional(), action: z.string().max(1000).nullable().optional() }),
    status: 204,
    async handler({ params, body, user, locale, api }) {
      await api.userTasks.complete(user, params.userTaskKey, body, locale);
    },
  }),
];
