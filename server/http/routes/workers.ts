// The job workers Oficio runs, for the modeler's service-task picker: each task type with what it
// does in both languages and the variables it reads and writes — read from the workers' static
// definitions, building nothing.
import { WorkerList } from '../../../contracts/api/index.js';
import { defineRoute } from '../route.js';

export const workerRoutes = [
  defineRoute({
    method: 'get',
    path: '/api/workers',
    summary: 'Tipos de tarea de servicio que atienden los workers / Service task types the workers handle',
    tag: 'models',
    access: 'models.edit',
    response: WorkerList,
    async handler({ deps }) {
      return { items: deps.workers.describe() };
    },
  }),
];
