// Builds the designer into designer/dist with Vite — only when its sources changed since the last
// build (a hash of them is kept in dist/), so `npm start` and the browser tests rebuild just when needed.
//   node --import tsx designer/build.ts            build if stale
//   node --import tsx designer/build.ts --force    build anyway
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const designerDir = fileURLToPath(new URL('.', import.meta.url));
const rootDir = join(designerDir, '..');
export const DIST_DIR = join(designerDir, 'dist');
const STAMP = join(DIST_DIR, '.oficio-build.json');

/** Everything the bundle is made of: the app's sources, its config, the shared form texts, the locked dependencies. */
const INPUTS = [
  'designer/src',
  'designer/index.html',
  'designer/vite.config.ts',
  'designer/tsconfig.json',
  'forms/messages.ts',
  'forms/meaning.ts',
  'forms/pattern.ts',
  'forms/person.ts',
  'contracts',
  'package-lock.json',
];

function filesUnder(path: string): string[] {
  if (!existsSync(path)) return [];
  if (!statSync(path).isDirectory()) return [path];
  return readdirSync(path)
    .sort()
    .flatMap((name) => filesUnder(join(path, name)));
}

export function sourceHash(): string {
  const hash = createHash('sha256');
  for (const file of INPUTS.flatMap((input) => filesUnder(join(rootDir, input)))) {
    hash.update(relative(rootDir, file)).update('\0').update(readFileSync(file)).update('\0');
  }
  return hash.digest('hex');
}

function builtHash(): string | undefined {
  try {
    return (JSON.parse(readFileSync(STAMP, 'utf8')) as { sources?: string }).sources;
  } catch {
    return undefined;
  }
}

/** Builds unless designer/dist already holds a build of the current sources. */
export async function ensureDesignerBuilt({ force = false, log = console.log }: { force?: boolean; log?: (line: string) => void } = {}): Promise<{ built: boolean }> {
  const sources = sourceHash();
  if (!force && builtHash() === sources && existsSync(join(DIST_DIR, 'index.html'))) return { built: false };
  log('Construyendo la aplicación web (designer/dist)… / Building the web app…');
  const { build } = await import('vite');
  await build({ configFile: join(designerDir, 'vite.config.ts'), logLevel: 'warn' });
  writeFileSync(STAMP, JSON.stringify({ sources, builtAt: new Date().toISOString() }, null, 2));
  return { built: true };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  ensureDesignerBuilt({ force: process.argv.includes('--force') }).catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
