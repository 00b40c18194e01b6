// Attachments: files users upload with a form (an Oficio de solicitud, a backup's MDF/LDF, a
// spreadsheet). The bytes live in the store — never in process variables — as base64 chunks of
// one collection, written in the same transaction as their description and its audit event, so
// an acknowledged upload is never half there. Forms put the Adjunto reference into their data.
//
// On a store with its own file storage (MongoDB: GridFS) the bytes go there instead, still inside
// that one transaction; chunk documents remain the way of stores without it (SQLite).
//
// An attachment belongs to a process instance (uploaded to it, or bound when the start form it
// was uploaded for creates the instance). Until bound it belongs to its uploader alone, who may
// bind it within 24 hours.
import { createHash, randomBytes } from 'node:crypto';
import type { Store, Transaction } from '../../store/port.js';
import { DomainError } from '../../errors.js';
import type { AuditActor, AuditTrail } from '../audit/index.js';

export const ATTACHMENTS_COLLECTION = 'attachments';
export const ATTACHMENT_CHUNKS_COLLECTION = 'attachment_chunks';
/** The file bucket of a store with its own file storage (see Store.blobs). */
export const ATTACHMENTS_BUCKET = 'attachments';
const CHUNKS_SPEC = { indexes: [{ fields: ['attachmentId', 'n'] }] };
/** 10 MiB, unless OFICIO_ATTACHMENT_MAX_BYTES says otherwise. */
export const DEFAULT_ATTACHMENT_MAX_BYTES = 10 * 1024 * 1024;
/** How long an upload not yet bound to an instance stays usable by its uploader. */
export const UNBOUND_TTL_MS = 24 * 60 * 60 * 1000;
/** Raw bytes per stored chunk (about 340 KB once base64). */
const CHUNK_BYTES = 256 * 1024;

/** What a form's data holds: a reference to the stored file, never its bytes. */
export interface Adjunto {
  id: string;
  nombre: string;
  tipo: string;
  tamano: number;
  sha256: string;
}

export interface AttachmentDoc {
  nombre: string;
  tipo: string;
  tamano: number;
  sha256: string;
  chunks: number;
  uploadedBy: { id: string; name: string };
  uploadedAt: string;
  /** Absent while unbound (uploaded for a start form). */
  processInstanceKey?: string;
  /** Unbound uploads only: after this the uploader can no longer bind it. */
  bindableUntil?: string;
}

interface ChunkDoc {
  attachmentId: string;
  n: number;
  data: string;
}

/**
 * The allow-list: extension → accepted content types. Database backups (MDF/LDF) have no type of
 * their own and come as application/octet-stream; the extension decides.
 */
const ALLOWED: Record<string, readonly string[]> = {
  pdf: ['application/pdf'],
  png: ['image/png'],
  jpg: ['image/jpeg'],
  jpeg: ['image/jpeg'],
  txt: ['text/plain'],
  csv: ['text/csv', 'text/plain', 'application/vnd.ms-excel'],
  docx: ['application/vnd.openxmlformats-officedocument.wordprocessingml.document'],
  xlsx: ['application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
  mdf: ['application/octet-stream'],
  ldf: ['application/octet-stream'],
  sql: ['application/sql', 'text/plain', 'text/x-sql', 'application/octet-stream'],
};

/** Signatures the content must start with, where the format has one. */
const MAGIC: Record<string, Buffer> = {
  pdf: Buffer.from('%PDF-'),
  png: Buffer.from([0x89, 0x50, 0x4e, 0x47]),
  jpg: Buffer.from([0xff, 0xd8, 0xff]),
  jpeg: Buffer.from([0xff, 0xd8, 0xff]),
  docx: Buffer.from([0x50, 0x4b, 0x03, 0x04]),
  xlsx: Buffer.from([0x50, 0x4b, 0x03, 0x04]),
};

/** The media type without parameters, lower case ('' when absent). */
export function mediaTypeOf(contentType: string | undefined): string {
  return (contentType ?? '').split(';')[0]!.trim().toLowerCase();
}

function extensionOf(name: string): string {
  const dot = name.lastIndexOf('.');
  return dot === -1 ? '' : name.slice(dot + 1).toLowerCase();
}

/** Whether a file of this name and media type may be uploaded at all. */
export function isAllowedType(nombre: string, mediaType: string): boolean {
  return ALLOWED[extensionOf(nombre)]?.includes(mediaType) ?? false;
}

/** Whether the bytes look like what the name says (formats with a signature only). */
export function contentMatchesType(nombre: string, bytes: Buffer): boolean {
  const magic = MAGIC[extensionOf(nombre)];
  return !magic || (bytes.length >= magic.length && bytes.subarray(0, magic.length).equals(magic));
}

// eslint-disable-next-line no-control-regex -- the control characters are what it removes
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f]/g;

