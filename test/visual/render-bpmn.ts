// Renders every processes/*.bpmn in bpmn-js (NavigatedViewer, in headless Chromium) and saves one PNG
// per model to test-results/bpmn/<id>.png, so a person can look at the diagrams the builder lays out.
// Prints bpmn-js's import warnings and a few layout measurements per model (shapes overlapping, flows
// running through shapes, flows crossing, labels overlapping) and exits non-zero if a model fails to
// import. Needs Chromium at /usr/bin/chromium (Debian: apt-get install -y chromium), or CHROMIUM=path.
//
//   npm run render:bpmn [-- <model id or part of one> ...]
import { createServer, type Server } from 'node:http';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createRequire } from 'node:module';
import { chromium } from 'playwright-core';

const root = resolve(import.meta.dirname, '../..');
const processesDir = join(root, 'processes');
const outDir = join(root, 'test-results', 'bpmn');
const require = createRequire(import.meta.url);
const bpmnJsDist = join(require.resolve('bpmn-js/package.json').replace(/package\.json$/, ''), 'dist');

const filters = process.argv.slice(2);
const models = readdirSync(processesDir)
  .filter((f) => f.endsWith('.bpmn'))
  .map((f) => f.replace(/\.bpmn$/, ''))
  .filter((id) => !filters.length || filters.some((p) => id.includes(p)))
  .sort();

const PAGE = `<!doctype html>
<html><head><meta charset="utf-8">
<link rel="stylesheet" href="/dist/assets/diagram-js.css">
<link rel="stylesheet" href="/dist/assets/bpmn-js.css">
<style>html,body{margin:0;padding:0;background:#fff;width:100%;height:100%;overflow:hidden}#canvas{width:100%;height:100%}</style>
</head><body><div id="canvas"></div>
<script src="/dist/bpmn-navigated-viewer.production.min.js"></script>
</body></html>`;

const TYPES: Record<string, string> = {
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.html': 'text/html',
  '.bpmn': 'application/xml',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.svg': 'image/svg+xml',
  '.eot': 'application/vnd.ms-fontobject',
};

function serve(): Promise<{ server: Server; base: string }> {
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    try {
      if (url.pathname === '/') {
        res.writeHead(200, { 'content-type': 'text/html' }).end(PAGE);
        return;
      }
      let file: string | undefined;
      if (url.pathname.startsWith('/dist/')) file = join(bpmnJsDist, url.pathname.slice('/dist/'.length));
      else if (url.pathname.startsWith('/bpmn/')) file = join(processesDir, url.pathname.slice('/bpmn/'.length));
      if (!file || (!file.startsWith(bpmnJsDist) && !file.startsWith(processesDir))) throw new Error('not found');
      const ext = file.slice(file.lastIndexOf('.'));
      res.writeHead(200, { 'content-type': TYPES[ext] ?? 'application/octet-stream' }).end(readFileSync(file));
    } catch {
      res.writeHead(404).end();
    }
  });
  return new Promise((ok) =>
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      ok({ server, base: `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}` });
    }),
  );
}

interface Result {
  ok: boolean;
  error?: string;
  warnings: string[];
  width: number;
  height: number;
  problems: string[];
  crossings: number;
}

