// ISO 8601 as timers use it: durations, date-times and repeating intervals.
import { addDuration, firstCycleDue, parseCycle, parseDateTime, parseDuration } from '../../server/engine/embedded/iso8601.js';

const at = (iso: string) => Date.parse(iso);

describe('ISO 8601 for timers', () => {
  it('adds durations with calendar months and plain days', () => {
    expect(new Date(addDuration(at('2026-01-31T10:00:00Z'), parseDuration('P1M'))).toISOString()).toBe('2026-03-03T10:00:00.000Z');
    expect(new Date(addDuration(at('2026-01-05T09:00:00Z'), parseDuration('P15D'))).toISOString()).toBe('2026-01-20T09:00:00.000Z');
    expect(new Date(addDuration(at('2026-01-05T09:00:00Z'), parseDuration('PT1H30M'))).toISOString()).toBe('2026-01-05T10:30:00.000Z');
    expect(new Date(addDuration(at('2026-01-05T09:00:00Z'), parseDuration('P1W'))).toISOString()).toBe('2026-01-12T09:00:00.000Z');
  });

  it('refuses text that is not a duration, naming it', () => {
    for (const bad of ['P', 'PT', '1H', 'P1H', 'soon']) expect(() => parseDuration(bad)).toThrow(`'${bad}'`);
  });

  it('reads date-times with and without an offset (UTC when none)', () => {
    expect(parseDateTime('2026-01-05T09:00:00Z')).toBe(at('2026-01-05T09:00:00Z'));
    expect(parseDateTime('2026-01-05T09:00:00-06:00')).toBe(at('2026-01-05T15:00:00Z'));
    expect(parseDateTime('2026-01-05T09:00:00')).toBe(at('2026-01-05T09:00:00Z'));
    expect(() => parseDateTime('mañana')).toThrow("'mañana'");
  });

  it('reads repeating intervals, bounded and unbounded, with and without a start', () => {
    expect(parseCycle('R3/PT1H').repetitions).toBe(3);
    expect(parseCycle('R/P1W').repetitions).toBe(Infinity);
    const withStart = parseCycle('R/2026-01-05T08:00:00Z/P1D');
    expect(firstCycleDue(withStart, at('2026-01-01T00:00:00Z'))).toBe(at('2026-01-05T08:00:00Z'));
    expect(firstCycleDue(withStart, at('2026-01-07T09:00:00Z'))).toBe(at('2026-01-08T08:00:00Z'));
    expect(firstCycleDue(parseCycle('R/P1W'), at('2026-01-05T09:00:00Z'))).toBe(at('2026-01-12T09:00:00Z'));
    expect(() => parseCycle('0 0 8 * * MON')).toThrow('repeating interval');
  });
});
