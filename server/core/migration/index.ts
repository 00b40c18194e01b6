// Copying a whole store into another one (`oficio migrate`, SQLite → MongoDB): every collection
// with its documents' ids and versions, in batches, and the attachments' bytes into the target's own
// file storage when it has one (GridFS); then verifying the copy — per collection the count and a
// digest of every document, every attachment's size and sha256, and the audit trail's hash chain
// recomputed on the target. Port-level only: it works between any two adapters that offer
// StoreCopying, which is how it is tested from one SQLite file to another.
//
// The target must hold no documents: a copy never merges into, nor overwrites, data already there.
import { createHash } from 'node:crypto';
import { ATTACHMENT_CHUNKS_COLLECTION, ATTACHMENTS_COLLECTION, readAttachmentBytes, writeAttachmentBytes, type AttachmentDoc } from '../attachments/index.js';
import { createAuditTrail, type AuditVerification } from '../audit/index.js';
import type { Store, StoreCopying, Stored } from '../../store/port.js';

export interface CollectionCopy {
  name: string;
  /** Documents read from the source. */
  source: number;
  /** Documents the target holds afterwards. */
  target: number;
  /** Every document (id, version, fields) reads back from the target exactly as from the source. */
  identical: boolean;
}

export interface AttachmentProblem {
  id: string;
  problem: 'size' | 'sha256';
}

export interface MigrationReport {
  collections: CollectionCopy[];
  /** Documents copied over all collections. */
  documents: number;
  attachments: {
    /** Attachments whose bytes went into the target's file storage (the rest travel as documents). */
    bytesCopied: number;
    /** Attachments whose bytes on the target have the recorded size and sha256. */
    verified: number;
    problems: AttachmentProblem[];
  };
  audit: { source: AuditVerification; target: AuditVerification };
  /** Counts, digests, attachments and the audit chain all agree. */
  ok: boolean;
}

/** The copy was not started: a store cannot be copied, or the target already holds documents. */
export class MigrationRefusedError extends Error {
  constructor(
    readonly reason: 'notCopyable' | 'targetNotEmpty',
    /** notCopyable: which store ('source' | 'target'); targetNotEmpty: its collections with documents. */
    readonly details: string[],
  ) {
    super(reason === 'notCopyable' ? `cannot copy a store of this kind (${details.join(', ')})` : `the target already holds documents (${details.join(', ')})`);
    this.name = 'MigrationRefusedError';
  }
}

export interface MigrateOptions {
  /** Documents per read and per write; default 500. */
  batchSize?: number;
  /** Called as each collection has been copied and checked. */
  onCollection?: (copy: CollectionCopy) => void;
}

export async function migrateStore(source: Store, target: Store, options: MigrateOptions = {}): Promise<MigrationReport> {
  const batch = Math.max(1, Math.floor(options.batchSize ?? 500));
  const from = source.copying;
  const to = target.copying;
  if (!from || !to) throw new MigrationRefusedError('notCopyable', [!from ? 'source' : 'target']);

  const occupied: string[] = [];
  for (const name of await to.listCollections()) if ((await target.collection(name).count()) > 0) occupied.push(name);
  if (occupied.length > 0) throw new MigrationRefusedError('targetNotEmpty', occupied);

  // Bytes held in a store's own file storage cannot travel as documents: they go attachment by attachment.
  const bytesApart = Boolean(source.blobs || target.blobs);
  const collections: CollectionCopy[] = [];
  for (const name of await from.listCollections()) {
    if (bytesApart && name === ATTACHMENT_CHUNKS_COLLECTION) continue;
    const copy = await copyCollection(source, target, to, name, batch);
    collections.push(copy);
    options.onCollection?.(copy);
  }

  let bytesCopied = 0;
  if (bytesApart) {
    for await (const attachment of documentsOf<AttachmentDoc>(source, ATTACHMENTS_COLLECTION, batch)) {
      const bytes = await collect(readAttachmentBytes(source, attachment.id));
      await target.transaction((tx) => writeAttachmentBytes(tx, attachment.id, bytes));
      bytesCopied++;
    }
  }

  let verified = 0;
  const problems: AttachmentProblem[] = [];
  for await (const attachment of documentsOf<AttachmentDoc>(target, ATTACHMENTS_COLLECTION, batch)) {
    const bytes = await collect(readAttachmentBytes(target, attachment.id));
    if (bytes.length !== attachment.tamano) problems.push({ id: attachment.id, problem: 'size' });
    else if (createHash('sha256').update(bytes).digest('hex') !== attachment.sha256) problems.push({ id: attachment.id, problem: 'sha256' });
    else verified++;
  }

  const audit = { source: await createAuditTrail({ store: source }).verify(), target: await createAuditTrail({ store: target }).verify() };
  const chainCopied = audit.source.intact && audit.target.intact && audit.source.events === audit.target.events && audit.source.lastHash === audit.target.lastHash;

  return {
    collections,
    documents: collections.reduce((sum, copy) => sum + copy.source, 0),
    attachments: { bytesCopied, verified, problems },
    audit,
    ok: collections.every((copy) => copy.identical && copy.source === copy.target) && problems.length === 0 && chainCopied,
  };
}

async function copyCollection(source: Store, target: Store, to: StoreCopying, name: string, batch: number): Promise<CollectionCopy> {
  const sourceDigest = createHash('sha256');
  let copied = 0;
  let page: Array<Stored<object>> = [];
  for await (const doc of documentsOf(source, name, batch)) {
    sourceDigest.update(stableJson(doc)).update('\n');
    page.push(doc);
    if (page.length === batch) {
      await to.importDocuments(name, page);
      copied += page.length;
      page = [];
    }
  }
  // An empty page still creates the collection, so the target lists what the source listed.
  if (page.length > 0 || copied === 0) await to.importDocuments(name, page);
  copied += page.length;

  const targetDigest = createHash('sha256');
  let counted = 0;
  for await (const doc of documentsOf(target, name, batch)) {
    targetDigest.update(stableJson(doc)).update('\n');
    counted++;
  }
  return { name, source: copied, target: counted, identical: sourceDigest.digest('hex') === targetDigest.digest('hex') };
}

/** Every document of a collection in id order, a page at a time. */
async function* documentsOf<T extends object = object>(store: Store, name: string, batch: number): AsyncGenerator<Stored<T>> {
  const collection = store.collection<T>(name);
  let after: string | undefined;
  for (;;) {
    const page = await collection.find({}, { limit: batch, ...(after === undefined ? {} : { after }) });
    yield* page.items;
    if (page.nextCursor === undefined) return;
    after = page.nextCursor;
  }
}

async function collect(chunks: AsyncIterable<Buffer>): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const chunk of chunks) parts.push(chunk);
  return Buffer.concat(parts);
}

/** JSON with sorted keys: the same document reads the same whichever backend answered it. */
function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map((item) => (item === undefined ? 'null' : stableJson(item))).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const record = value as Record<string, unknown>;
    const keys = Object.keys(record)
      .filter((key) => record[key] !== undefined)
      .sort();
    return `{${keys.map((key) => `${JSON.stringify(key)}:${stableJson(record[key])}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}
