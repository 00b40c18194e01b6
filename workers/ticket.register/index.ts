// DGSTI-P01 A1 "Recepción de solicitud", PR03 3.b: the help desk issues the electronic ticket number
// (the manual's OTRS). The number is OTRS's date-based one: yyyymmdd + SystemID + daily counter.
import { z } from 'zod';
import { complete, defineWorker } from '../kit/index.js';
import { Persona } from '../shared/schemas.js';

export const input = z.object({
  solicitante: Persona,
  dependencia: z.string().min(1),
  area: z.string().optional(),
  categoria: z.string().min(1),
  descripcion: z.string().min(1),
  canal: z.enum(['web', 'correo', 'telefono', 'oficio']).optional(),
});

export const output = z.object({
  ticket: z.object({ numero: z.string().regex(/^\d{8}\d+$/), abiertoEn: z.string() }),
});

const registerTicket = defineWorker({
  type: 'ticket.register',
  description: { es: 'Registra la solicitud en la mesa de ayuda (OTRS) y emite el número de reporte', en: 'Registers the request at the help desk (OTRS) and issues the ticket number' },
  input,
  output,
  async handle(request, job, { adapters }) {
    const ticket = await adapters.tickets.open({
      requestKey: job.jobKey,
      solicitante: request.solicitante,
      dependencia: request.dependencia,
      ...(request.area !== undefined ? { area: request.area } : {}),
      categoria: request.categoria,
      descripcion: request.descripcion,
      ...(request.canal !== undefined ? { canal: request.canal } : {}),
      at: job.now,
    });
    return complete({ ticket });
  },
});

export default registerTicket;
