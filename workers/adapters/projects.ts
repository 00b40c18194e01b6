// The project server where work plans are published (DGPT PR03 3.b, PR04 3.a). A Project Server /
// OpenProject adapter could implement ProjectServer; the built-in one keeps every version of every
// project's plan in a collection.
import { insertOnce, isConflict, type RecordCollections } from '../kit/index.js';

export interface PlanVersion {
  proyecto: { nombre: string; folio?: string };
  proyectoClave: string;
  /** The plan's version (the store keeps its own `version` for concurrency). */
  numeroVersion: number;
  plan: unknown;
  publicadoEn: string;
  requestKey: string;
}

export interface ProjectServer {
  /** Publishes a new version of the project's plan; the same `requestKey` twice publishes once. */
  publishPlan(request: { requestKey: string; proyecto: { nombre: string; folio?: string }; plan: unknown; at: Date }): Promise<{ version: number; publicadoEn: string }>;
  versions(proyecto: { nombre: string; folio?: string }): Promise<PlanVersion[]>;
}

export const PROJECT_COLLECTIONS = { plans: 'oficio_proyectos_planes', requests: 'oficio_proyectos_publicaciones' } as const;

/** A project is known by its folio when it has one, else by its name. */
export function projectKey(proyecto: { nombre: string; folio?: string }): string {
  return (proyecto.folio ?? proyecto.nombre).trim().toLowerCase();
}

export function createStoredProjectServer(collections: RecordCollections): ProjectServer {
  const plans = collections<PlanVersion>(PROJECT_COLLECTIONS.plans, [['proyectoClave', 'numeroVersion']]);
  const requests = collections<{ planId: string }>(PROJECT_COLLECTIONS.requests);
  return {
    async publishPlan(request) {
      const known = await requests.get(request.requestKey);
      const knownPlan = known && (await plans.get(known.planId));
      if (knownPlan) return { version: knownPlan.numeroVersion, publicadoEn: knownPlan.publicadoEn };
      const clave = projectKey(request.proyecto);
      for (;;) {
        const version = (await plans.count({ proyectoClave: clave })) + 1;
        const id = `${clave}#${version}`;
        try {
          const stored = await plans.insert({
            id,
            proyecto: request.proyecto,
            proyectoClave: clave,
            numeroVersion: version,
            plan: request.plan,
            publicadoEn: request.at.toISOString(),
            requestKey: request.requestKey,
          });
          await insertOnce(requests, { id: request.requestKey, planId: id });
          return { version: stored.numeroVersion, publicadoEn: stored.publicadoEn };
        } catch (error) {
          if (!isConflict(error)) throw error; // another publication took this version number
        }
      }
    },
    async versions(proyecto) {
      return (await plans.find({ proyectoClave: projectKey(proyecto) }, { sort: [{ field: 'numeroVersion' }] })).items.map(({ id: _id, version: _v, ...p }) => p);
    },
  };
}
