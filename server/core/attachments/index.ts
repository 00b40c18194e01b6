// Attachments: files users upload with a form (an Oficio de solicitud, a backup's MDF/LDF, a
// spreadsheet). The bytes live in the store — never in process variables — as base64 chunks of
// one collection; forms put the Adjunto reference into their data.
//
// An upload streams: each chunk is written to the store as soon as its bytes have arrived, in a
// small transaction of its own (a transaction held open while the client sends would block every
// other writer — SQLite has one), so an upload holds at most one chunk in memory however slow its
// client. Until its last chunk is in, the upload is only marked in progress (attachment_uploads);
// its description and its audit event are written together at the end, so an acknowledged upload
// is never half there. An upload that is refused or cut off has its chunks removed at once; what a
// stopped server leaves midway is removed by the sweep.
//
// On a store with its own file storage (MongoDB: GridFS) the chunks are moved there in that last
// transaction (the file is in memory once, for that transaction only); chunk documents remain the
// way of stores without it (SQLite).
//
// An attachment belongs to a process instance (uploaded to it, or bound when the start form it
// was uploaded for creates the instance). Until bound it belongs to its uploader alone, who may
// bind it within 24 hours; the sweep deletes it after that.
import { createHash, randomBytes } from 'node:crypto';
import type { Collection, Filter, Store, Stored, Transaction } from '../../store/port.js';
import { DomainError } from '../../errors.js';
import type { AuditActor, AuditTrail } from '../audit/index.js';

export const ATTACHMENTS_COLLECTION = 'attachments';
export const ATTACHMENT_CHUNKS_COLLECTION = 'attachment_chunks';
/** Uploads in progress: the mark that their chunks are not (yet) an attachment. */
export const ATTACHMENT_UPLOADS_COLLECTION = 'attachment_uploads';
/** The file bucket of a store with its own file storage (see Store.blobs). */
export const ATTACHMENTS_BUCKET = 'attachments';
const CHUNKS_SPEC = { indexes: [{ fields: ['attachmentId', 'n'] }] };
/** 10 MiB, unless OFICIO_ATTACHMENT_MAX_BYTES says otherwise. */
export const DEFAULT_ATTACHMENT_MAX_BYTES = 10 * 1024 * 1024;
/** How long an upload not yet bound to an instance stays usable by its uploader. */
export const UNBOUND_TTL_MS = 24 * 60 * 60 * 1000;
/**
 * An upload still marked in progress this long after it began was abandoned by a server that
 * stopped midway; the sweep removes its chunks. Far longer than a request may last (Node's
 * requestTimeout: 5 minutes).
 */
export const ABANDONED_UPLOAD_MS = 60 * 60 * 1000;
/** How often npm start sweeps expired and abandoned uploads (server/oficio.ts). */
export const ATTACHMENT_SWEEP_EVERY_MS = 15 * 60 * 1000;
/** Raw bytes per stored chunk (about 340 KB once base64): the most an upload holds in memory. */
export const CHUNK_BYTES = 256 * 1024;
const UPLOADS_SPEC = { indexes: [{ fields: ['startedAt'] }] };
/** Documents the sweep handles per page. */
const SWEEP_PAGE = 100;

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

