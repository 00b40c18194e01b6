// Attachments: upload to an instance (or, for a start form, before the instance exists) as the
// raw request body — Content-Type of the file, its name URL-encoded in X-File-Name — within the
// size limit and type allow-list; download for whoever may see the instance, or the uploader.
import type { Request } from 'express';
import { Adjunto, AttachmentIdParams, InstanceKeyParams } from '../../../contracts/api/index.js';
import { cleanFileName, contentMatchesType, isAllowedType, mediaTypeOf } from '../../core/attachments/index.js';
import { actorOf, can, type User } from '../../core/identity/index.js';
import { DomainError } from '../../errors.js';
import type { RouteDeps } from '../deps.js';
import { defineRoute } from '../route.js';
import { ensureVisible } from './instances.js';

/** Reads and checks the file of an upload: its name, type and size, then its bytes. */
async function readUpload(req: Request, deps: RouteDeps): Promise<{ nombre: string; tipo: string; bytes: Buffer }> {
  const max = deps.http.attachmentMaxBytes;
  let raw = req.get('x-file-name') ?? '';
  try {
    raw = decodeURIComponent(raw);
  } catch {
    raw = '';
  }
  const nombre = cleanFileName(raw);
  if (!nombre) throw new DomainError('invalid', 'http.validation', {}, { fields: [{ field: 'headers/x-file-name', messageKey: 'http.attachment.fileName', code: 'invalid_file_name' }] });
  const tipo = mediaTypeOf(req.get('content-type'));
  if (!isAllowedType(nombre, tipo)) throw new DomainError('unsupported-media-type', 'http.attachment.unsupportedType', { type: `${tipo || '?'} (${nombre})` });
  const declared = Number(req.get('content-length'));
  if (Number.isFinite(declared) && declared > max) throw new DomainError('too-large', 'http.attachment.tooLarge', { max });
  const parts: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > max) {
      req.unpipe();
      throw new DomainError('too-large', 'http.attachment.tooLarge', { max });
    }
    parts.push(chunk);
  }
  const bytes = Buffer.concat(parts, size);
  if (size === 0) throw new DomainError('invalid', 'http.attachment.empty');
  if (!contentMatchesType(nombre, bytes)) throw new DomainError('unsupported-media-type', 'http.attachment.contentMismatch', { type: tipo });
  return { nombre, tipo, bytes };
}

function uploader(user: User) {
  return { id: user.id, name: user.displayName, roles: [...user.roles] };
}

/** Content-Disposition with an ASCII fallback and the exact name in RFC 5987 form. */
function disposition(nombre: string): string {
  const ascii =
    nombre
      .normalize('NFD')
      .replace(/[^\x20-\x7e]/g, '')
      .replace(/["\\]/g, '_') || 'adjunto';
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(nombre).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)}`;
}

export const attachmentRoutes = [
  defineRoute({
    method: 'post',
    path: '/api/instances/:key/attachments',
    summary: 'Adjunta un archivo a una instancia (cuerpo: el archivo; X-File-Name) / Attaches a file to an instance (body: the file; X-File-Name)',
    tag: 'attachments',
    access: 'user',
    params: InstanceKeyParams,
    status: 201,
    response: Adjunto,
    async handler({ params, user, ip, req, deps }) {
      await ensureVisible(deps, user!, params.key);
      await deps.engine.getProcessInstance({ processInstanceKey: params.key });
      // Reading every instance (an auditor) is not writing to it: attaching takes being part of the
      // instance (started it, acted on it, holds one of its tasks) or operating instances.
      if (!can(user, 'instances.operate') && !(await deps.instanceAccess.maySee({ ...user!, roles: [] }, params.key))) {
        throw new DomainError('forbidden', 'http.forbidden');
      }
      const file = await readUpload(req, deps);
      return deps.attachments.save({ ...file, uploadedBy: uploader(user!), processInstanceKey: params.key, ip });
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
    async handler({ user, ip, req, deps }) {
      const file = await readUpload(req, deps);
      return deps.attachments.save({ ...file, uploadedBy: uploader(user!), ip });
    },
  }),
  defineRoute({
    method: 'get',
    path: '/api/attachments/:id',
    summary: 'Descarga un adjunto / Downloads an attachment',
    tag: 'attachments',
    access: 'user',
    params: AttachmentIdParams,
    async handler({ params, user, ip, res, deps }) {
      const { attachments, instanceAccess: access } = deps;
      const doc = await attachments.get(params.id);
      if (!doc) throw new DomainError('not-found', 'http.notFound');
      const allowed = doc.uploadedBy.id === user!.id || (doc.processInstanceKey !== undefined && (await access.maySee(user!, doc.processInstanceKey)));
      if (!allowed) throw new DomainError('forbidden', 'http.forbidden');
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
