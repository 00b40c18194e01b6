// Attachments: upload to an instance (or, for a start form, before the instance exists) as the
// raw request body — Content-Type of the file, its name URL-encoded in X-File-Name — within the
// size limit, the type allow-list and the user's quotas, streamed to the store as it arrives;
// download for whoever may see the instance, or the uploader.
import type { Request, Response } from 'express';
import { Adjunto, AttachmentIdParams, InstanceKeyParams } from '../../../contracts/api/index.js';
import { cleanFileName, isAllowedType, mediaTypeOf } from '../../core/attachments/index.js';
import { actorOf, can, type User } from '../../core/identity/index.js';
import { DomainError } from '../../errors.js';
import type { RouteDeps } from '../deps.js';
import { defineRoute } from '../route.js';
import { ensureVisible } from './instances.js';

/** What an upload says of its file in its headers, checked before a byte of it is read. */
function uploadHeaders(req: Request, max: number): { nombre: string; tipo: string } {
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
  return { nombre, tipo };
}

/**
 * Streams the request body into the store (core/attachments: a chunk at a time, so a slow or stalled
 * client holds one chunk of memory at most), within the user's quotas: one of their concurrent
 * upload slots for as long as it lasts, and one upload of the hour.
 */
async function receiveUpload(req: Request, res: Response, deps: RouteDeps, user: User, ip: string, processInstanceKey?: string) {
  const max = deps.http.attachmentMaxBytes;
  let release: (() => void) | undefined;
  try {
    const file = uploadHeaders(req, max);
    release = deps.quotas.holdUpload(user.id);
    deps.quotas.take('uploadsPerHour', user.id);
    // The request is left open when the upload stops early, so the refusal can still be answered.
    const body = req.iterator({ destroyOnReturn: false }) as AsyncIterable<Buffer>;
    return await deps.attachments.upload({ ...file, uploadedBy: uploader(user), ...(processInstanceKey ? { processInstanceKey } : {}), ip }, body, { maxBytes: max });
  } catch (error) {
    // Refused while the body still arrives: close the connection after the answer rather than read the rest.
    if (!req.complete) res.setHeader('Connection', 'close');
    throw error;
  } finally {
    release?.();
  }
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
    async handler({ params, user, ip, req, res, deps }) {
      await ensureVisible(deps, user!, params.key);
      await deps.engine.getProcessInstance({ processInstanceKey: params.key });
      // Reading every instance (an auditor) is not writing to it: attaching takes being part of the
      // instance (started it, acted on it, holds one of its tasks) or operating instances.
      if (!can(user, 'instances.operate') && !(await deps.instanceAccess.maySee({ ...user!, roles: [] }, params.key))) {
        throw new DomainError('forbidden', 'http.forbidden');
      }
      return receiveUpload(req, res, deps, user!, ip, params.key);
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
    async handler({ user, ip, req, res, deps }) {
      return receiveUpload(req, res, deps, user!, ip);
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
