// A store whose audit rows can be refused (a full disk, a lost file) while everything else it holds
// is untouched: what the tests of "an action and its audit event commit together" need.
import { AUDIT_EVENTS_COLLECTION } from '../../server/core/audit/index.js';
import { StoreUnavailableError, type Collection, type Store, type Transaction } from '../../server/store/port.js';

export type AuditRowTest = (row: { action?: string }) => boolean;

export interface RefusingStore {
  store: Store;
  /** While set, inserting an audit row this says yes to fails as the backend failing would. */
  refuse(predicate: AuditRowTest | undefined): void;
}

/** Refuses the audit rows of one action. */
export const refusing =
  (action: string): AuditRowTest =>
  (row) =>
    row.action === action;

/** `target` with its methods bound to it, and the members `override` answers replaced. */
function forward<T extends object>(target: T, override: (property: string | symbol) => unknown): T {
  return new Proxy(target, {
    get(t, property) {
      const replaced = override(property);
      if (replaced !== undefined) return replaced;
      const value = Reflect.get(t, property, t) as unknown;
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(t) : value;
    },
  });
}

export function refusingAudit(inner: Store): RefusingStore {
  let refuse: AuditRowTest | undefined;
  const guard = <T extends object>(collection: Collection<T>): Collection<T> =>
    collection.name !== AUDIT_EVENTS_COLLECTION
      ? collection
      : forward(collection, (property) =>
          property === 'insert'
            ? async (doc: T & { id: string }) => {
                if (refuse?.(doc as { action?: string })) throw new StoreUnavailableError(`sqlite write ${AUDIT_EVENTS_COLLECTION}/${doc.id} failed (SQLITE_FULL)`);
                return collection.insert(doc);
              }
            : undefined,
        );
  const store = forward(inner, (property) => {
    if (property === 'collection') return <T extends object>(name: string, spec?: object) => guard(inner.collection<T>(name, spec));
    if (property === 'transaction') {
      return <R>(work: (tx: Transaction) => Promise<R>) =>
        inner.transaction((tx) => work(forward(tx, (p) => (p === 'collection' ? <T extends object>(name: string) => guard(tx.collection<T>(name)) : undefined))));
    }
    return undefined;
  });
  return { store, refuse: (predicate) => (refuse = predicate) };
}
