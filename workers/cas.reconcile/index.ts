// PR01 3.e and diagram 6.3: the cash bag is counted by denomination in the OFMA vault; the count is
// compared with what the kiosk's log says it should hold since the previous cut — payments minus the
// change it dispensed. Undispensed change stays in the bag and is owed back: a pending refund.
import { z } from 'zod';
import { complete, defineWorker } from '../kit/index.js';
import { fromCents, toCents } from '../adapters/kiosk.js';
import { DENOMINATIONS, parseDenomination } from '../shared/money.js';
import { FechaHora } from '../shared/schemas.js';

export const input = z.object({
  kioscoId: z.string().min(1),
  corte: z.object({
    fecha: FechaHora,
    conteo: z.record(
      z.string().refine((k) => parseDenomination(k) !== undefined, { message: `not a Mexican denomination (${DENOMINATIONS.join(', ')})` }),
      z.number().int().nonnegative(),
    ),
  }),
  tolerancia: z.number().nonnegative().optional(),
});

const Conciliacion = z.object({
  esperado: z.number(),
  contado: z.number(),
  diferencia: z.number(),
  faltante: z.number().nonnegative(),
  sobrante: z.number().nonnegative(),
  devolucionesPendientes: z.array(z.object({ transaccionId: z.string(), monto: z.number().positive() })),
  dentroDeTolerancia: z.boolean(),
  desde: z.string().optional(),
  transacciones: z.number().int().nonnegative().optional(),
});

export const output = z.object({ conciliacion: Conciliacion });

const reconcileCashCut = defineWorker({
  type: 'cas.reconcile',
  description: { es: 'Concilia el corte de efectivo del kiosco contra su bitácora de transacciones', en: 'Reconciles the kiosk cash cut against its transaction log' },
  input,
  output,
  async handle(request, _job, { adapters }) {
    const log = adapters.kioskLog;
    const fecha = new Date(request.corte.fecha).toISOString();
    // The same cut reconciled twice (a retry) answers the first result.
    const done = await log.getCut(request.kioscoId, fecha);
    if (done) return complete({ conciliacion: done.resultado as z.infer<typeof Conciliacion> });

    const previous = await log.lastCut(request.kioscoId, fecha);
    const movements = await log.transactions(request.kioscoId, { ...(previous ? { from: previous.fecha, fromExclusive: true } : {}), to: fecha });
    const esperado = movements.reduce((sum, t) => sum + toCents(t.montoPagado) - toCents(t.cambioDevuelto), 0);
    const contado = Object.entries(request.corte.conteo).reduce((sum, [denomination, count]) => sum + toCents(parseDenomination(denomination)!) * count, 0);
    const diferencia = contado - esperado;
    const devolucionesPendientes = movements
      .filter((t) => toCents(t.cambioDevuelto) < toCents(t.cambioDebido))
      .map((t) => ({ transaccionId: t.transaccionId, monto: fromCents(toCents(t.cambioDebido) - toCents(t.cambioDevuelto)) }));
    const conciliacion = {
      esperado: fromCents(esperado),
      contado: fromCents(contado),
      diferencia: fromCents(diferencia),
      faltante: fromCents(Math.max(0, -diferencia)),
      sobrante: fromCents(Math.max(0, diferencia)),
      devolucionesPendientes,
      dentroDeTolerancia: Math.abs(diferencia) <= toCents(request.tolerancia ?? 0),
      ...(previous ? { desde: previous.fecha } : {}),
      transacciones: movements.length,
    };
    await log.saveCut({ kioscoId: request.kioscoId, fecha, ...(previous ? { desde: previous.fecha } : {}), resultado: conciliacion });
    return complete({ conciliacion });
  },
});

export default reconcileCashCut;
