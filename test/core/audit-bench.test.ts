// Keeps bench/audit.ts from rotting: every measurement runs at tiny sizes and reports numbers.
// No timing assertions — this machine's speed is not under test here.
import { measureAuditTrail } from '../../bench/audit.js';

describe('bench/audit.ts measurements (tiny sizes)', () => {
  test('given a tiny trail, then every measurement reports a number and the filled trail verifies intact', async () => {
    const result = await measureAuditTrail({ events: 3000, runs: 1, appends: 200, inFlight: 20 });

    expect(result.intact).toBe(true);
    for (const value of [result.appendSequentialPerSecond, result.appendConcurrentPerSecond, result.appendOnFullTrailPerSecond, result.verifyEventsPerSecond, result.exportRowsPerSecond]) {
      expect(value).toBeGreaterThan(0);
    }
    expect(Object.values(result.queryFirstPageMs).every((ms) => ms >= 0)).toBe(true);
  });
});
