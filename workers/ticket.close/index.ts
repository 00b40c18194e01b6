// A10 "Registro de servicio y control", PR03 3.d / PR07 3.d: the ticket is closed in OTRS and the
// service enters "Control de atención a usuarios" with the minutes it took.
import { z } from 'zod';
import { bpmnError, complete, defineWorker } from '../kit/index.js';

export const input = z.object({
  ticket: z.object({ numero: z.string().min(1) }),
  resolucion: z.string().optional(),
  atendidoPor: z.string().optional(),
});

export const output = z.object({
  ticketCerrado: z.object({ numero: z.string(), cerradoEn: z.string(), minutosAbierto: z.number().int().nonnegative() }),
});

const closeTicket = defineWorker({
  type: 'ticket.close',
  description: { es: 'Cierra el reporte en OTRS y lo asienta en el Control de atención a usuarios', en: 'Closes the ticket and records it in the user-attention log' },
  input,
  output,
  async handle(request, job, { adapters }) {
    const closed = await adapters.tickets.close({
      numero: request.ticket.numero,
      ...(request.resolucion !== undefined ? { resolucion: request.resolucion } : {}),
      ...(request.atendidoPor !== undefined ? { atendidoPor: request.atendidoPor } : {}),
      at: job.now,
    });
    if (!closed) return bpmnError('TICKET_NO_ENCONTRADO', `No existe el reporte ${request.ticket.numero}`);
    return complete({ ticketCerrado: closed });
  },
});

export default closeTicket;