/** A file name a user gave: no directories, no control characters, at most 255 characters. */
export function cleanFileName(raw: string): string | undefined {
  const name = raw.replace(CONTROL_CHARACTERS, '').split(/[\\/]/).pop()!.trim();
  return name && name !== '.' && name !== '..' && name.length <= 255 ? name : undefined;
}

export function adjuntoOf(id: string, doc: AttachmentDoc): Adjunto {
  return { id, nombre: doc.nombre, tipo: doc.tipo, tamano: doc.tamano, sha256: doc.sha256 };
}

/** An attachment cannot be bound: missing, someone else's, bound elsewhere or expired. */
export class AttachmentNotUsableError extends DomainError {
  readonly code = 'ATTACHMENT_NOT_USABLE';
  constructor(readonly attachmentId: string) {
    super('invalid', 'http.attachment.notUsable', { id: attachmentId }, { message: `attachment ${attachmentId} cannot be used` });
    this.name = 'AttachmentNotUsableError';
  }
}

export interface NewAttachment {
  nombre: string;
  tipo: string;
  bytes: Buffer;
  uploadedBy: { id: string; name: string; roles?: string[] };
  processInstanceKey?: string;
  ip?: string;
}

export interface Attachments {
  /** Stores the file and records 'attachment.upload', all in one transaction. */
  save(file: NewAttachment): Promise<Adjunto>;
  get(id: string): Promise<(AttachmentDoc & { id: string }) | undefined>;
  /** The file's bytes, chunk by chunk. */
  read(id: string): AsyncIterable<Buffer>;
  /** The attachments of an instance, oldest first. */
  ofInstance(processInstanceKey: string): Promise<Array<Adjunto & { uploadedBy: { id: string; name: string }; uploadedAt: string }>>;
  /**
   * Binds the uploader's unbound attachments to the instance their start form created (within
   * its transaction when given). Already bound to this instance is fine; anything else is an
   * AttachmentNotUsableError.
   */
  bind(ids: string[], to: { processInstanceKey: string; userId: string }, tx?: Transaction): Promise<void>;
}

export interface AttachmentsDeps {
  store: Store;
  audit: AuditTrail;
  now?: () => Date;
}

/** The ids of the Adjunto references anywhere in a form's data. */
export function attachmentIdsIn(data: unknown, found: Set<string> = new Set()): string[] {
  if (Array.isArray(data)) for (const item of data) attachmentIdsIn(item, found);
  else if (data !== null && typeof data === 'object') {
    const record = data as Record<string, unknown>;
    if (typeof record.id === 'string' && record.id.startsWith('adj_') && typeof record.nombre === 'string') found.add(record.id);
    else for (const value of Object.values(record)) attachmentIdsIn(value, found);
  }
  return [...found];
}

/** Writes an attachment's bytes within `tx`: to the store's file storage, or as chunk documents. */
export async function writeAttachmentBytes(tx: Transaction, id: string, bytes: Buffer): Promise<void> {
  const blobs = tx.blobs?.(ATTACHMENTS_BUCKET);
  if (blobs) {
    await blobs.put(id, bytes);
    return;
  }
  const parts = tx.collection<ChunkDoc>(ATTACHMENT_CHUNKS_COLLECTION);
  const count = Math.max(1, Math.ceil(bytes.length / CHUNK_BYTES));
  for (let n = 0; n < count; n++) {
    const data = bytes.subarray(n * CHUNK_BYTES, (n + 1) * CHUNK_BYTES).toString('base64');
    await parts.insert({ id: `${id}:${String(n).padStart(6, '0')}`, attachmentId: id, n, data });
  }
}

