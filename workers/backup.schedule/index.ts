// PR06 3.b–3.c: a backup is scheduled in non-working hours with Commvault, Tivoli or another tool,
// and takes its tapes from the stock (3.d: control of the magnetic media).
import { z } from 'zod';
import { bpmnError, complete, defineWorker, insertOnce } from '../kit/index.js';
import { offHoursWindow } from '../shared/windows.js';

export const input = z.object({
  tipo: z.enum(['mensual', 'extraordinario']),
  herramienta: z.enum(['Commvault', 'Tivoli', 'otra']).optional(),
  sistemas: z.array(z.string()).optional(),
  cintasRequeridas: z.number().int().positive().optional(),
});

export const output = z.object({
  respaldo: z.object({
    id: z.string(),
    ventana: z.object({ inicio: z.string(), fin: z.string() }),
    herramienta: z.string(),
    cintas: z.array(z.string()),
  }),
});

const scheduleBackup = defineWorker({
  type: 'backup.schedule',
  description: { es: 'Programa el respaldo en horas inhábiles y asigna las cintas', en: 'Schedules the backup off-hours and allocates the tapes' },
  input,
  output,
  async handle(request, job, { adapters, records: { backups }, settings }) {
    const tapesPerMonth = settings.tapesPerMonth ?? 4;
    const windowHours = settings.backupWindowHours ?? 6;
    // One backup per job: a retry finds the one it already scheduled (and its tapes).
    const id = `RESP-${job.jobKey}`;
    const existing = await backups.get(id);
    const ventana = existing?.ventana ?? (({ inicio, fin }) => ({ inicio: inicio.toISOString(), fin: fin.toISOString() }))(offHoursWindow(job.now, windowHours));
    const herramienta = existing?.herramienta ?? request.herramienta ?? 'Commvault';
    const needed = request.cintasRequeridas ?? tapesPerMonth;
    const tapes = adapters.tapes;
    const { cintas, suficientes } = await tapes.allocate(id, needed);
    if (!suficientes) {
      await tapes.release(cintas); // nothing stays reserved for a backup that will not run
      return bpmnError('SIN_CINTAS', `Se requieren ${needed} cintas y solo hay ${cintas.length} disponibles`, { cintasDisponibles: cintas.length });
    }
    await insertOnce(backups, {
      id,
      tipo: request.tipo,
      herramienta,
      sistemas: request.sistemas ?? [],
      ventana,
      cintas,
      programadoEn: job.now.toISOString(),
      estado: 'programado',
    });
    return complete({ respaldo: { id, ventana, herramienta, cintas } });
  },
});

export default scheduleBackup;
