// The job workers of the workers/ registry, for the modeler's service-task picker: each task type
// with what it does in both languages.
import { z } from 'zod';
import { workerFactories, type WorkerDeps } from '../../../workers/index.js';
import { defineRoute } from '../route.js';

export interface RegisteredWorker {
  type: string;
  description?: { es: string; en: string };
}

let registry: RegisteredWorker[] | undefined;

/** The workers/ registry by type: each factory built with inert dependencies, only to read its type and description. */
export function registeredWorkers(): readonly RegisteredWorker[] {
  if (!registry) {
    const inert = new Proxy({}, { get: () => () => Promise.reject(new Error('inert')) });
    const deps = { collections: () => inert, mail: { smtp: { host: 'localhost', port: 25 }, from: 'oficio@localhost' } } as unknown as WorkerDeps;
    registry = workerFactories
      .map((create) => create(deps))
      .map((worker) => ({ type: worker.type, ...(worker.description ? { description: { es: worker.description.es, en: worker.description.en } } : {}) }))
      .sort((a, b) => a.type.localeCompare(b.type));
  }
  return registry;
}

let types: ReadonlySet<string> | undefined;
/** The job types the workers/ registry runs. */
export function registeredWorkerTypes(): ReadonlySet<string> {
  return (types ??= new Set(registeredWorkers().map((w) => w.type)));
}

export const workerRoutes = [
  defineRoute({
    method: 'get',
    path: '/api/workers',
    summary: 'Tipos de tarea de servicio que atienden los workers / Service task types the workers handle',
    tag: 'models',
    access: 'models.edit',
    response: z.object({ items: z.array(z.object({ type: z.string(), description: z.object({ es: z.string(), en: z.string() }).optional() })) }),
    async handler({ deps }) {
      // An app given its own job types (tests) lists those; the registry still describes the ones it knows.
      if (!deps.workerTypes) return { items: [...registeredWorkers()] };
      const known = new Map(registeredWorkers().map((w) => [w.type, w]));
      return { items: [...deps.workerTypes()].sort().map((type) => known.get(type) ?? { type }) };
    },
  }),
];