/** An attachment's bytes, chunk by chunk; nothing for an unknown id. */
export async function* readAttachmentBytes(store: Store, id: string): AsyncGenerator<Buffer> {
  const blobs = store.blobs?.(ATTACHMENTS_BUCKET);
  if (blobs) {
    yield* blobs.read(id);
    return;
  }
  const chunks = store.collection<ChunkDoc>(ATTACHMENT_CHUNKS_COLLECTION, CHUNKS_SPEC);
  let after: string | undefined;
  for (;;) {
    const page = await chunks.find({ attachmentId: id }, { sort: [{ field: 'n' }], limit: 16, ...(after ? { after } : {}) });
    for (const chunk of page.items) yield Buffer.from(chunk.data, 'base64');
    if (!page.nextCursor) return;
    after = page.nextCursor;
  }
}

export function createAttachments({ store, audit, now = () => new Date() }: AttachmentsDeps): Attachments {
  const meta = store.collection<AttachmentDoc>(ATTACHMENTS_COLLECTION, { indexes: [{ fields: ['processInstanceKey', 'uploadedAt'] }] });
  if (!store.blobs) store.collection<ChunkDoc>(ATTACHMENT_CHUNKS_COLLECTION, CHUNKS_SPEC);

  return {
    async save(file) {
      const id = `adj_${randomBytes(12).toString('hex')}`;
      const sha256 = createHash('sha256').update(file.bytes).digest('hex');
      const count = Math.max(1, Math.ceil(file.bytes.length / CHUNK_BYTES));
      const at = now();
      const doc: AttachmentDoc = {
        nombre: file.nombre,
        tipo: file.tipo,
        tamano: file.bytes.length,
        sha256,
        chunks: count,
        uploadedBy: { id: file.uploadedBy.id, name: file.uploadedBy.name },
        uploadedAt: at.toISOString(),
        ...(file.processInstanceKey ? { processInstanceKey: file.processInstanceKey } : { bindableUntil: new Date(at.getTime() + UNBOUND_TTL_MS).toISOString() }),
      };
      const adjunto = adjuntoOf(id, doc);
      const actor: AuditActor = { id: file.uploadedBy.id, name: file.uploadedBy.name, ...(file.uploadedBy.roles ? { roles: file.uploadedBy.roles } : {}) };
      await store.transaction(async (tx) => {
        await writeAttachmentBytes(tx, id, file.bytes);
        await tx.collection<AttachmentDoc>(ATTACHMENTS_COLLECTION).insert({ ...doc, id });
        await audit.record(
          {
            actor,
            action: 'attachment.upload',
            ...(file.processInstanceKey ? { processInstanceKey: file.processInstanceKey } : {}),
            subject: id,
            data: { ...adjunto },
            ...(file.ip ? { ip: file.ip } : {}),
          },
          tx,
        );
      });
      return adjunto;
    },

    async get(id) {
      const doc = await meta.get(id);
      if (!doc) return undefined;
      const { version: _version, ...rest } = doc;
      return rest;
    },

    read(id) {
      return readAttachmentBytes(store, id);
    },

    async ofInstance(processInstanceKey) {
      const { items } = await meta.find({ processInstanceKey }, { sort: [{ field: 'uploadedAt' }], limit: 1000 });
      return items.map((doc) => ({ ...adjuntoOf(doc.id, doc), uploadedBy: doc.uploadedBy, uploadedAt: doc.uploadedAt }));
    },

    async bind(ids, { processInstanceKey, userId }, tx) {
      const work = async (t: Transaction) => {
        const docs = t.collection<AttachmentDoc>(ATTACHMENTS_COLLECTION);
        const at = now().toISOString();
        for (const id of ids) {
          const doc = await docs.get(id);
          if (!doc || doc.uploadedBy.id !== userId) throw new AttachmentNotUsableError(id);
          if (doc.processInstanceKey === processInstanceKey) continue;
          if (doc.processInstanceKey !== undefined || (doc.bindableUntil !== undefined && doc.bindableUntil < at)) throw new AttachmentNotUsableError(id);
          const { id: _id, version, bindableUntil: _until, ...fields } = doc;
          await docs.update(id, { ...fields, processInstanceKey }, version);
        }
      };
      if (tx) await work(tx);
      else await store.transaction(work);
    },
  };
}
