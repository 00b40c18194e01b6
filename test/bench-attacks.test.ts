// Keeps bench/attacks.ts from rotting: every attack runs once at tiny sizes against a server in its
// own process, and the bench must report what each attack was answered and plausible latencies of
// the unrelated requests. No timing targets: whether an attack froze the server is read from the
// bench's own output (npm run bench:attacks), not asserted here.
import { runAttacks, FULL } from '../bench/attacks.js';
import { expectPlausible } from './support/plausible.js';

test('every attack of issue 12 is answered, and the unrelated requests meanwhile are measured', async () => {
  const report = await runAttacks({ ...FULL, runs: 1, visibleInstances: 5, stalledUploads: 3, probeEveryMs: 50, attackTimeoutMs: 60_000 });
  expectPlausible('baseline answers', report.baseline.samples, 1, 10_000);
  const answered = Object.fromEntries(report.attacks.map((a) => [a.name, a.answers[0]]));
  expect(answered).toEqual({
    '/v2 search with a $like of many wildcards (#4)': '200',
    'a 900 KB model draft (#5)': '200',
    'a 144 KB processing instruction and 15,000 stray lines to the live lint (#5)': '200',
    'a FEEL loop over ten million numbers in a script task (#6)': '200',
    'a FEEL range feelin never ends, from 1.5 (#6)': '200',
    'a FEEL text doubled to 64 million characters, then upper-cased (#6)': '200',
    'a form pattern with catastrophic backtracking on the public form (#7)': '400',
    'a 1,001-level nested value in a start (#2)': '400',
    'stalled uploads held open (#8)': 'error',
  });
  for (const attack of report.attacks) {
    expectPlausible(`${attack.name}: unrelated answers`, attack.during.samples, 1, 100_000);
    expectPlausible(`${attack.name}: their median (ms)`, attack.during.medianMs, 0.01, attack.during.maxMs);
    expectPlausible(`${attack.name}: peak memory (MiB)`, attack.peakRssMiB, 10, 64 * 1024);
  }
}, 240_000);
