// The tasklist: tasks visible to the signed-in user with their SLA, one task with its form, current
// data and the user's draft; whom it may be reassigned to; claim, unclaim, reassign with a reason,
// save a draft, complete.
import { z } from 'zod';
import { activeMembersOf } from '../../core/identity/index.js';
import { createTasklist, type Tasklist } from '../../core/tasks/index.js';
import type { AppDeps } from '../deps.js';
import { defineRoute } from '../route.js';
import { actorOf } from './auth.js';
import { formsOf } from './forms.js';
import { FormDataBody, LocalizedFormView, answering, clockOf } from './processes.js';

const tasklists = new WeakMap<AppDeps, Tasklist>();

function tasklistOf(deps: AppDeps): Tasklist {
  let tasklist = tasklists.get(deps);
  if (!tasklist) {
    tasklist = createTasklist({
      engine: deps.engine,
      store: deps.store,
      audit: deps.audit,
      forms: formsOf(deps),
      findUser: (username) => deps.identity.findByUsername(username),
      activeMembers: activeMembersOf(deps.identity),
      now: clockOf(deps),
    });
    tasklists.set(deps, tasklist);
  }
  return tasklist;
}

const KeyParams = z.object({ userTaskKey: z.string().regex(/^[\w-]{1,64}$/) });
const isoDateTime = z.iso.datetime({ offset: true });

const Sla = z.object({ status: z.enum(['on-time', 'due-soon', 'breached']), byMinutes: z.number().int(), dueDate: z.string() });

const TaskItem = z.object({
  userTaskKey: z.string(),
  name: z.string(),
  elementId: z.string(),
  state: z.enum(['CREATED', 'COMPLETED', 'CANCELED', 'FAILED']),
  processDefinitionId: z.string(),
  processName: z.string(),
  processInstanceKey: z.string(),
  assignee: z.string().nullable(),
  candidateGroups: z.array(z.string()),
  dueDate: z.string().nullable(),
  creationDate: z.string(),
  completionDate: z.string().nullable(),
  formId: z.string().nullable(),
  sla: Sla.nullable(),
});

const Draft = z.object({ data: z.record(z.string(), z.unknown()), savedAt: z.string() });

const TaskDetail = z.object({
  task: TaskItem,
  form: LocalizedFormView.nullable(),
  data: z.record(z.string(), z.unknown()),
  draft: Draft.nullable(),
  actions: z.object({ claim: z.boolean(), unclaim: z.boolean(), reassign: z.boolean(), complete: z.boolean(), saveDraft: z.boolean() }),
});

export const taskRoutes = [
  defineRoute({
    method: 'get',
    path: '/api/tasks',
    summary: 'Tareas visibles para usted, con su SLA / Tasks visible to you, with their SLA',
    tag: 'tasks',
    access: 'user',
    query: z.object({
      processDefinitionId: z.string().max(200).optional(),
      state: z.enum(['CREATED', 'COMPLETED', 'CANCELED', 'FAILED']).default('CREATED'),
      dueBefore: isoDateTime.optional(),
      dueAfter: isoDateTime.optional(),
      /** 'me', 'none' or a user name. */
      assignee: z.string().min(1).max(64).optional(),
      candidateGroup: z.string().min(1).max(64).optional(),
      limit: z.coerce.number().int().min(1).max(200).default(50),
      cursor: z.string().max(2000).optional(),
    }),
    response: z.object({ items: z.array(TaskItem), nextCursor: z.string().optional() }),
    async handler({ query, user, locale, deps }) {
      return answering(locale, () => tasklistOf(deps).list(user!, query), 'query');
    },
  }),
  defineRoute({
    method: 'get',
    path: '/api/tasks/:userTaskKey',
    summary: 'Una tarea con su formulario, datos actuales y borrador / A task with its form, current data and draft',
    tag: 'tasks',
    access: 'user',
    params: KeyParams,
    response: TaskDetail,
    async handler({ params, user, locale, deps }) {
      return answering(locale, () => tasklistOf(deps).get(user!, params.userTaskKey, locale));
    },
  }),
  defineRoute({
    method: 'get',
    path: '/api/tasks/:userTaskKey/candidates',
    summary: 'A quién puede reasignarse la tarea: usuarios activos de sus grupos / Whom the task may be reassigned to: active users of its groups',
    tag: 'tasks',
    access: 'user',
    params: KeyParams,
    response: z.object({ items: z.array(z.object({ username: z.string(), displayName: z.string() })) }),
    async handler({ params, user, locale, deps }) {
      return { items: await answering(locale, () => tasklistOf(deps).candidates(user!, params.userTaskKey)) };
    },
  }),
  defineRoute({
    method: 'post',
    path: '/api/tasks/:userTaskKey/claim',
    summary: 'Toma la tarea / Claims the task',
    tag: 'tasks',
    access: 'user',
    params: KeyParams,
    status: 204,
    async handler({ params, user, locale, deps }) {
      await answering(locale, () => tasklistOf(deps).claim(user!, actorOf(user), params.userTaskKey));
    },
  }),
  defineRoute({
    method: 'post',
    path: '/api/tasks/:userTaskKey/unclaim',
    summary: 'Libera la tarea a sus grupos / Gives the task back to its groups',
    tag: 'tasks',
    access: 'user',
    params: KeyParams,
    status: 204,
    async handler({ params, user, locale, deps }) {
      await answering(locale, () => tasklistOf(deps).unclaim(user!, actorOf(user), params.userTaskKey));
    },
  }),
  defineRoute({
    method: 'post',
    path: '/api/tasks/:userTaskKey/reassign',
    summary: 'Reasigna la tarea a un compañero de sus grupos, con el motivo (PR03 3.b) / Reassigns the task to a colleague of its groups, with the reason',
    tag: 'tasks',
    access: 'user',
    params: KeyParams,
    body: z.object({ assignee: z.string().trim().min(1).max(64), reason: z.string().trim().min(5).max(1000) }),
    response: z.object({ assignee: z.string() }),
    async handler({ params, body, user, locale, deps }) {
      return answering(locale, () => tasklistOf(deps).reassign(user!, actorOf(user), params.userTaskKey, body));
    },
  }),
  defineRoute({
    method: 'put',
    path: '/api/tasks/:userTaskKey/draft',
    summary: 'Guarda un borrador del formulario de la tarea / Saves a draft of the task\'s form',
    tag: 'tasks',
    access: 'user',
    params: KeyParams,
    body: FormDataBody,
    response: Draft,
    async handler({ params, body, user, locale, deps }) {
      return answering(locale, () => tasklistOf(deps).saveDraft(user!, actorOf(user), params.userTaskKey, body.data));
    },
  }),
  defineRoute({
    method: 'post',
    path: '/api/tasks/:userTaskKey/complete',
    summary: 'Completa la tarea con los datos de su formulario / Completes the task with its form data',
    tag: 'tasks',
    access: 'user',
    params: KeyParams,
    body: FormDataBody,
    status: 204,
    async handler({ params, body, user, locale, deps }) {
      await answering(locale, () => tasklistOf(deps).complete(user!, actorOf(user), params.userTaskKey, body.data, locale));
    },
  }),
];
