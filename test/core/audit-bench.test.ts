// Keeps bench/audit.ts from rotting: every measurement runs at tiny sizes and reports a plausible
// number. No timing targets — this machine's speed is not under test here; the ranges only catch a
// bench that measures nothing or gets a unit wrong (test/support/plausible.ts).
import { measureAuditTrail } from '../../bench/audit.js';
import { expectDurations, expectPlausible } from '../support/plausible.js';

const EVENTS = 3000;
const APPENDS = 200;

describe('bench/audit.ts measurements (tiny sizes)', () => {
  test('given a tiny trail, then every measurement reports a plausible number and the filled trail verifies intact', async () => {
    const started = performance.now();
    const result = await measureAuditTrail({ events: EVENTS, runs: 1, appends: APPENDS, inFlight: 20 });
    const wallMs = performance.now() - started;
    const wallSeconds = wallMs / 1000;

    expect(result.intact).toBe(true);
    for (const value of [result.appendSequentialPerSecond, result.appendConcurrentPerSecond, result.appendOnFullTrailPerSecond, result.verifyEventsPerSecond, result.exportRowsPerSecond]) {
      expect(value).toBeGreaterThan(0);
    }
    // Each run appends APPENDS events within the call; a hashed, committed event is far from a million a second.
    for (const [what, perSecond] of Object.entries({
      sequential: result.appendSequentialPerSecond,
      concurrent: result.appendConcurrentPerSecond,
      onFullTrail: result.appendOnFullTrailPerSecond,
    })) {
      expectPlausible(`appends/s ${what}`, perSecond, APPENDS / wallSeconds, 1_000_000);
    }
    // Verify reads the filled trail, export that and the appends on it: the rates times the times give those counts.
    expectPlausible('verify seconds', result.verifySeconds, 1e-6, wallSeconds);
    expectPlausible('export seconds', result.exportSeconds, 1e-6, wallSeconds);
    expect(result.verifyEventsPerSecond * result.verifySeconds).toBeCloseTo(EVENTS);
    expect(result.exportRowsPerSecond * result.exportSeconds).toBeCloseTo(EVENTS + APPENDS);
    expect(Object.values(result.queryFirstPageMs).every((ms) => ms >= 0)).toBe(true);
    for (const [what, ms] of Object.entries(result.queryFirstPageMs)) expectDurations(`first page ${what}`, [ms], wallMs);
    // About a KiB per event; heap growth in MiB, flat when paged.
    expectPlausible('file MiB', result.fileMiB, 0.1, 100);
    expectPlausible('verify heap growth MiB', result.verifyHeapGrowthMiB, 0, 1024);
    expectPlausible('export heap growth MiB', result.exportHeapGrowthMiB, 0, 1024);
  });
});
