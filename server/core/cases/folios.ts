// Folios: the numbers people say on the phone (CAS-2026-000045). One counter per series and
// calendar year, advanced inside the transaction that creates the request: a start that rolls back
// takes its increment with it, so the numbers a year hands out have no gaps. Two starts at once
// both write the counter, so one of them conflicts and is tried again by its engine command (or
// waits for SQLite's single writer) and takes the next number.
import { DEFAULT_FOLIO_SERIES } from '../../../contracts/bpmn.js';
import type { Transaction } from '../../store/port.js';
import { FOLIO_COUNTERS } from './model.js';

/** The year of a folio is the calendar year where the offices are: Mexico City's, not the server's or UTC's. */
export const FOLIO_TIME_ZONE = 'America/Mexico_City';
/** Digits of a folio's number: a series hands out at most 999,999 in a year. */
export const FOLIO_DIGITS = 6;
const FOLIO_MAX = 10 ** FOLIO_DIGITS - 1;

export { DEFAULT_FOLIO_SERIES };

/** A counter: the last number a series handed out in a year (its id: `<series>-<year>`). */
export interface FolioCounterDoc {
  series: string;
  year: number;
  last: number;
}

export interface Folio {
  folio: string;
  series: string;
  year: number;
  number: number;
}

const yearFormat = new Intl.DateTimeFormat('en-US', { timeZone: FOLIO_TIME_ZONE, year: 'numeric' });

/** The calendar year in Mexico City at `at`. */
export function folioYear(at: Date): number {
  return Number(yearFormat.format(at));
}

export function formatFolio(series: string, year: number, number: number): string {
  return `${series}-${year}-${String(number).padStart(FOLIO_DIGITS, '0')}`;
}

/** A folio's parts, or undefined when the text is not one (a search term, say). */
export function parseFolio(text: string): Folio | undefined {
  const match = /^([A-Z][A-Z0-9]{0,9})-(\d{4})-(\d{6})$/.exec(text.trim().toUpperCase());
  if (!match) return undefined;
  const [, series, year, number] = match;
  return { folio: formatFolio(series!, Number(year), Number(number)), series: series!, year: Number(year), number: Number(number) };
}

/** The series' next folio for the year of `at`, counted inside `tx` (rolled back with it). */
export async function allocateFolio(tx: Transaction, series: string, at: Date): Promise<Folio> {
  const year = folioYear(at);
  const counters = tx.collection<FolioCounterDoc>(FOLIO_COUNTERS);
  const id = `${series}-${year}`;
  const current = await counters.get(id);
  const number = (current?.last ?? 0) + 1;
  if (number > FOLIO_MAX) throw new Error(`the folio series ${series} has handed out all ${FOLIO_MAX} numbers of ${year}`);
  // A concurrent start that counted first makes this a ConflictError: its command runs again and counts after it.
  if (current) await counters.update(id, { series, year, last: number }, current.version);
  else await counters.insert({ id, series, year, last: number });
  return { folio: formatFolio(series, year, number), series, year, number };
}
