// PR08 3.c–3.e: after the information owner's authorisation and the data check, the SIGUE user is
// created with the permissions asked for — never unique or administrator rights (3.e).
import { z } from 'zod';
import { bpmnError, complete, defineWorker } from '../kit/index.js';
import { privilegedPermissions } from '../shared/rights.js';

export const input = z.object({
  nombre: z.string().min(1),
  extension: z.string().min(1),
  adscripcion: z.string().min(1),
  aplicacion: z.string().min(1),
  permisos: z.array(z.string().min(1)).min(1),
  tipoUsuario: z.enum(['consulta', 'produccion']),
  correo: z.email().optional(),
});

export const output = z.object({
  usuarioSigue: z.object({ usuario: z.string(), permisos: z.array(z.string()), creadoEn: z.string() }),
});

const createSigueUser = defineWorker({
  type: 'sigue.create-user',
  description: { es: 'Crea el usuario de SIGUE con los permisos autorizados', en: 'Creates the SIGUE user with the authorised permissions' },
  input,
  output,
  async handle(request, job, { adapters }) {
    const privileged = privilegedPermissions(request.permisos);
    if (privileged.length) {
      return bpmnError('DERECHOS_ADMINISTRADOR', `Por ningún motivo se asignan derechos únicos o de administrador (PR08 3.e): ${privileged.join(', ')}`, { permisosRechazados: privileged });
    }
    const usuarioSigue = await adapters.sigue.createUser({
      requestKey: job.jobKey,
      nombre: request.nombre,
      extension: request.extension,
      adscripcion: request.adscripcion,
      aplicacion: request.aplicacion,
      permisos: request.permisos,
      tipoUsuario: request.tipoUsuario,
      ...(request.correo !== undefined ? { correo: request.correo } : {}),
      at: job.now,
    });
    return complete({ usuarioSigue });
  },
});

export default createSigueUser;
