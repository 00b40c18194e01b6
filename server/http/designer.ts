// Serves the built browser app (Vite's designer/dist): the hashed files under /assets cached for a
// year, index.html revalidated on every load, and index.html for every other GET outside the APIs so
// the app's own router answers /tareas/123 or /modelos/x. Without a build, a short page in Spanish
// and English says how to make one (503).
import { join } from 'node:path';
import express, { type NextFunction, type Request, type Response, type Router } from 'express';
import { t, type Locale } from '../i18n/index.js';
import type { DesignerSettings } from './deps.js';
import { DomainError } from '../errors.js';

export const BUILD_COMMAND = 'npm run build:designer';

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** The page shown while designer/dist has no build: both languages, the command to run. */
export function notBuiltPage(): string {
  const part = (locale: Locale) => ({
    title: escapeHtml(t(locale, 'designer.notBuilt.title')),
    body: escapeHtml(t(locale, 'designer.notBuilt.body', { command: BUILD_COMMAND })).replace(escapeHtml(BUILD_COMMAND), `<code>${escapeHtml(BUILD_COMMAND)}</code>`),
  });
  const es = part('es');
  const en = part('en');
  return `<!doctype html>
<html lang="es-MX">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${es.title}</title></head>
<body>
<main>
<h1>${es.title}</h1>
<p>${es.body}</p>
<section lang="en"><h2>${en.title}</h2><p>${en.body}</p></section>
</main>
</body>
</html>
`;
}

/**
 * Paths the app's router never answers: the APIs, and names of the files browsers and crawlers ask
 * for (a missing favicon stays a 404). A process id may hold a dot (/modelos/proceso.v2): that is a page.
 */
const isApi = (path: string) => /^\/(api|v2)(\/|$)/.test(path);
const isFileName = (path: string) => /\.(ico|png|svg|jpe?g|gif|webp|js|mjs|css|map|json|txt|xml|webmanifest|woff2?)$/i.test(path);

export function designerRouter({ distDir }: DesignerSettings): Router {
  const router = express.Router();
  // Vite names every file under assets/ by its content hash: a changed file is a new URL.
  router.use('/assets', express.static(join(distDir, 'assets'), { index: false, immutable: true, maxAge: 365 * 24 * 3600 * 1000, fallthrough: true }));
  router.use('/assets', (_req: Request, _res: Response, next: NextFunction) => next(new DomainError('not-found', 'http.notFound')));
  // Other files at the top of dist (favicon, index.html itself) keep their names: always revalidated.
  router.use(
    express.static(distDir, {
      index: false,
      dotfiles: 'ignore',
      cacheControl: false,
      setHeaders: (res) => res.setHeader('Cache-Control', 'no-cache'),
    }),
  );
  router.use((req: Request, res: Response, next: NextFunction) => {
    if ((req.method !== 'GET' && req.method !== 'HEAD') || isApi(req.path)) return next();
    if (isFileName(req.path)) return next(new DomainError('not-found', 'http.notFound'));
    res.setHeader('Cache-Control', 'no-cache');
    res.sendFile(join(distDir, 'index.html'), { cacheControl: false, dotfiles: 'allow' }, (error?: Error) => {
      if (!error || res.headersSent) return;
      const code = (error as NodeJS.ErrnoException).code;
      if (code !== 'ENOENT' && code !== 'ENOTDIR') return next(error);
      res.status(503).setHeader('Cache-Control', 'no-store');
      res.type('html').send(notBuiltPage());
    });
  });
  return router;
}
