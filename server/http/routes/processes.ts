// The start-form catalogue: the processes the signed-in user may start, a start form in the
// caller's language, and starting an instance with form data validated on the server.
import { CatalogueEntry, FormDataBody, ProcessIdParams, StartForm, Started, listOf } from '../../../contracts/api/index.js';
import { actorOf } from '../../core/identity/index.js';
import { defineRoute } from '../route.js';

export const processRoutes = [
  defineRoute({
    method: 'get',
    path: '/api/processes',
    summary: 'Procesos que puede iniciar, con su formulario de inicio / Processes you may start, with their start form',
    tag: 'processes',
    access: 'user',
    response: listOf(CatalogueEntry),
    async handler({ user, locale, deps }) {
      return { items: await deps.catalogue.list(user!, locale) };
    },
  }),
  defineRoute({
    method: 'get',
    path: '/api/processes/:processId/start-form',
    summary: "El formulario de inicio de un proceso / A process's start form",
    tag: 'processes',
    access: 'user',
    params: ProcessIdParams,
    response: StartForm,
    async handler({ params, user, locale, deps }) {
      return deps.catalogue.startForm(params.processId, { kind: 'user', user: user!, actor: actorOf(user) }, locale);
    },
  }),
  defineRoute({
    method: 'post',
    path: '/api/processes/:processId/instances',
    summary: 'Inicia un proceso con los datos de su formulario / Starts a process with its form data',
    tag: 'processes',
    access: 'user',
    params: ProcessIdParams,
    body: FormDataBody,
    response: Started,
    status: 201,
    async handler({ params, body, user, locale, ip, deps }) {
      const started = await deps.catalogue.start(params.processId, body.data, { kind: 'user', user: user!, actor: actorOf(user), ip }, locale);
      return { processInstanceKey: started.processInstanceKey, folio: started.folio! };
    },
  }),
];
