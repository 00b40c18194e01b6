// PR06 3.c: manual backups run "de preferencia, a horas inhábiles". Working hours are Monday to
// Friday 06:00–20:00 in Aguascalientes (UTC-6); everything else — weeknights 20:00–06:00 and the
// whole weekend — is non-working time.
import { localInstant, localParts } from './time.js';

export const WORKDAY_START_HOUR = 6;
export const WORKDAY_END_HOUR = 20;

export function isWorkingTime(instant: Date): boolean {
  const p = localParts(instant);
  return p.weekday >= 1 && p.weekday <= 5 && p.hour >= WORKDAY_START_HOUR && p.hour < WORKDAY_END_HOUR;
}

/** The first instant at or after `from` that falls in working hours. */
export function nextWorkingStart(from: Date): Date {
  if (isWorkingTime(from)) return from;
  const p = localParts(from);
  for (let day = 0; day < 8; day++) {
    const candidate = localInstant(p.year, p.month, p.day + day, WORKDAY_START_HOUR);
    if (candidate.getTime() >= from.getTime() && isWorkingTime(candidate)) return candidate;
  }
  throw new Error('unreachable: every week has working hours');
}

/** The first instant at or after `from` that falls outside working hours. */
export function nextOffHoursStart(from: Date): Date {
  if (!isWorkingTime(from)) return from;
  const p = localParts(from);
  return localInstant(p.year, p.month, p.day, WORKDAY_END_HOUR);
}

/**
 * The earliest window of `hours` starting on a whole hour at or after `now` that lies entirely in
 * non-working time. Off-hours stretches last at least ten hours, so any window up to ten fits.
 */
export function offHoursWindow(now: Date, hours: number): { inicio: Date; fin: Date } {
  const lengthMs = hours * 3_600_000;
  let candidate = new Date(Math.ceil(now.getTime() / 3_600_000) * 3_600_000);
  for (let guard = 0; guard < 100; guard++) {
    candidate = nextOffHoursStart(candidate);
    const fin = new Date(candidate.getTime() + lengthMs);
    if (nextWorkingStart(candidate).getTime() >= fin.getTime()) return { inicio: candidate, fin };
    candidate = nextWorkingStart(candidate);
  }
  throw new RangeError(`no off-hours window of ${hours} h exists`);
}
