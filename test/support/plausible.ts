// What the bench smoke tests check of a measurement: that it measured something. Ranges are wide
// enough for any machine under any load, narrow enough to catch a bench that measured nothing (0,
// NaN, a negative) or got a unit wrong by a thousand.

/** Expects `value` finite and within [floor, ceiling]; the failure names the measurement. */
export function expectPlausible(what: string, value: number, floor: number, ceiling: number): void {
  if (!(Number.isFinite(value) && value >= floor && value <= ceiling)) {
    throw new Error(`${what} = ${value}: not a plausible measurement (expected between ${floor} and ${ceiling})`);
  }
}

/**
 * Expects durations in ms given in the order of their percentiles (p50, p95, …, max): in that order,
 * at least `floorMs` (a read takes a microsecond), and none longer than the whole call that measured
 * them (`wallMs`), which a unit mistake (µs or ns taken for ms) would be.
 */
export function expectDurations(what: string, ascending: readonly number[], wallMs: number, floorMs = 0.001): void {
  let previous = floorMs;
  for (const [i, value] of ascending.entries()) {
    expectPlausible(`${what}[${i}] (ms)`, value, previous, wallMs);
    previous = value;
  }
}
