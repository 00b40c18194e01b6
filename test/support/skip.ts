// Suites that need something this machine may not have (a Chromium, a Camunda cluster, a MongoDB
// replica set) run when it is there and are otherwise skipped loudly, so a green run without it is
// never mistaken for a run of them.

/**
 * `describe` when `runs`; otherwise the suite is skipped and a banner goes to stderr: `title` with
 * the suite's name, then `lines` saying what is missing and how to run it.
 */
export function describeWhen(runs: boolean, title: string, lines: string[]): jest.Describe {
  if (runs) return describe;
  return ((name: string, fn: () => void) => {
    const rule = '!'.repeat(78);
    process.stderr.write(`\n${rule}\n!! ${title}: "${name}"\n${lines.map((line) => `!! ${line}\n`).join('')}${rule}\n`);
    describe.skip(name, fn);
  }) as unknown as jest.Describe;
}
