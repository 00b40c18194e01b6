// The magnetic-media control of PR06 3.d: every tape with its label and where it is — available
// in the CECAP safe, in use by a backup, or in the bank vault since a date (3.e, 3.f). Backups
// and the "Control de respaldos de información" live beside it.
import { insertOnce, isConflict, retryOnConflict, type RecordCollections, type StoredRecord } from '../kit/index.js';

export type TapeState = 'disponible' | 'en-uso' | 'en-boveda';

export interface Tape {
  etiqueta: string;
  estado: TapeState;
  respaldoId?: string;
  /** When the tape entered the bank vault (the six months count from here). */
  almacenadaEn?: string;
}

export interface BackupDoc {
  tipo: 'mensual' | 'extraordinario';
  herramienta: string;
  sistemas: string[];
  ventana: { inicio: string; fin: string };
  cintas: string[];
  programadoEn: string;
  estado: 'programado' | 'registrado' | 'liberado';
  cintasLiberadas?: string[];
}

/** A row of "Control de respaldos de información". */
export interface BackupRecord {
  respaldoId: string;
  cintas: string[];
  etiquetas: string[];
  contenido: string;
  ejecutadoEn: string;
  registradoEn: string;
}

export interface StockCount {
  disponibles: number;
  enUso: number;
  enBoveda: number;
  total: number;
}

export interface TapeInventory {
  /** Allocates `count` available tapes to a backup (idempotent per backup); fewer when the stock is short. */
  allocate(backupId: string, count: number): Promise<{ cintas: string[]; suficientes: boolean }>;
  /** Marks a backup's tapes as in the vault since `at` (idempotent). Answers labels it does not know. */
  store(labels: string[], backupId: string, at: Date): Promise<{ desconocidas: string[] }>;
  tapesOf(backupId: string): Promise<Tape[]>;
  /** Back to the available stock (3.e: reused for new backups). */
  release(labels: string[]): Promise<void>;
  count(): Promise<StockCount>;
  /** Adds tapes (an acquisition); existing labels are left as they are. */
  add(labels: string[]): Promise<void>;
}

export const TAPE_COLLECTIONS = {
  tapes: 'oficio_cintas',
  backups: 'oficio_respaldos',
  records: 'oficio_control_respaldos',
} as const;

export function createStoredTapeInventory(collections: RecordCollections, options: { initialStock?: number } = {}): TapeInventory {
  const tapes = collections<Tape>(TAPE_COLLECTIONS.tapes, [['estado'], ['respaldoId']]);
  const initialStock = options.initialStock ?? 24;
  let seeded = false;

  /** A fresh install gets its initial stock the first time anything asks about tapes. */
  const ensureSeeded = async () => {
    if (seeded) return;
    if ((await tapes.count()) === 0) {
      for (let n = 1; n <= initialStock; n++) {
        const etiqueta = `CINTA-${String(n).padStart(3, '0')}`;
        await insertOnce(tapes, { id: etiqueta, etiqueta, estado: 'disponible' });
      }
    }
    seeded = true;
  };

  const put = (tape: StoredRecord<Tape>, changes: Partial<Tape>) => {
    const { id: _id, version: _version, respaldoId: _r, almacenadaEn: _a, ...rest } = tape;
    const next: Tape = { ...rest, ...(tape.respaldoId ? { respaldoId: tape.respaldoId } : {}), ...(tape.almacenadaEn ? { almacenadaEn: tape.almacenadaEn } : {}), ...changes };
    for (const key of Object.keys(next) as Array<keyof Tape>) if (next[key] === undefined) delete next[key];
    return tapes.update(tape.id, next, tape.version);
  };

  return {
    async allocate(backupId, count) {
      await ensureSeeded();
      const mine = (await tapes.find({ respaldoId: backupId }, { sort: [{ field: 'etiqueta' }] })).items.map((t) => t.etiqueta);
      while (mine.length < count) {
        const free = (await tapes.find({ estado: 'disponible' }, { sort: [{ field: 'etiqueta' }], limit: count - mine.length + 8 })).items;
        if (free.length === 0) break;
        for (const tape of free) {
          if (mine.length >= count) break;
          try {
            await put(tape, { estado: 'en-uso', respaldoId: backupId });
            mine.push(tape.etiqueta);
          } catch (error) {
            if (!isConflict(error)) throw error; // another backup took it first: try the next one
          }
        }
      }
      return { cintas: mine, suficientes: mine.length >= count };
    },

    async store(labels, backupId, at) {
      await ensureSeeded();
      const desconocidas: string[] = [];
      for (const label of labels) {
        const known = await retryOnConflict(async () => {
          const tape = await tapes.get(label);
          if (!tape) return false;
          if (tape.estado === 'en-boveda' && tape.respaldoId === backupId) return true;
          await put(tape, { estado: 'en-boveda', respaldoId: backupId, almacenadaEn: at.toISOString() });
          return true;
        });
        if (!known) desconocidas.push(label);
      }
      return { desconocidas };
    },

    async tapesOf(backupId) {
      return (await tapes.find({ respaldoId: backupId }, { sort: [{ field: 'etiqueta' }] })).items.map(({ id: _id, version: _v, ...t }) => t);
    },

    async release(labels) {
      for (const label of labels) {
        await retryOnConflict(async () => {
          const tape = await tapes.get(label);
          if (!tape || tape.estado === 'disponible') return;
          // Back in stock: no longer part of a backup nor in the vault.
          const { id: _id, version: _version, respaldoId: _r, almacenadaEn: _a, ...kept } = tape;
          await tapes.update(tape.id, { ...kept, estado: 'disponible' }, tape.version);
        });
      }
    },

    async count() {
      await ensureSeeded();
      const [disponibles, enUso, enBoveda] = await Promise.all([tapes.count({ estado: 'disponible' }), tapes.count({ estado: 'en-uso' }), tapes.count({ estado: 'en-boveda' })]);
      return { disponibles, enUso, enBoveda, total: disponibles + enUso + enBoveda };
    },

    async add(labels) {
      await ensureSeeded();
      for (const etiqueta of labels) await insertOnce(tapes, { id: etiqueta, etiqueta, estado: 'disponible' });
    },
  };
}

/** The backups themselves and their "Control de respaldos de información" rows. */
export function backupCollections(collections: RecordCollections) {
  return {
    backups: collections<BackupDoc>(TAPE_COLLECTIONS.backups, [['estado']]),
    records: collections<BackupRecord>(TAPE_COLLECTIONS.records, [['respaldoId']]),
  };
}
