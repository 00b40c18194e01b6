// The transaction log of the CAS kiosks (PR01): what each payment brought in and how much change
// the machine owed and actually returned. A kiosk vendor's API could implement KioskLog; the
// built-in one keeps transactions in a collection, recorded by the kiosks' feed, an administrator
// or a test (`record`), and keeps each cash cut so the next one starts where it ended.
import { insertOnce, type RecordCollections } from '../kit/index.js';

export interface KioskTransaction {
  transaccionId: string;
  kioscoId: string;
  /** ISO 8601 instant. */
  fechaHora: string;
  /** Cash the citizen put in. */
  montoPagado: number;
  /** What the service cost. */
  importe: number;
  /** Change owed (montoPagado − importe). */
  cambioDebido: number;
  /** Change the machine actually dispensed. */
  cambioDevuelto: number;
  servicio?: string;
}

export interface CashCut {
  kioscoId: string;
  fecha: string;
  /** The cut covers transactions after `desde` (the previous cut) up to `fecha`. */
  desde?: string;
  resultado: unknown;
}

export interface KioskLog {
  /** Transactions of a kiosk with from ≤ fechaHora ≤ to (from exclusive when `fromExclusive`), oldest first. */
  transactions(kioscoId: string, range: { from?: string; to: string; fromExclusive?: boolean }): Promise<KioskTransaction[]>;
  /** Records a transaction (idempotent by transaccionId). */
  record(transaction: Omit<KioskTransaction, 'cambioDebido'> & { cambioDebido?: number }): Promise<KioskTransaction>;
  lastCut(kioscoId: string, before: string): Promise<CashCut | undefined>;
  getCut(kioscoId: string, fecha: string): Promise<CashCut | undefined>;
  saveCut(cut: CashCut): Promise<CashCut>;
}

export const KIOSK_COLLECTIONS = { transactions: 'oficio_cas_transacciones', cuts: 'oficio_cas_cortes' } as const;

/** Money in whole centavos, so sums of 0.50 coins add up exactly. */
export const toCents = (amount: number) => Math.round(amount * 100);
export const fromCents = (cents: number) => cents / 100;

export function createStoredKioskLog(collections: RecordCollections): KioskLog {
  const transactions = collections<KioskTransaction>(KIOSK_COLLECTIONS.transactions, [['kioscoId', 'fechaHora']]);
  const cuts = collections<CashCut>(KIOSK_COLLECTIONS.cuts, [['kioscoId', 'fecha']]);
  const strip = <T>({ id: _id, version: _v, ...rest }: T & { id: string; version: number }) => rest as T;
  return {
    async transactions(kioscoId, range) {
      const fechaHora: Record<string, string> = { $lte: range.to };
      if (range.from) fechaHora[range.fromExclusive ? '$gt' : '$gte'] = range.from;
      const { items } = await transactions.find({ kioscoId, fechaHora }, { sort: [{ field: 'fechaHora' }], limit: 100_000 });
      return items.map((t) => strip<KioskTransaction>(t));
    },
    async record(transaction) {
      const cambioDebido = transaction.cambioDebido ?? fromCents(toCents(transaction.montoPagado) - toCents(transaction.importe));
      const fechaHora = new Date(transaction.fechaHora).toISOString();
      const stored = await insertOnce(transactions, { id: transaction.transaccionId, ...transaction, fechaHora, cambioDebido });
      return strip<KioskTransaction>(stored);
    },
    async lastCut(kioscoId, before) {
      const { items } = await cuts.find({ kioscoId, fecha: { $lt: before } }, { sort: [{ field: 'fecha', order: 'desc' }], limit: 1 });
      return items[0] ? strip<CashCut>(items[0]) : undefined;
    },
    async getCut(kioscoId, fecha) {
      const found = await cuts.get(`${kioscoId}@${fecha}`);
      return found ? strip<CashCut>(found) : undefined;
    },
    async saveCut(cut) {
      return strip<CashCut>(await insertOnce(cuts, { id: `${cut.kioscoId}@${cut.fecha}`, ...cut }));
    },
  };
}
