// PR01 3.b: on a citizen's complaint, Operación de CAS identifies the kiosk movements where change
// was not returned: that kiosk, within 30 minutes either side of the time the citizen gives, the
// amount they paid, and less change dispensed than was due.
import { z } from 'zod';
import { bpmnError, complete, defineWorker } from '../kit/index.js';
import { fromCents, toCents } from '../adapters/kiosk.js';
import { FechaHora } from '../shared/schemas.js';

export const SEARCH_MINUTES = 30;

export const input = z.object({
  kioscoId: z.string().min(1),
  fechaHora: FechaHora,
  montoPagado: z.number().positive(),
  montoEsperadoDevolucion: z.number().nonnegative(),
});

export const output = z.object({
  transaccionesSinCambio: z.array(z.object({ transaccionId: z.string(), fechaHora: z.string(), cambioDebido: z.number() })),
  cambioPendiente: z.number().nonnegative(),
});

const findMissingChange = defineWorker({
  type: 'cas.find-missing-change',
  description: { es: 'Identifica en la bitácora del kiosco los movimientos en que faltó devolución', en: 'Finds the kiosk transactions whose change was not returned' },
  input,
  output,
  async handle(request, _job, { adapters }) {
    const at = Date.parse(request.fechaHora);
    const from = new Date(at - SEARCH_MINUTES * 60_000).toISOString();
    const to = new Date(at + SEARCH_MINUTES * 60_000).toISOString();
    const candidates = await adapters.kioskLog.transactions(request.kioscoId, { from, to });
    const paid = toCents(request.montoPagado);
    const expected = toCents(request.montoEsperadoDevolucion);
    const matches = candidates
      .filter((t) => toCents(t.montoPagado) === paid && toCents(t.cambioDevuelto) < toCents(t.cambioDebido))
      // The citizen's own movement first: the change they expected, then the closest in time.
      .sort(
        (a, b) =>
          Math.abs(toCents(a.cambioDebido) - expected) - Math.abs(toCents(b.cambioDebido) - expected) || Math.abs(Date.parse(a.fechaHora) - at) - Math.abs(Date.parse(b.fechaHora) - at),
      );
    if (matches.length === 0) {
      return bpmnError('TRANSACCION_NO_ENCONTRADA', `No hay movimientos del kiosco ${request.kioscoId} por $${request.montoPagado} con cambio faltante entre ${from} y ${to}`);
    }
    const transaccionesSinCambio = matches.map((t) => ({
      transaccionId: t.transaccionId,
      fechaHora: t.fechaHora,
      cambioDebido: fromCents(toCents(t.cambioDebido) - toCents(t.cambioDevuelto)),
    }));
    const cambioPendiente = fromCents(transaccionesSinCambio.reduce((sum, t) => sum + toCents(t.cambioDebido), 0));
    return complete({ transaccionesSinCambio, cambioPendiente });
  },
});

export default findMissingChange;