// Runs in the page: imports one diagram, fits it, and measures the layout from bpmn-js's own model
// (labels included, with the bounds bpmn-js gave them).
async function importAndMeasure(xml: string): Promise<Result> {
  type Pt = { x: number; y: number };
  type El = { id: string; type: string; x: number; y: number; width: number; height: number; waypoints?: Pt[]; labelTarget?: El; host?: El; parent?: El; businessObject?: { name?: string } };
  const w = window as unknown as {
    BpmnJS: new (
      o: object,
    ) => {
      importXML(x: string): Promise<{ warnings: Array<{ message: string }> }>;
      get(n: 'canvas'): { viewbox(): { inner: { x: number; y: number; width: number; height: number } } };
      get(n: 'elementRegistry'): { getAll(): El[] };
    };
    viewer?: unknown;
  };
  const viewer = new w.BpmnJS({ container: '#canvas' });
  w.viewer = viewer;
  let warnings: string[] = [];
  try {
    const result = await viewer.importXML(xml);
    warnings = result.warnings.map((x) => x.message);
  } catch (e) {
    const err = e as { message?: string; warnings?: Array<{ message: string }> };
    return { ok: false, error: err.message ?? String(e), warnings: (err.warnings ?? []).map((x) => x.message), width: 0, height: 0, problems: [], crossings: 0 };
  }
  const canvas = viewer.get('canvas');
  const all: El[] = viewer.get('elementRegistry').getAll();
  const shapes = all.filter((e) => !e.waypoints && !/Participant|Lane|Process|Collaboration/.test(e.type) && e.type !== 'label' && e.width);
  const labels = all.filter((e) => e.type === 'label' && e.businessObject?.name);
  const edges = all.filter((e) => e.waypoints);
  const inner = canvas.viewbox().inner;
  const problems: string[] = [];
  const box = (e: El) => ({ x1: e.x, y1: e.y, x2: e.x + e.width, y2: e.y + e.height });
  const overlap = (a: El, b: El, pad = 0) => {
    const p = box(a),
      q = box(b);
    return p.x1 < q.x2 - pad && q.x1 < p.x2 - pad && p.y1 < q.y2 - pad && q.y1 < p.y2 - pad;
  };
  for (let i = 0; i < shapes.length; i++)
    for (let j = i + 1; j < shapes.length; j++) {
      const a = shapes[i]!,
        b = shapes[j]!;
      if (a.host === b || b.host === a) continue;
      if (overlap(a, b)) problems.push(`shapes overlap: ${a.id} / ${b.id}`);
    }
  // A segment passes through a shape's interior (shrunk a little) that is not its source or target.
  const segThrough = (p: Pt, q: Pt, e: El) => {
    const b = box(e),
      m = 3;
    const x1 = b.x1 + m,
      x2 = b.x2 - m,
      y1 = b.y1 + m,
      y2 = b.y2 - m;
    if (p.x === q.x) return p.x > x1 && p.x < x2 && Math.max(p.y, q.y) > y1 && Math.min(p.y, q.y) < y2;
    if (p.y === q.y) return p.y > y1 && p.y < y2 && Math.max(p.x, q.x) > x1 && Math.min(p.x, q.x) < x2;
    return false;
  };
  const ends = (c: El & { source?: El; target?: El }) => new Set([c.source, c.target, c.source?.host, c.target?.host].filter(Boolean));
  for (const c of edges as Array<El & { source?: El; target?: El }>) {
    const pts = c.waypoints!;
    const mine = ends(c);
    for (const s of [...shapes, ...labels.filter((l) => l.labelTarget !== c)]) {
      if (mine.has(s) || (s.labelTarget && mine.has(s.labelTarget))) continue;
      for (let k = 0; k + 1 < pts.length; k++)
        if (segThrough(pts[k]!, pts[k + 1]!, s)) {
          problems.push(`${c.id} runs through ${s.type === 'label' ? 'label of ' + s.labelTarget?.id : s.id}`);
          break;
        }
    }
    for (let k = 0; k + 1 < pts.length; k++) if (pts[k]!.x !== pts[k + 1]!.x && pts[k]!.y !== pts[k + 1]!.y) problems.push(`${c.id} has a diagonal segment`);
  }
  for (let i = 0; i < labels.length; i++) {
    for (let j = i + 1; j < labels.length; j++) if (overlap(labels[i]!, labels[j]!, 1)) problems.push(`labels overlap: ${labels[i]!.labelTarget?.id} / ${labels[j]!.labelTarget?.id}`);
    for (const s of shapes) if (s !== labels[i]!.labelTarget && overlap(labels[i]!, s, 1)) problems.push(`label of ${labels[i]!.labelTarget?.id} overlaps ${s.id}`);
  }
  // Proper crossings between flows (perpendicular segments meeting inside both).
  let crossings = 0;
  const segs = edges.map((c) => c.waypoints!.slice(1).map((q, k) => [c.waypoints![k]!, q] as [Pt, Pt]));
  for (let i = 0; i < segs.length; i++)
    for (let j = i + 1; j < segs.length; j++)
      for (const [a, b] of segs[i]!)
        for (const [c, d] of segs[j]!) {
          const h1 = a.y === b.y,
            h2 = c.y === d.y;
          if (h1 === h2) continue;
          const [hp, hq, vp, vq] = h1 ? [a, b, c, d] : [c, d, a, b];
          const x = vp.x,
            y = hp.y;
          if (x > Math.min(hp.x, hq.x) && x < Math.max(hp.x, hq.x) && y > Math.min(vp.y, vq.y) && y < Math.max(vp.y, vq.y)) crossings++;
        }
  return { ok: true, warnings, width: inner.width, height: inner.height, problems, crossings };
}

const { server, base } = await serve();
const profile = mkdtempSync(join(tmpdir(), 'oficio-render-'));
const context = await chromium.launchPersistentContext(profile, {
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  headless: true,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  viewport: { width: 1600, height: 900 },
});
// tsx (esbuild) wraps named functions in __name(); give the page one so importAndMeasure runs there.
await context.addInitScript('globalThis.__name = (f) => f;');
mkdirSync(outDir, { recursive: true });
let failed = 0;
try {
  for (const id of models) {
    const page = await context.newPage();
    const pageErrors: string[] = [];
    page.on('pageerror', (e) => pageErrors.push(e.message));
    await page.goto(`${base}/`);
    const xml = readFileSync(join(processesDir, `${id}.bpmn`), 'utf8');
    const result = await page.evaluate(importAndMeasure, xml);
    if (!result.ok) {
      failed++;
      console.log(`✗ ${id}: import failed: ${result.error}`);
    } else {
      // Size the page to the diagram's proportions (at most 2400 px wide), then fit it.
      const scale = Math.min(1, 2400 / (result.width + 40));
      await page.setViewportSize({ width: Math.max(800, Math.round((result.width + 40) * scale)), height: Math.max(400, Math.round((result.height + 40) * scale)) });
      await page.evaluate(() => {
        const canvas = (window as unknown as { viewer: { get(n: string): { resized(): void; zoom(z: string): void } } }).viewer.get('canvas');
        canvas.resized();
        canvas.zoom('fit-viewport');
      });
      const file = join(outDir, `${id}.png`);
      writeFileSync(file, await page.screenshot({ fullPage: false }));
      console.log(
        `✓ ${id}: ${Math.round(result.width)}×${Math.round(result.height)}, ${result.crossings} flow crossings, ${result.problems.length} layout problems → ${file.slice(root.length + 1)}`,
      );
    }
    for (const w of result.warnings) console.log(`    warning: ${w}`);
    for (const e of pageErrors) console.log(`    page error: ${e}`);
    for (const p of result.problems) console.log(`    ${p}`);
    await page.close();
  }
} finally {
  await context.close();
  server.close();
  rmSync(profile, { recursive: true, force: true });
}
if (failed) {
  console.error(`${failed} model(s) failed to import in bpmn-js`);
  process.exit(1);
}
