// PR07: alta, baja or cambio of a user's access to the infrastructure and servers. Never
// administrator rights (PR08 3.e); an initial password that satisfies PR08 3.d, kept only as a hash
// and to be changed at first use — it is never a process variable.
import { z } from 'zod';
import { bpmnError, complete, defineWorker } from '../kit/index.js';
import { administratorPermissions } from '../shared/rights.js';

export const input = z.object({
  movimiento: z.enum(['alta', 'baja', 'cambio']),
  usuario: z.string().trim().min(1),
  nombre: z.string().min(1),
  dependencia: z.string().min(1),
  plataformas: z.array(z.string()),
  permisos: z.array(z.string()).optional(),
  correo: z.email().optional(),
});

export const output = z.object({
  cuenta: z.object({ usuario: z.string(), estado: z.enum(['activa', 'deshabilitada']), cambioContrasenaPendiente: z.boolean() }),
});

const applyAccountChange = defineWorker({
  type: 'accounts.apply',
  description: { es: 'Da de alta, baja o cambia una cuenta de acceso', en: 'Creates, disables or changes a user account' },
  input,
  output,
  async handle(request, job, { adapters }) {
    const permisos = request.permisos ?? [];
    const admin = administratorPermissions(permisos);
    if (request.movimiento !== 'baja' && admin.length) {
      return bpmnError('PERMISOS_ADMINISTRADOR', `No se otorgan derechos de administrador (PR08 3.e): ${admin.join(', ')}`, { permisosRechazados: admin });
    }
    const directory = adapters.directory;
    const data = {
      usuario: request.usuario,
      nombre: request.nombre,
      dependencia: request.dependencia,
      plataformas: request.plataformas,
      permisos,
      ...(request.correo !== undefined ? { correo: request.correo } : {}),
    };
    const cuenta =
      request.movimiento === 'alta'
        ? await directory.create(data, job.now)
        : request.movimiento === 'baja'
          ? await directory.disable(request.usuario, job.now)
          : await directory.change(data, job.now);
    if (!cuenta) return bpmnError('CUENTA_NO_ENCONTRADA', `No existe la cuenta '${request.usuario}'`);
    return complete({ cuenta: { usuario: cuenta.usuario, estado: cuenta.estado, cambioContrasenaPendiente: cuenta.cambioContrasenaPendiente } });
  },
});

export default applyAccountChange;
