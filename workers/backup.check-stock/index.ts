// PR06 3.e: "se tendrá que contar con un stock de cintas suficiente para cubrir un lapso de 6 meses
// de ser recicladas". A monthly replica uses N tapes, each kept six months in the vault, so the
// inventory must hold N × 6 tapes (those in the vault or in use count: they come back), and the
// next replica needs N available now.
import { z } from 'zod';
import { complete, defineWorker } from '../kit/index.js';

export const input = z.object({
  mesesCobertura: z.number().int().positive().optional(),
  cintasPorMes: z.number().int().positive().optional(),
});

export const output = z.object({
  existencia: z.object({
    disponibles: z.number().int().nonnegative(),
    requeridas: z.number().int().nonnegative(),
    suficiente: z.boolean(),
    enUso: z.number().int().nonnegative().optional(),
    enBoveda: z.number().int().nonnegative().optional(),
    total: z.number().int().nonnegative().optional(),
    cintasPorMes: z.number().int().positive().optional(),
  }),
});

const checkTapeStock = defineWorker({
  type: 'backup.check-stock',
  description: { es: 'Verifica que el stock de cintas cubra seis meses de rotación', en: 'Checks the tape stock covers six months of rotation' },
  input,
  output,
  async handle(request, _job, { adapters, settings }) {
    const meses = request.mesesCobertura ?? 6;
    const cintasPorMes = request.cintasPorMes ?? settings.tapesPerMonth ?? 4;
    const stock = await adapters.tapes.count();
    const requeridas = cintasPorMes * meses;
    return complete({
      existencia: {
        disponibles: stock.disponibles,
        requeridas,
        suficiente: stock.total >= requeridas && stock.disponibles >= cintasPorMes,
        enUso: stock.enUso,
        enBoveda: stock.enBoveda,
        total: stock.total,
        cintasPorMes,
      },
    });
  },
});

export default checkTapeStock;
