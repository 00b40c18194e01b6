// The tasklist: tasks visible to the signed-in user with their SLA, one task with its form, current
// data and the user's draft; whom it may be reassigned to, and whom its form's person fields may name
// (a dispatch's technician); claim, unclaim, reassign with a reason, save a draft, complete.
import { Candidate, Draft, FormDataBody, PeopleQuery, PersonOption, ReassignBody, Reassigned, TaskDetail, TaskKeyParams, TaskPage, TaskQuery, listOf } from '../../../contracts/api/index.js';
import { actorOf } from '../../core/identity/index.js';
import { defineRoute } from '../route.js';

export const taskRoutes = [
  defineRoute({
    method: 'get',
    path: '/api/tasks',
    summary: 'Tareas visibles para usted, con su SLA / Tasks visible to you, with their SLA',
    tag: 'tasks',
    access: 'user',
    query: TaskQuery,
    response: TaskPage,
    async handler({ query, user, deps }) {
      return deps.tasklist.list(user!, query);
    },
  }),
  defineRoute({
    method: 'get',
    path: '/api/tasks/:userTaskKey',
    summary: 'Una tarea con su formulario, datos actuales y borrador / A task with its form, current data and draft',
    tag: 'tasks',
    access: 'user',
    params: TaskKeyParams,
    response: TaskDetail,
    async handler({ params, user, locale, deps }) {
      return deps.tasklist.get(user!, params.userTaskKey, locale);
    },
  }),
  defineRoute({
    method: 'get',
    path: '/api/tasks/:userTaskKey/candidates',
    summary: 'A quién puede reasignarse la tarea: usuarios activos de sus grupos / Whom the task may be reassigned to: active users of its groups',
    tag: 'tasks',
    access: 'user',
    params: TaskKeyParams,
    response: listOf(Candidate),
    async handler({ params, user, deps }) {
      return { items: await deps.tasklist.candidates(user!, params.userTaskKey) };
    },
  }),
  defineRoute({
    method: 'get',
    path: '/api/tasks/:userTaskKey/people',
    summary:
      "A quién puede nombrar un campo de persona del formulario (el técnico de un despacho): usuarios activos del grupo / Whom a person field of the form may name (a dispatch's technician): active users of the group",
    tag: 'tasks',
    access: 'user',
    params: TaskKeyParams,
    query: PeopleQuery,
    response: listOf(PersonOption),
    async handler({ params, query, user, deps }) {
      return { items: await deps.tasklist.people(user!, params.userTaskKey, query.group) };
    },
  }),
  defineRoute({
    method: 'post',
    path: '/api/tasks/:userTaskKey/claim',
    summary: 'Toma la tarea / Claims the task',
    tag: 'tasks',
    access: 'user',
    params: TaskKeyParams,
    status: 204,
    async handler({ params, user, deps }) {
      await deps.tasklist.claim(user!, actorOf(user), params.userTaskKey);
    },
  }),
  defineRoute({
    method: 'post',
    path: '/api/tasks/:userTaskKey/unclaim',
    summary: 'Libera la tarea a sus grupos / Gives the task back to its groups',
    tag: 'tasks',
    access: 'user',
    params: TaskKeyParams,
    status: 204,
    async handler({ params, user, deps }) {
      await deps.tasklist.unclaim(user!, actorOf(user), params.userTaskKey);
    },
  }),
  defineRoute({
    method: 'post',
    path: '/api/tasks/:userTaskKey/reassign',
    summary: 'Reasigna la tarea a un compañero de sus grupos, con el motivo (PR03 3.b) / Reassigns the task to a colleague of its groups, with the reason',
    tag: 'tasks',
    access: 'user',
    params: TaskKeyParams,
    body: ReassignBody,
    response: Reassigned,
    async handler({ params, body, user, deps }) {
      return deps.tasklist.reassign(user!, actorOf(user), params.userTaskKey, body);
    },
  }),
  defineRoute({
    method: 'put',
    path: '/api/tasks/:userTaskKey/draft',
    summary: "Guarda un borrador del formulario de la tarea / Saves a draft of the task's form",
    tag: 'tasks',
    access: 'user',
    params: TaskKeyParams,
    body: FormDataBody,
    response: Draft,
    async handler({ params, body, user, deps }) {
      return deps.tasklist.saveDraft(user!, actorOf(user), params.userTaskKey, body.data);
    },
  }),
  defineRoute({
    method: 'post',
    path: '/api/tasks/:userTaskKey/complete',
    summary: 'Completa la tarea con los datos de su formulario / Completes the task with its form data',
    tag: 'tasks',
    access: 'user',
    params: TaskKeyParams,
    body: FormDataBody,
    status: 204,
    async handler({ params, body, user, locale, deps }) {
      await deps.tasklist.complete(user!, actorOf(user), params.userTaskKey, body.data, locale);
    },
  }),
];
