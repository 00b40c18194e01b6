// DGPT PR03 3.b / PR04 3.a: the work plan is published in the project server, a new version each
// time (the weekly update of construction publishes again).
import { z } from 'zod';
import { complete, defineWorker } from '../kit/index.js';
import { Adjunto } from '../shared/schemas.js';

const Actividad = z.object({ nombre: z.string().min(1), inicio: z.string().min(1), fin: z.string().min(1), responsable: z.string().min(1) });

export const input = z.object({
  proyecto: z.object({ nombre: z.string().min(1), folio: z.string().optional() }),
  plan: z.union([Adjunto, z.object({ actividades: z.array(Actividad) })]),
});

export const output = z.object({
  planPublicado: z.object({ version: z.number().int().positive(), publicadoEn: z.string() }),
});

const publishWorkPlan = defineWorker({
  type: 'project.publish-plan',
  description: { es: 'Publica el plan de trabajo en el servidor de proyectos', en: 'Publishes the work plan to the project server' },
  input,
  output,
  async handle(request, job, { adapters }) {
    const proyecto = { nombre: request.proyecto.nombre, ...(request.proyecto.folio !== undefined ? { folio: request.proyecto.folio } : {}) };
    const planPublicado = await adapters.projects.publishPlan({ requestKey: job.jobKey, proyecto, plan: request.plan, at: job.now });
    return complete({ planPublicado });
  },
});

export default publishWorkPlan;
