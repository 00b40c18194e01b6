// What a page of the built designer costs on the wire: the files a first visit to a page fetches
// (index.html, the entry chunk, its static imports and CSS, the page's own lazy chunk and its
// imports), gzipped. Read from Vite's manifest in designer/dist; used by `npm run bench` and a test.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { DIST_DIR } from './build.js';

interface ManifestChunk {
  file: string;
  src?: string;
  isEntry?: boolean;
  isDynamicEntry?: boolean;
  imports?: string[];
  dynamicImports?: string[];
  css?: string[];
  assets?: string[];
}
type Manifest = Record<string, ManifestChunk>;

export interface PageCost {
  page: string;
  files: string[];
  bytes: number;
  gzipBytes: number;
}

function readManifest(dist: string): Manifest {
  return JSON.parse(readFileSync(join(dist, '.vite', 'manifest.json'), 'utf8')) as Manifest;
}

/** The manifest keys a chunk loads before it runs: itself and its static imports, recursively. */
function staticClosure(manifest: Manifest, key: string, seen = new Set<string>()): Set<string> {
  if (seen.has(key)) return seen;
  seen.add(key);
  for (const imported of manifest[key]?.imports ?? []) staticClosure(manifest, imported, seen);
  return seen;
}

/** The files of a set of chunks: their JavaScript, their CSS and the fonts/images their CSS names. */
function filesOf(manifest: Manifest, keys: Iterable<string>): Set<string> {
  const files = new Set<string>();
  for (const key of keys) {
    const chunk = manifest[key]!;
    files.add(chunk.file);
    for (const css of chunk.css ?? []) files.add(css);
    for (const asset of chunk.assets ?? []) files.add(asset);
  }
  return files;
}

/**
 * The first visit to a page: index.html, the entry with its static imports, and the page module
 * (by its source path, e.g. 'src/tasklist/TasklistPage.tsx') with its static imports.
 */
export function firstVisitCost(pageSource: string, dist = DIST_DIR): PageCost {
  const manifest = readManifest(dist);
  const entry = Object.keys(manifest).find((key) => manifest[key]!.isEntry);
  if (!entry) throw new Error('the manifest has no entry chunk');
  if (!manifest[pageSource]) throw new Error(`the manifest has no chunk for ${pageSource}`);
  const keys = new Set([...staticClosure(manifest, entry), ...staticClosure(manifest, pageSource)]);
  const files = ['index.html', ...filesOf(manifest, keys)];
  let bytes = 0;
  let gzipBytes = 0;
  for (const file of files) {
    const content = readFileSync(join(dist, file));
    bytes += content.length;
    gzipBytes += gzipSync(content, { level: 9 }).length;
  }
  return { page: pageSource, files, bytes, gzipBytes };
}

/** The JavaScript of a first visit, concatenated: to check which libraries a page carries. */
export function firstVisitScript(pageSource: string, dist = DIST_DIR): string {
  return firstVisitCost(pageSource, dist)
    .files.filter((file) => file.endsWith('.js'))
    .map((file) => readFileSync(join(dist, file), 'utf8'))
    .join('\n');
}

/** Everything a page may load later too (its dynamic imports, recursively), as one text. */
export function reachableScript(pageSource: string, dist = DIST_DIR): string {
  const manifest = readManifest(dist);
  const seen = new Set<string>();
  const visit = (key: string) => {
    if (seen.has(key) || !manifest[key]) return;
    seen.add(key);
    for (const next of [...(manifest[key].imports ?? []), ...(manifest[key].dynamicImports ?? [])]) visit(next);
  };
  visit(pageSource);
  return [...seen].map((key) => readFileSync(join(dist, manifest[key]!.file), 'utf8')).join('\n');
}

/** The pages `npm run bench` reports. */
export const MEASURED_PAGES = {
  tasklist: 'src/tasklist/TasklistPage.tsx',
  task: 'src/tasklist/TaskPage.tsx',
  catalogue: 'src/catalogue/CataloguePage.tsx',
  modeler: 'src/modeler/ModelerPage.tsx',
  formDesigner: 'src/form-designer/FormDesignerPage.tsx',
  instance: 'src/auditor/InstancePage.tsx',
} as const;

/** The budget of the first page a staff member opens (the tasklist), gzipped. */
export const TASKLIST_BUDGET_GZIP_BYTES = 1.5 * 1024 * 1024;
