// ISO 8601 durations, date-times and repeating intervals as BPMN timers use them
// (timeDuration 'PT15M', timeDate '2026-01-01T08:00:00Z', timeCycle 'R/P1W', 'R3/2026-01-01T08:00:00Z/PT1H').

export interface Duration {
  years: number;
  months: number;
  weeks: number;
  days: number;
  hours: number;
  minutes: number;
  seconds: number;
  negative: boolean;
}

const DURATION =
  /^(-)?P(?:(\d+(?:[.,]\d+)?)Y)?(?:(\d+(?:[.,]\d+)?)M)?(?:(\d+(?:[.,]\d+)?)W)?(?:(\d+(?:[.,]\d+)?)D)?(?:T(?:(\d+(?:[.,]\d+)?)H)?(?:(\d+(?:[.,]\d+)?)M)?(?:(\d+(?:[.,]\d+)?)S)?)?$/;

export class Iso8601Error extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'Iso8601Error';
  }
}

export function parseDuration(text: string): Duration {
  const m = DURATION.exec(text.trim());
  if (!m || text.trim() === 'P' || text.trim().endsWith('T')) {
    throw new Iso8601Error(`'${text}' is not an ISO 8601 duration (for example PT15M, P2D, P1W)`);
  }
  const n = (s: string | undefined) => (s ? Number(s.replace(',', '.')) : 0);
  return {
    negative: m[1] === '-',
    years: n(m[2]),
    months: n(m[3]),
    weeks: n(m[4]),
    days: n(m[5]),
    hours: n(m[6]),
    minutes: n(m[7]),
    seconds: n(m[8]),
  };
}

/** Adds a duration to an instant, calendar-aware in UTC for years and months. */
export function addDuration(fromMs: number, d: Duration): number {
  const sign = d.negative ? -1 : 1;
  const date = new Date(fromMs);
  if (d.years || d.months) {
    const wholeMonths = Math.trunc(d.years * 12 + d.months);
    date.setUTCMonth(date.getUTCMonth() + sign * wholeMonths);
  }
  const ms = ((d.weeks * 7 + d.days) * 86_400 + d.hours * 3_600 + d.minutes * 60 + d.seconds) * 1000;
  return date.getTime() + sign * Math.round(ms);
}

export function durationToMs(d: Duration): number {
  return addDuration(0, d);
}

export function parseDateTime(text: string): number {
  const trimmed = text.trim();
  // Require at least a date; a date-time without offset is read as UTC.
  if (!/^\d{4}-\d{2}-\d{2}/.test(trimmed)) {
    throw new Iso8601Error(`'${text}' is not an ISO 8601 date-time (for example 2026-01-31T08:00:00Z)`);
  }
  const withZone = /T.*([zZ]|[+-]\d{2}:?\d{2})$/.test(trimmed) || !trimmed.includes('T') ? trimmed : `${trimmed}Z`;
  const ms = Date.parse(withZone);
  if (Number.isNaN(ms)) throw new Iso8601Error(`'${text}' is not an ISO 8601 date-time (for example 2026-01-31T08:00:00Z)`);
  return ms;
}

export interface Cycle {
  /** Total repetitions; Infinity for 'R/…'. */
  repetitions: number;
  start?: number;
  interval: Duration;
}

export function parseCycle(text: string): Cycle {
  const parts = text.trim().split('/');
  const head = parts[0] ?? '';
  const m = /^R(\d*)$/.exec(head);
  if (!m || parts.length < 2 || parts.length > 3) {
    throw new Iso8601Error(`'${text}' is not an ISO 8601 repeating interval (for example R/P1W or R3/PT1H)`);
  }
  const repetitions = m[1] === '' ? Infinity : Number(m[1]);
  if (parts.length === 2) return { repetitions, interval: parseDuration(parts[1]!) };
  // R/start/duration (the form Zeebe takes); R/duration/end is not.
  return { repetitions, start: parseDateTime(parts[1]!), interval: parseDuration(parts[2]!) };
}

/** The first due time of a cycle, counted from `nowMs`. */
export function firstCycleDue(cycle: Cycle, nowMs: number): number {
  if (cycle.start !== undefined) return cycle.start >= nowMs ? cycle.start : nextAfter(cycle, cycle.start, nowMs);
  return addDuration(nowMs, cycle.interval);
}

function nextAfter(cycle: Cycle, from: number, nowMs: number): number {
  let t = from;
  for (let i = 0; t < nowMs && i < 100_000; i++) t = addDuration(t, cycle.interval);
  return t;
}

export function formatCycle(repetitions: number, interval: Duration, start?: number): string {
  const r = repetitions === Infinity ? 'R' : `R${repetitions}`;
  return start === undefined ? `${r}/${formatDuration(interval)}` : `${r}/${new Date(start).toISOString()}/${formatDuration(interval)}`;
}

export function formatDuration(d: Duration): string {
  const date = `${d.years ? `${d.years}Y` : ''}${d.months ? `${d.months}M` : ''}${d.weeks ? `${d.weeks}W` : ''}${d.days ? `${d.days}D` : ''}`;
  const time = `${d.hours ? `${d.hours}H` : ''}${d.minutes ? `${d.minutes}M` : ''}${d.seconds ? `${d.seconds}S` : ''}`;
  return `${d.negative ? '-' : ''}P${date}${time ? `T${time}` : ''}` + (date || time ? '' : 'T0S');
}
