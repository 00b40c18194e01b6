// PR06 3.e–3.f: after at least six months in the bank vault the tapes return to the CECAP safe and
// to the reusable stock. Earlier than that the release is refused (RETENCION_INCUMPLIDA).
import { z } from 'zod';
import { bpmnError, complete, defineWorker, NonRetryableError, retryOnConflict } from '../kit/index.js';
import { addMonths } from '../shared/time.js';

export const RETENTION_MONTHS = 6;

export const input = z.object({
  respaldo: z.object({ id: z.string().min(1) }),
});

export const output = z.object({
  cintasLiberadas: z.array(z.string()),
});

const releaseTapes = defineWorker({
  type: 'backup.release-tapes',
  description: { es: 'Regresa al stock las cintas con seis meses en bóveda', en: 'Returns tapes with six months in the vault to the stock' },
  input,
  output,
  async handle(request, job, { adapters, records: { backups } }) {
    const id = request.respaldo.id;
    const backup = await backups.get(id);
    if (backup?.estado === 'liberado') return complete({ cintasLiberadas: backup.cintasLiberadas ?? [] });
    const tapes = adapters.tapes;
    const held = await tapes.tapesOf(id);
    if (held.length === 0) {
      if (!backup) throw new NonRetryableError(`unknown backup '${id}'`);
      return complete({ cintasLiberadas: [] });
    }
    const early = held.filter((t) => t.estado !== 'en-boveda' || !t.almacenadaEn || addMonths(new Date(t.almacenadaEn), RETENTION_MONTHS).getTime() > job.now.getTime());
    if (early.length) {
      const firstDue = early
        .map((t) => (t.almacenadaEn ? addMonths(new Date(t.almacenadaEn), RETENTION_MONTHS).toISOString() : undefined))
        .filter((d): d is string => !!d)
        .sort()
        .pop();
      return bpmnError(
        'RETENCION_INCUMPLIDA',
        `Las cintas ${early.map((t) => t.etiqueta).join(', ')} no cumplen seis meses en bóveda${firstDue ? ` (podrán liberarse a partir de ${firstDue})` : ' (no han ingresado a la bóveda)'}`,
        { liberableDesde: firstDue ?? null },
      );
    }
    const labels = held.map((t) => t.etiqueta);
    await tapes.release(labels);
    if (backup) {
      await retryOnConflict(async () => {
        const current = (await backups.get(id))!;
        const { id: _id, version: _v, ...fields } = current;
        await backups.update(id, { ...fields, estado: 'liberado', cintasLiberadas: labels }, current.version);
      });
    }
    return complete({ cintasLiberadas: labels });
  },
});

export default releaseTapes;
