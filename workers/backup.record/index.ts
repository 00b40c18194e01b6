// PR06 records: "Control de respaldos de información" — tapes, labels, content and dates. The tapes
// then go to the bank vault (3.e); their six months of retention count from this record.
import { z } from 'zod';
import { complete, defineWorker, insertOnce, NonRetryableError, retryOnConflict } from '../kit/index.js';
import { FechaHora } from '../shared/schemas.js';

export const input = z.object({
  respaldo: z.object({ id: z.string().min(1), cintas: z.array(z.string().min(1)).min(1) }),
  contenido: z.string().min(1),
  ejecutadoEn: FechaHora,
  etiquetas: z.array(z.string()).optional(),
});

export const output = z.object({
  registroRespaldo: z.object({ id: z.string(), registradoEn: z.string() }),
});

const recordBackup = defineWorker({
  type: 'backup.record',
  description: { es: 'Asienta el respaldo en el Control de respaldos de información', en: 'Records the backup in the backup control log' },
  input,
  output,
  async handle(request, job, { adapters, records: { backups, backupLog } }) {
    const { respaldo } = request;
    const { desconocidas } = await adapters.tapes.store(respaldo.cintas, respaldo.id, job.now);
    if (desconocidas.length) throw new NonRetryableError(`tapes not in the inventory: ${desconocidas.join(', ')}`);
    const record = await insertOnce(backupLog, {
      id: `REG-${respaldo.id}`,
      respaldoId: respaldo.id,
      cintas: respaldo.cintas,
      etiquetas: request.etiquetas ?? respaldo.cintas,
      contenido: request.contenido,
      ejecutadoEn: new Date(request.ejecutadoEn).toISOString(),
      registradoEn: job.now.toISOString(),
    });
    await retryOnConflict(async () => {
      const backup = await backups.get(respaldo.id);
      if (!backup || backup.estado !== 'programado') return;
      const { id: _id, version: _v, ...fields } = backup;
      await backups.update(backup.id, { ...fields, estado: 'registrado' }, backup.version);
    });
    return complete({ registroRespaldo: { id: record.id, registradoEn: record.registradoEn } });
  },
});

export default recordBackup;