/** An upload in progress: its chunks are being written under the attachment id it will have. */
interface UploadDoc {
  /** The uploader's user id. */
  uploadedBy: string;
  startedAt: string;
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

/** How many first bytes contentMatchesType needs to decide. */
const SIGNATURE_BYTES = Math.max(...Object.values(MAGIC).map((magic) => magic.length));

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

/** What an upload says of its file before its bytes arrive. */
export interface UploadInfo {
  nombre: string;
  tipo: string;
  uploadedBy: { id: string; name: string; roles?: string[] };
  processInstanceKey?: string;
  ip?: string;
}

export interface NewAttachment extends UploadInfo {
  bytes: Buffer;
}

export interface Attachments {
  /**
   * Stores a file as its bytes arrive from `body`, a chunk at a time, and then records it with
   * 'attachment.upload' in one transaction. Refuses (DomainError) more than `maxBytes` as soon as
   * they arrive (too-large), an empty file (invalid) and content not matching the name's type
   * (unsupported-media-type); after a refusal, or when `body` fails (the client went away),
   * nothing of the upload stays in the store.
   */
  upload(file: UploadInfo, body: AsyncIterable<Buffer | Uint8Array> | Iterable<Buffer | Uint8Array>, limits: { maxBytes: number }): Promise<Adjunto>;
  /** Stores a file already in memory, as upload does (fixtures, tests). */
  save(file: NewAttachment): Promise<Adjunto>;
  /** Uploads of this process in progress, and the bytes they hold in memory between chunks (tests, metrics). */
  uploadsInProgress(): { count: number; bufferedBytes: number };
  /**
   * Deletes the unbound attachments whose 24 hours are over (bytes and description, recording
   * 'attachment.expire' for each) and the chunks of uploads abandoned midway (ABANDONED_UPLOAD_MS).
   */
  sweep(): Promise<{ expired: number; abandoned: number }>;
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

/** Each Adjunto reference in a form's data (its id and name as sent) with the field that holds it ('oficio', 'anexos/0'), as form errors name fields. */
export function attachmentFieldsIn(data: unknown): Array<{ id: string; nombre: string; field: string }> {
  const found = new Map<string, { nombre: string; field: string }>();
  const walk = (value: unknown, path: string[]) => {
    if (Array.isArray(value)) value.forEach((item, i) => walk(item, [...path, String(i)]));
    else if (value !== null && typeof value === 'object') {
      const record = value as Record<string, unknown>;
      if (typeof record.id === 'string' && record.id.startsWith('adj_') && typeof record.nombre === 'string') {
        if (!found.has(record.id)) found.set(record.id, { nombre: record.nombre, field: path.join('/') });
      } else for (const [name, inner] of Object.entries(record)) walk(inner, [...path, name]);
    }
  };
  walk(data, []);
  return [...found].map(([id, at]) => ({ id, ...at }));
}

const chunkId = (attachmentId: string, n: number) => `${attachmentId}:${String(n).padStart(6, '0')}`;

/** The staged chunks of an upload, in order, as one buffer (for a store that keeps files apart). */
async function stagedBytes(parts: Collection<ChunkDoc>, id: string): Promise<Buffer> {
  const found: Buffer[] = [];
  let after: string | undefined;
  do {
    const page = await parts.find({ attachmentId: id }, { sort: [{ field: 'n' }], limit: 16, ...(after ? { after } : {}) });
    for (const chunk of page.items) found.push(Buffer.from(chunk.data, 'base64'));
    after = page.nextCursor;
  } while (after);
  return Buffer.concat(found);
}

/** Every document matching `filter`, a page at a time, by `field` (a cursor: deleting what was read does not skip any). */
async function* pages<T extends object>(collection: Collection<T>, filter: Filter, field: string): AsyncGenerator<Stored<T>> {
  let after: string | undefined;
  do {
    const page = await collection.find(filter, { sort: [{ field }], limit: SWEEP_PAGE, ...(after ? { after } : {}) });
    yield* page.items;
    after = page.nextCursor;
  } while (after);
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
    await parts.insert({ id: chunkId(id, n), attachmentId: id, n, data });
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
  const meta = store.collection<AttachmentDoc>(ATTACHMENTS_COLLECTION, { indexes: [{ fields: ['processInstanceKey', 'uploadedAt'] }, { fields: ['bindableUntil'] }] });
  // Every store stages uploads as chunk documents, also one that keeps finished files in its own storage.
  store.collection<ChunkDoc>(ATTACHMENT_CHUNKS_COLLECTION, CHUNKS_SPEC);
  const uploads = store.collection<UploadDoc>(ATTACHMENT_UPLOADS_COLLECTION, UPLOADS_SPEC);
  /** This process's uploads in progress, by attachment id, with the bytes each holds between chunks. */
  const inFlight = new Map<string, { buffered: number }>();

  /** Removes an unfinished upload's chunks and its mark; false when it was not there (any more). */
  const discard = (id: string) =>
    store.transaction(async (tx) => {
      const removed = await tx.collection<ChunkDoc>(ATTACHMENT_CHUNKS_COLLECTION).deleteMany({ attachmentId: id });
      return (await tx.collection<UploadDoc>(ATTACHMENT_UPLOADS_COLLECTION).delete(id)) || removed > 0;
    });

  async function upload(file: UploadInfo, body: AsyncIterable<Buffer | Uint8Array> | Iterable<Buffer | Uint8Array>, { maxBytes }: { maxBytes: number }): Promise<Adjunto> {
    const id = `adj_${randomBytes(12).toString('hex')}`;
    const live = { buffered: 0 };
    inFlight.set(id, live);
    const hash = createHash('sha256');
    let size = 0;
    let chunks = 0;
    /** What arrived since the last chunk was written: less than CHUNK_BYTES between pieces. */
    let pending: Buffer[] = [];
    /** The first bytes, for the signature check; undefined once checked. */
    let head: Buffer | undefined = Buffer.alloc(0);
    const checkSignature = (final: boolean) => {
      if (head === undefined || (!final && head.length < SIGNATURE_BYTES)) return;
      if (!contentMatchesType(file.nombre, head)) throw new DomainError('unsupported-media-type', 'http.attachment.contentMismatch', { type: file.tipo });
      head = undefined;
    };
    // Each chunk in a transaction of its own; the first also marks the upload in progress, the
    // others make sure the mark is still there (a sweep of another process may have removed it).
    const writeChunk = (bytes: Buffer) =>
      store.transaction(async (tx) => {
        const marks = tx.collection<UploadDoc>(ATTACHMENT_UPLOADS_COLLECTION);
        if (chunks === 0) await marks.insert({ id, uploadedBy: file.uploadedBy.id, startedAt: now().toISOString() });
        else if (!(await marks.get(id))) throw new DomainError('conflict', 'http.attachment.interrupted');
        await tx.collection<ChunkDoc>(ATTACHMENT_CHUNKS_COLLECTION).insert({ id: chunkId(id, chunks), attachmentId: id, n: chunks, data: bytes.toString('base64') });
      });
    // Writes whole chunks of what is pending (and, at the end, the rest): views of the pieces that
    // arrived, so a piece is let go as soon as all of it is written, and a file given whole is not copied.
    const flush = async (final: boolean) => {
      while (live.buffered >= CHUNK_BYTES || (final && live.buffered > 0)) {
        const length = Math.min(CHUNK_BYTES, live.buffered);
        const parts: Buffer[] = [];
        for (let taken = 0; taken < length; ) {
          const first = pending[0]!;
          const need = length - taken;
          if (first.length <= need) {
            parts.push(first);
            pending.shift();
            taken += first.length;
          } else {
            parts.push(first.subarray(0, need));
            pending[0] = first.subarray(need);
            taken = length;
          }
        }
        await writeChunk(parts.length === 1 ? parts[0]! : Buffer.concat(parts, length));
        chunks++;
        live.buffered -= length;
      }
    };
    try {
      for await (const piece of body) {
        const bytes = Buffer.isBuffer(piece) ? piece : Buffer.from(piece);
        size += bytes.length;
        if (size > maxBytes) throw new DomainError('too-large', 'http.attachment.tooLarge', { max: maxBytes });
        hash.update(bytes);
        if (head !== undefined) {
          head = Buffer.concat([head, bytes.subarray(0, SIGNATURE_BYTES - head.length)]);
          checkSignature(false);
        }
        pending.push(bytes);
        live.buffered += bytes.length;
        // Awaiting the write before taking the next piece pauses the request: the client waits, not memory.
        await flush(false);
      }
      if (size === 0) throw new DomainError('invalid', 'http.attachment.empty');
      checkSignature(true);
      await flush(true);
      return await commit(id, file, { size, chunks, sha256: hash.digest('hex') });
    } catch (error) {
      pending = [];
      live.buffered = 0;
      // The store may be what failed: the sweep removes what this could not.
      if (chunks > 0) await discard(id).catch(() => undefined);
      throw error;
    } finally {
      inFlight.delete(id);
    }
  }

  /** The upload's last transaction: its chunks become the attachment, with its audit event. */
  async function commit(id: string, file: UploadInfo, { size, chunks, sha256 }: { size: number; chunks: number; sha256: string }): Promise<Adjunto> {
    const at = now();
    const doc: AttachmentDoc = {
      nombre: file.nombre,
      tipo: file.tipo,
      tamano: size,
      sha256,
      chunks,
      uploadedBy: { id: file.uploadedBy.id, name: file.uploadedBy.name },
      uploadedAt: at.toISOString(),
      ...(file.processInstanceKey ? { processInstanceKey: file.processInstanceKey } : { bindableUntil: new Date(at.getTime() + UNBOUND_TTL_MS).toISOString() }),
    };
    const adjunto = adjuntoOf(id, doc);
    const actor: AuditActor = { id: file.uploadedBy.id, name: file.uploadedBy.name, ...(file.uploadedBy.roles ? { roles: file.uploadedBy.roles } : {}) };
    await store.transaction(async (tx) => {
      const marks = tx.collection<UploadDoc>(ATTACHMENT_UPLOADS_COLLECTION);
      if (!(await marks.delete(id))) throw new DomainError('conflict', 'http.attachment.interrupted');
      const blobs = tx.blobs?.(ATTACHMENTS_BUCKET);
      if (blobs) {
        const parts = tx.collection<ChunkDoc>(ATTACHMENT_CHUNKS_COLLECTION);
        await blobs.put(id, await stagedBytes(parts, id));
        await parts.deleteMany({ attachmentId: id });
      }
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
  }

  /** Deletes an unbound attachment whose window is over (checked again inside the transaction). */
  const expire = (id: string, at: string) =>
    store.transaction(async (tx) => {
      const docs = tx.collection<AttachmentDoc>(ATTACHMENTS_COLLECTION);
      const doc = await docs.get(id);
      if (!doc || doc.processInstanceKey !== undefined || doc.bindableUntil === undefined || doc.bindableUntil >= at) return false;
      const blobs = tx.blobs?.(ATTACHMENTS_BUCKET);
      if (blobs) await blobs.delete(id);
      else await tx.collection<ChunkDoc>(ATTACHMENT_CHUNKS_COLLECTION).deleteMany({ attachmentId: id });
      await docs.delete(id, doc.version);
      await audit.record({ actor: 'system', action: 'attachment.expire', subject: id, data: { ...adjuntoOf(id, doc), uploadedBy: doc.uploadedBy, bindableUntil: doc.bindableUntil } }, tx);
      return true;
    });

  return {
    upload,

    save({ bytes, ...file }) {
      return upload(file, [bytes], { maxBytes: Number.POSITIVE_INFINITY });
    },

    uploadsInProgress() {
      let bufferedBytes = 0;
      for (const { buffered } of inFlight.values()) bufferedBytes += buffered;
      return { count: inFlight.size, bufferedBytes };
    },

    async sweep() {
      const at = now();
      let expired = 0;
      let abandoned = 0;
      for await (const doc of pages(meta, { bindableUntil: { $lt: at.toISOString() } }, 'bindableUntil')) {
        if (await expire(doc.id, at.toISOString())) expired++;
      }
      const stale = new Date(at.getTime() - ABANDONED_UPLOAD_MS).toISOString();
      for await (const mark of pages(uploads, { startedAt: { $lt: stale } }, 'startedAt')) {
        // Still arriving in this process: its own ending cleans up after it.
        if (inFlight.has(mark.id)) continue;
        if (await discard(mark.id)) abandoned++;
      }
      return { expired, abandoned };
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
