// The slice of a document store the built-in adapters keep their records in. The composition root
// passes collections of Oficio's store; workers never import server/.

export type StoredRecord<T> = T & { id: string; version: number };

export interface RecordCollection<T extends object> {
  insert(doc: T & { id: string }): Promise<StoredRecord<T>>;
  get(id: string): Promise<StoredRecord<T> | undefined>;
  update(id: string, doc: T, expectedVersion: number): Promise<StoredRecord<T>>;
  find(filter?: Record<string, unknown>, options?: { sort?: Array<{ field: string; order?: 'asc' | 'desc' }>; limit?: number }): Promise<{ items: Array<StoredRecord<T>> }>;
  count(filter?: Record<string, unknown>): Promise<number>;
}

/** Opens (and declares the indexes of) a named collection. */
export type RecordCollections = <T extends object>(name: string, indexes?: string[][]) => RecordCollection<T>;
