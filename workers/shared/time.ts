// Aguascalientes time. Mexico abolished daylight saving in 2022: the state is UTC-6 all year, so a
// fixed offset is exact and needs no time-zone database.

export const AGUASCALIENTES_OFFSET_MINUTES = -6 * 60;

/** The wall-clock fields of `instant` in Aguascalientes. */
export function localParts(instant: Date) {
  const shifted = new Date(instant.getTime() + AGUASCALIENTES_OFFSET_MINUTES * 60_000);
  return {
    year: shifted.getUTCFullYear(),
    month: shifted.getUTCMonth() + 1,
    day: shifted.getUTCDate(),
    hour: shifted.getUTCHours(),
    minute: shifted.getUTCMinutes(),
    /** 0 = Sunday … 6 = Saturday. */
    weekday: shifted.getUTCDay(),
  };
}

/** yyyymmdd of the local (Aguascalientes) date. */
export function localDateKey(instant: Date): string {
  const p = localParts(instant);
  return `${p.year}${String(p.month).padStart(2, '0')}${String(p.day).padStart(2, '0')}`;
}

/** The instant of local wall-clock time y-m-d h:00 in Aguascalientes. */
export function localInstant(year: number, month: number, day: number, hour = 0, minute = 0): Date {
  return new Date(Date.UTC(year, month - 1, day, hour, minute) - AGUASCALIENTES_OFFSET_MINUTES * 60_000);
}

/** Calendar months later, clamped to the end of a shorter month (31 Aug + 6 months = 28/29 Feb). */
export function addMonths(instant: Date, months: number): Date {
  const d = new Date(instant.getTime());
  const day = d.getUTCDate();
  d.setUTCDate(1);
  d.setUTCMonth(d.getUTCMonth() + months);
  const lastDay = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)).getUTCDate();
  d.setUTCDate(Math.min(day, lastDay));
  return d;
}
