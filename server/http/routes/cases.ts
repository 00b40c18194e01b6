// The case of an instance, as staff read it beside a task's form (and its requester reads their
// own), and the notes staff add to it. Who may do which is decided in server/core/instances/access.ts.
import { CaseView, NoteBody, NoteCreated } from '../../../contracts/api/cases.js';
import { InstanceKeyParams } from '../../../contracts/api/instances.js';
import { defineRoute } from '../route.js';

export const caseRoutes = [
  defineRoute({
    method: 'get',
    path: '/api/instances/:key/case',
    summary: 'El caso de una instancia: solicitud, formularios, adjuntos, historia y notas / The case of an instance: request, forms, attachments, timeline and notes',
    tag: 'cases',
    access: 'user',
    params: InstanceKeyParams,
    response: CaseView,
    async handler({ params, user, locale, deps }) {
      return deps.casework.view(user!, params.key, locale);
    },
  }),
  defineRoute({
    method: 'post',
    path: '/api/instances/:key/notes',
    summary: 'Agrega una nota interna o una respuesta al solicitante / Adds an internal note or a reply to the requester',
    tag: 'cases',
    access: 'user',
    params: InstanceKeyParams,
    body: NoteBody,
    response: NoteCreated,
    status: 201,
    async handler({ params, body, user, ip, deps }) {
      return deps.casework.addNote(user!, params.key, body, ip);
    },
  }),
];
