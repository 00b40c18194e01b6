#!/usr/bin/env node
// The `oficio` command: registers tsx so the TypeScript sources run as they are, then hands the
// arguments to runCli (server/cli.ts) and exits with its code.
import { register } from 'tsx/esm/api';

register();

const { runCli } = await import('../server/cli.ts');
process.exitCode = await runCli(process.argv.slice(2), {
  stdout: (s) => process.stdout.write(s),
  stderr: (s) => process.stderr.write(s),
});
