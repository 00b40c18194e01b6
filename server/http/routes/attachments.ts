// Attachments: upload to an instance (or, for a start form, before the instance exists) as the
// raw request body — Content-Type of the file, its name URL-encoded in X-File-Name — within the
// size limit and type allow-list; download for whoever may see the instance, or the uploader.
import type { Request } from 'express';
import { z } from 'zod';
import {
  DEFAULT_ATTACHMENT_MAX_BYTES,
  cleanFileName,
  contentMatchesType,
  isAllowedType,
  mediaTypeOf,
} from '../../core/attachments/index.js';
import { can, type User } from '../../core/identity/index.js';
import { t, type Locale } from '../../i18n/index.js';
import type { AppDeps } from '../deps.js';
import { HttpProblem } from '../problems.js';
import { defineRoute } from '../route.js';
import { actorOf } from './auth.js';
import { Key, ensureVisible, servicesOf } from './instances.js';

const Adjunto = z.object({ id: z.string(), nombre: z.string(), tipo: z.string(), tamano: z.number(), sha256: z.string() });

/** Reads and checks the file of an upload: its name, type and size, then its bytes. */
async function readUpload(req: Request, deps: AppDeps, locale: Locale): Promise<{ nombre: string; tipo: string; bytes: Buffer }> {
  const max = deps.attachments?.maxBytes ?? DEFAULT_ATTACHMENT_MAX_BYTES;
  let raw = req.get('x-file-name') ?? '';
  try {
    raw = decodeURIComponent(raw);
  } catch {
    raw = '';
  }
  const nombre = cleanFileName(raw);
  if (!nombre) throw new HttpProblem(400, 'http.validation', {}, [{ field: 'headers/x-file-name', message: t(locale, 'http.attachment.fileName'), code: 'invalid_file_name' }]);
  const tipo = mediaTypeOf(req.get('content-type'));
  if (!isAllowedType(nombre, tipo)) throw new HttpProblem(415, 'http.attachment.unsupportedType', { type: `${tipo || '?'} (${nombre})` });
  const declared = Number(req.get('content-length'));
  if (Number.isFinite(declared) && declared > max) throw new HttpProblem(413, 'http.attachment.tooLarge', { max });
  const parts: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > max) {
      req.unpipe();
      throw new HttpProblem(413, 'http.attachment.tooLarge', { max });
    }
    parts.push(chunk);
  }
  const bytes = Buffer.concat(parts, size);
  if (size === 0) throw new HttpProblem(400, 'http.attachment.empty');
  if (!contentMatchesType(nombre, bytes)) throw new HttpProblem(415, 'http.attachment.contentMismatch', { type: tipo });
  return { nombre, tipo, bytes };
}

function uploader(user: User) {
  return { id: user.id, name: user.displayName, roles: [...user.roles] };
}

/** Content-Disposition with an ASCII fallback and the exact name in RFC 5987 form. */
function disposition(nombre: string): string {
  const ascii = nombre.normalize('NFD').replace(/[^\x20-\x7e]/g, '').replace(/["\\]/g, '_') || 'adjunto';
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(nombre).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)}`;
}

export const attachmentRoutes = [
  defineRoute({
    method: 'post',
    path: '/api/instances/:key/attachments',
    summary: 'Adjunta un archivo a una instancia (cuerpo: el archivo; X-File-Name) / Attaches a file to an instance (body: the file; X-File-Name)',
    tag: 'attachments',
    access: 'user',
    params: z.object({ key: Key }),
    status: 201,
    response: Adjunto,
    async handler({ params, user, ip, req, deps, locale }) {
      await ensureVisible(deps, user!, params.key);
      await deps.engine.getProcessInstance({ processInstanceKey: params.key });
      // Reading every instance (an auditor) is not writing to it: attaching takes being part of the
      // instance (started it, acted on it, holds one of its tasks) or operating instances.
      if (!can(user, 'instances.operate') && !(await servicesOf(deps).access.maySee({ ...user!, roles: [] }, params.key))) {
        throw new HttpProblem(403, 'http.forbidden');
      }
      const file = await readUpload(req, deps, locale);
      return servicesOf(deps).attachments.save({ ...file, uploadedBy: uploader(user!), processInstanceKey: params.key, ip });
    },
  }),
  defineRoute({
    method: 'post',
    path: '/api/attachments',
    summary: 'Sube un archivo para un formulario de inicio; se liga a la instancia al iniciar (24 h) / Uploads a file for a start form; bound to the instance on start (24 h)',
    tag: 'attachments',
    access: 'user',
    status: 201,
    response: Adjunto,
    async handler({ user, ip, req, deps, locale }) {
      const file = await readUpload(req, deps, locale);
      return servicesOf(deps).attachments.save({ ...file, uploadedBy: uploader(user!), ip });
    },
  }),
  defineRoute({
    method: 'get',
    path: '/api/attachments/:id',
    summary: 'Descarga un adjunto / Downloads an attachment',
    tag: 'attachments',
    access: 'user',
    params: z.object({ id: z.string().regex(/^adj_[0-9a-f]{24}$/) }),
    async handler({ params, user, ip, res, deps }) {
      const { attachments, access } = servicesOf(deps);
      const doc = await attachments.get(params.id);
      if (!doc) throw new HttpProblem(404, 'http.notFound');
      const allowed = doc.uploadedBy.id === user!.id || (doc.processInstanceKey !== undefined && (await access.maySee(user!, doc.processInstanceKey)));
      if (!allowed) throw new HttpProblem(403, 'http.forbidden');
      await deps.audit.record({
        actor: actorOf(user),
        action: 'attachment.download',
        ...(doc.processInstanceKey ? { processInstanceKey: doc.processInstanceKey } : {}),
        subject: params.id,
        data: { nombre: doc.nombre, sha256: doc.sha256 },
        ip,
      });
      res.status(200);
      res.setHeader('Content-Type', doc.tipo);
      res.setHeader('Content-Length', String(doc.tamano));
      res.setHeader('Content-Disposition', disposition(doc.nombre));
      res.setHeader('Cache-Control', 'private, no-store');
      for await (const chunk of attachments.read(params.id)) {
        if (!res.write(chunk)) await new Promise<void>((resolve) => res.once('drain', resolve));
      }
      res.end();
    },
  }),
];
