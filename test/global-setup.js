// Before any suite: build the designer into designer/dist when its sources changed, once for all
// jest workers (the browser tests and the bundle test read the built files).
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export default function buildDesignerIfStale() {
  const root = fileURLToPath(new URL('..', import.meta.url));
  const result = spawnSync(process.execPath, ['--import', 'tsx', 'designer/build.ts'], { cwd: root, stdio: 'inherit', env: { ...process.env, NODE_OPTIONS: '' } });
  if (result.status !== 0) throw new Error('building the designer (designer/build.ts) failed');
}
