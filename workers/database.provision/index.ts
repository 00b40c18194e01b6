// PR02 3.a–3.e: a database is created, its structure modified, or access granted — permissions only
// to authorised users (3.d) — and the "Control de BD y usuarios SQL e INFORMIX" is kept.
import { z } from 'zod';
import { bpmnError, complete, defineWorker } from '../kit/index.js';

export const input = z.object({
  tipo: z.enum(['creacion', 'permisos', 'modificacion']),
  motor: z.enum(['INFORMIX', 'SQL Server']),
  nombreBd: z.string().trim().min(1),
  sistema: z.string().min(1),
  personas: z.array(z.object({ nombre: z.string().min(1), usuario: z.string().trim().min(1), permisos: z.array(z.string()), autorizado: z.boolean() })),
});

export const output = z.object({
  registroBd: z.object({ id: z.string(), nombreBd: z.string(), motor: z.enum(['INFORMIX', 'SQL Server']), usuarios: z.array(z.string()) }),
});

const provisionDatabase = defineWorker({
  type: 'database.provision',
  description: { es: 'Crea o modifica la base de datos, asigna permisos y lo asienta en el Control de BD', en: 'Creates or changes the database, grants permissions and records it' },
  input,
  output,
  async handle(request, job, { adapters }) {
    const unauthorised = request.personas.filter((p) => !p.autorizado && p.permisos.length > 0);
    if (unauthorised.length) {
      return bpmnError('USUARIO_NO_AUTORIZADO', `Solo se asignan permisos a usuarios autorizados (PR02 3.d): ${unauthorised.map((p) => `${p.nombre} (${p.usuario})`).join(', ')}`, {
        usuariosNoAutorizados: unauthorised.map((p) => p.usuario),
      });
    }
    const registroBd = await adapters.databases.apply({
      requestKey: job.jobKey,
      tipo: request.tipo,
      motor: request.motor,
      nombreBd: request.nombreBd,
      sistema: request.sistema,
      usuarios: request.personas.filter((p) => p.autorizado).map((p) => ({ nombre: p.nombre, usuario: p.usuario, permisos: p.permisos })),
      at: job.now,
    });
    return complete({ registroBd });
  },
});

export default provisionDatabase;
