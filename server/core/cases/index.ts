// The case index: one `cases` document per request, with its folio, who asked, what about and the
// references people quote (ticket, kiosk), and the words the search box finds it by.
//
// Where it is written:
// - On the embedded engine, inside the engine's own transactions: `onInstanceCreated` (the port's
//   InstanceCreationHook) numbers every instance the engine creates — a catalogue or API start, a
//   message or timer start — and writes its case before the instance's first step, adding the
//   `folio` variable; a called instance joins its caller's case (same folio, no new number).
//   `rootVariables` (the port's RootVariableWatch) keeps the ticket number up to date when the
//   help desk's worker sets the `ticket` variable. A start that rolls back takes its number with
//   it: folios have no gaps.
// - On Camunda (no shared transaction) the catalogue reserves the folio first (`reserve`), passes it
//   as the `folio` variable, then either `confirm`s the case or, when the engine refused the
//   start, `voidFolio`s it with the reason: every number is accounted for. There only catalogue
//   starts are numbered, and a ticket set later reaches the case through `reindex`.
// - `reindex` rebuilds every case from its root instance's variables (an index that can be rebuilt).
import { DEFAULT_FOLIO_SERIES, FOLIO_SERIES_PROPERTY, readFolioSeries } from '../../../contracts/bpmn.js';
import type { EnginePort, InstanceCreation, InstanceCreationHook, RootVariableWatch, Variables } from '../../engine/port.js';
import { ConflictError, type Collection, type Store, type Stored, type Transaction } from '../../store/port.js';
import { allocateFolio, type Folio } from './folios.js';
import { CASES, FOLIO_COUNTERS, type CaseDoc, type CaseRequester } from './model.js';

export { CASES, FOLIO_COUNTERS, type CaseDoc, type CaseRequester } from './model.js';
export { DEFAULT_FOLIO_SERIES, FOLIO_TIME_ZONE, allocateFolio, folioYear, formatFolio, parseFolio, type Folio } from './folios.js';

/** The process variable every instance of a case carries: its folio (e-mails and forms quote it). */
export const FOLIO_VARIABLE = 'folio';
/** The variable ticket.register sets (`{ numero, abiertoEn }`): the help-desk ticket of the case. */
export const TICKET_VARIABLE = 'ticket';
/** Who started the instance through the catalogue (contracts/api/processes.ts StartedBy). */
const STARTED_BY_VARIABLE = 'iniciadoPor';
/** The citizen of a public form ({ nombre, correo, telefono }: the CAS complaint). */
const CITIZEN_VARIABLE = 'ciudadano';

/**
 * The fields a request's description is read from, first filled one first: what the request is
 * about, in the words of the manual's forms. A form whose description has another name adds it here.
 */
export const SUMMARY_FIELDS = ['descripcion', 'asunto', 'motivo', 'descripcionFalla', 'justificacion', 'descripcionProyecto', 'nombreProyecto', 'nombreServicio'] as const;
/** The kiosk a request is about (the CAS forms' kiosk id). */
export const KIOSK_FIELDS = ['kioscoId'] as const;
/** Fields naming the person the request is for, as staff filing it on their behalf wrote them: searched too. */
export const CONTACT_FIELDS = ['nombre', 'correo', 'solicitante', 'nombreCompleto', 'correoUsuario', 'usuario'] as const;
/** The summary's length: one line of a list. */
export const SUMMARY_LENGTH = 140;
/** How much of each description the search reads. */
const TEXT_FIELD_LENGTH = 2000;

/** The indexes of `cases`: folio (unique), the root instance, every instance of the case; `text` for the full-text search. */
export const CASES_SPEC = {
  indexes: [{ fields: ['folio'], unique: true }, { fields: ['processInstanceKey'] }, { fields: ['instanceKeys'], multikey: 'instanceKeys' }, { fields: ['startedAt'] }],
  text: ['text'],
};

/** A case as a tasklist row shows it. */
export interface CaseRef {
  folio: string;
  /** The case's root instance. */
  processInstanceKey: string;
  requester?: string;
  summary?: string;
}

/** What the catalogue knows of a start beyond its variables. */
export interface FiledRequest {
  formId?: string;
  /** The signed-in starter's e-mail, when their account has one. */
  requesterEmail?: string;
}

/** The process a folio is reserved for (Camunda). */
export interface ReservedFor {
  processDefinitionId: string;
  processName: string;
  /** oficio:folioSerie as the process's BPMN reads (contracts/bpmn.ts readFolioSeries); absent: the default series. */
  series?: string;
}

export interface CasesDeps {
  store: Store;
  now: () => Date;
}

export type Cases = ReturnType<typeof createCases>;

// ---------------------------------------------------------------------------------------------
// What a case says, from its variables

const isRecord = (value: unknown): value is Record<string, unknown> => value !== null && typeof value === 'object' && !Array.isArray(value);
const text = (value: unknown): string | undefined => (typeof value === 'string' && value.trim() ? value.trim() : undefined);

/** A ticket variable's number: `{ numero }` as ticket.register sets it, or the number itself. */
export function ticketNumberOf(value: unknown): string | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return text(value) ?? (isRecord(value) ? text(value.numero) : undefined);
}

/** Who asked: the signed-in starter (iniciadoPor), else the citizen of a public form as filed. */
export function requesterOf(variables: Variables, email?: string): CaseRequester | undefined {
  const by = variables[STARTED_BY_VARIABLE];
  if (isRecord(by) && text(by.nombre)) {
    // An account without an e-mail: the address the requester wrote on the form (the help desk's `correo`) is where they asked to be answered.
    const address = email ?? text(variables.correo);
    return { ...(text(by.id) ? { id: text(by.id)! } : {}), ...(text(by.username) ? { username: text(by.username)! } : {}), nombre: text(by.nombre)!, ...(address ? { email: address } : {}) };
  }
  const citizen = variables[CITIZEN_VARIABLE];
  if (isRecord(citizen) && text(citizen.nombre)) return { nombre: text(citizen.nombre)!, ...(text(citizen.correo) ? { email: text(citizen.correo)! } : {}) };
  return undefined;
}

/** `value` cut to `length` characters at a word where it can be, with an ellipsis when cut; on one line. */
export function shorten(value: string, length = SUMMARY_LENGTH): string {
  const line = value.replace(/\s+/g, ' ').trim();
  if (line.length <= length) return line;
  const cut = line.slice(0, length - 1);
  const space = cut.lastIndexOf(' ');
  return `${(space > length / 2 ? cut.slice(0, space) : cut).trimEnd()}…`;
}

const firstOf = (variables: Variables, fields: readonly string[]) => fields.map((field) => text(variables[field])).find((value) => value !== undefined);

/** Every word a case is found by. */
function searchText(doc: Omit<CaseDoc, 'text'>, variables: Variables): string {
  const words = [doc.folio, doc.ticket, doc.kiosk, doc.requester?.nombre, doc.requester?.username, doc.requester?.email];
  for (const field of CONTACT_FIELDS) {
    const value = variables[field];
    words.push(text(value) ?? (isRecord(value) ? (text(value.nombre) ?? text(value.correo)) : undefined));
  }
  const citizen = variables[CITIZEN_VARIABLE];
  if (isRecord(citizen)) words.push(text(citizen.nombre), text(citizen.correo), text(citizen.telefono));
  for (const field of SUMMARY_FIELDS) words.push(text(variables[field])?.slice(0, TEXT_FIELD_LENGTH));
  return [...new Set(words.filter((w): w is string => w !== undefined))].join(' ');
}

/** The case of a root instance, from the variables it was created with. */
export function caseDocOf(
  folio: Folio,
  instance: { processInstanceKey: string; processDefinitionId: string; processName: string; startedAt: string },
  variables: Variables,
  request: FiledRequest = {},
): CaseDoc {
  const requester = requesterOf(variables, request.requesterEmail);
  const ticket = ticketNumberOf(variables[TICKET_VARIABLE]);
  const kiosk = firstOf(variables, KIOSK_FIELDS);
  const description = firstOf(variables, SUMMARY_FIELDS);
  const doc: Omit<CaseDoc, 'text'> = {
    ...folio,
    processInstanceKey: instance.processInstanceKey,
    instanceKeys: [instance.processInstanceKey],
    processDefinitionId: instance.processDefinitionId,
    processName: instance.processName,
    startedAt: instance.startedAt,
    ...(request.formId ? { formId: request.formId } : {}),
    ...(requester ? { requester } : {}),
    ...(ticket ? { ticket } : {}),
    ...(kiosk ? { kiosk } : {}),
    ...(description ? { summary: shorten(description) } : {}),
  };
  return { ...doc, text: searchText(doc, variables) };
}

const fieldsOf = ({ id: _id, version: _version, ...fields }: Stored<CaseDoc>): CaseDoc => fields;

/** A case whose ticket became known: the number, and the words to find it by. */
function withTicket(doc: CaseDoc, ticket: string): CaseDoc {
  return { ...doc, ticket, text: doc.text.split(' ').includes(ticket) ? doc.text : `${doc.text} ${ticket}` };
}

/** The engine refused the command: it did not happen (as opposed to an answer that never came). */
function refused(error: unknown): boolean {
  const kind = (error as { kind?: string } | null)?.kind;
  const code = (error as { code?: string } | null)?.code;
  return kind !== undefined && kind !== 'unavailable' && kind !== 'timeout' && code !== 'UNAVAILABLE';
}

const RESERVE_ATTEMPTS = 8;

export function createCases({ store, now }: CasesDeps) {
  const cases = store.collection<CaseDoc>(CASES, CASES_SPEC);
  store.collection(FOLIO_COUNTERS);

  /** A called instance joins its caller's case: same folio, listed among the case's instances. */
  async function joinCase(docs: Collection<CaseDoc>, created: InstanceCreation): Promise<Variables | undefined> {
    const root = await docs.get(created.rootProcessInstanceKey);
    // A hierarchy started before folios existed has no case to join.
    if (!root) return undefined;
    const instanceKeys = root.instanceKeys ?? [root.id];
    if (!instanceKeys.includes(created.processInstanceKey)) {
      await docs.update(root.id, { ...fieldsOf(root), instanceKeys: [...instanceKeys, created.processInstanceKey] }, root.version);
    }
    return { [FOLIO_VARIABLE]: root.folio };
  }

  const onInstanceCreated: InstanceCreationHook = async (tx, created) => {
    const docs = tx.collection<CaseDoc>(CASES);
    if (created.parentProcessInstanceKey) return joinCase(docs, created);
    const series = readFolioSeries(created.processProperties[FOLIO_SERIES_PROPERTY]) ?? DEFAULT_FOLIO_SERIES;
    const folio = await allocateFolio(tx, series, new Date(created.startDate));
    const instance = {
      processInstanceKey: created.processInstanceKey,
      processDefinitionId: created.processDefinitionId,
      processName: created.processDefinitionName,
      startedAt: created.startDate,
    };
    await docs.insert({ id: created.processInstanceKey, ...caseDocOf(folio, instance, created.variables) });
    return { [FOLIO_VARIABLE]: folio.folio };
  };

  const rootVariables: RootVariableWatch = {
    names: [TICKET_VARIABLE],
    async changed(tx, changes) {
      const docs = tx.collection<CaseDoc>(CASES);
      for (const change of changes) {
        const ticket = ticketNumberOf(change.value);
        if (!ticket) continue;
        const doc = await docs.get(change.rootProcessInstanceKey);
        if (!doc || doc.ticket === ticket) continue;
        await docs.update(doc.id, withTicket(fieldsOf(doc), ticket), doc.version);
      }
    },
  };

  return {
    /** For the embedded engine: numbers every instance it creates (see the file's head). */
    onInstanceCreated,
    /** For the embedded engine: the ticket number reaches the case in the step that sets it. */
    rootVariables,

    /**
     * Adds what the catalogue knows of a start to the case the engine's hook wrote (inside the
     * start's transaction, embedded engine); answers the folio.
     */
    async fileRequest(tx: Transaction, processInstanceKey: string, request: FiledRequest): Promise<string> {
      const docs = tx.collection<CaseDoc>(CASES);
      const doc = await docs.get(processInstanceKey);
      if (!doc) throw new Error(`the engine created instance ${processInstanceKey} without its case: is the case index its onInstanceCreated hook?`);
      const fields = fieldsOf(doc);
      const updated: CaseDoc = {
        ...fields,
        ...(request.formId ? { formId: request.formId } : {}),
        ...(request.requesterEmail && fields.requester?.id ? { requester: { ...fields.requester, email: request.requesterEmail } } : {}),
      };
      if (updated.requester?.email && !updated.text.split(' ').includes(updated.requester.email)) updated.text = `${updated.text} ${updated.requester.email}`;
      await docs.update(doc.id, updated, doc.version);
      return doc.folio;
    },

    /**
     * Camunda: the next folio of the process's series, in a transaction of its own, held by a
     * document of its own (id: the folio) until the start is confirmed or voided.
     */
    async reserve(process: ReservedFor): Promise<string> {
      const series = process.series ?? DEFAULT_FOLIO_SERIES;
      for (let attempt = 1; ; attempt++) {
        try {
          return await store.transaction(async (tx) => {
            const at = now();
            const folio = await allocateFolio(tx, series, at);
            const doc = caseDocOf(folio, { processInstanceKey: '', processDefinitionId: process.processDefinitionId, processName: process.processName, startedAt: at.toISOString() }, {});
            await tx.collection<CaseDoc>(CASES).insert({ id: folio.folio, ...doc, instanceKeys: [] });
            return folio.folio;
          });
        } catch (error) {
          // Another start counted first: count again after it.
          if (error instanceof ConflictError && attempt < RESERVE_ATTEMPTS) continue;
          throw error;
        }
      }
    },

    /** Camunda: the reserved folio's instance exists — its case replaces the reservation (with `within`'s work, in one transaction). */
    async confirm(
      folio: string,
      instance: { processInstanceKey: string; startedAt?: string },
      variables: Variables,
      request: FiledRequest,
      within?: (tx: Transaction) => Promise<void>,
    ): Promise<void> {
      await store.transaction(async (tx) => {
        const docs = tx.collection<CaseDoc>(CASES);
        const reserved = await docs.get(folio);
        if (!reserved) throw new Error(`folio ${folio} was not reserved`);
        const { folio: text, series, year, number, processDefinitionId, processName, startedAt } = reserved;
        await docs.delete(folio, reserved.version);
        const doc = caseDocOf(
          { folio: text, series, year, number },
          { processInstanceKey: instance.processInstanceKey, processDefinitionId, processName, startedAt: instance.startedAt ?? startedAt },
          variables,
          request,
        );
        await docs.insert({ id: instance.processInstanceKey, ...doc });
        await within?.(tx);
      });
    },

    /**
     * Camunda: the start with this folio did not happen. A refusal voids the folio with its reason;
     * an answer that never came leaves it reserved (the instance may exist: the auditor looks).
     */
    async voidFolio(folio: string, error: unknown): Promise<void> {
      if (!refused(error)) return;
      const reason = error instanceof Error ? error.message.slice(0, 1000) : String(error);
      await store.transaction(async (tx) => {
        const docs = tx.collection<CaseDoc>(CASES);
        const reserved = await docs.get(folio);
        if (!reserved || reserved.voided) return;
        await docs.update(folio, { ...fieldsOf(reserved), voided: { at: now().toISOString(), reason } }, reserved.version);
      });
    },

    /** The case an instance belongs to (its root's, for a called instance). */
    async ofInstance(processInstanceKey: string): Promise<Stored<CaseDoc> | undefined> {
      return (await cases.get(processInstanceKey)) ?? cases.findOne({ instanceKeys: { $contains: processInstanceKey } });
    },

    /** The cases of these instances, by instance key, in ONE indexed query (the tasklist's page). */
    async ofInstances(processInstanceKeys: readonly string[]): Promise<Map<string, CaseRef>> {
      const wanted = [...new Set(processInstanceKeys.filter(Boolean))];
      const found = new Map<string, CaseRef>();
      if (!wanted.length) return found;
      const { items } = await cases.find({ instanceKeys: { $containsAny: wanted } }, { limit: wanted.length });
      const keys = new Set(wanted);
      for (const doc of items) {
        const ref: CaseRef = {
          folio: doc.folio,
          processInstanceKey: doc.processInstanceKey,
          ...(doc.requester ? { requester: doc.requester.nombre } : {}),
          ...(doc.summary ? { summary: doc.summary } : {}),
        };
        for (const key of doc.instanceKeys ?? [doc.id]) if (keys.has(key)) found.set(key, ref);
      }
      return found;
    },

    /** The folio documents of a series and year, in order: every number handed out, voided ones included (auditors). */
    async ofSeries(series: string, year: number): Promise<Array<Stored<CaseDoc>>> {
      const { items } = await cases.find({ series, year }, { sort: [{ field: 'number' }], limit: 1_000_000 });
      return items;
    },

    /**
     * Rebuilds every case from its root instance's variables as the engine has them now (the ticket
     * known since, a lost update): an index that can be rebuilt. Folios, requests and instance
     * lists stay as they are. Answers how many cases changed.
     */
    async reindex(engine: Pick<EnginePort, 'searchVariables'>): Promise<number> {
      let changed = 0;
      let after: string | undefined;
      do {
        const page = await cases.find({ processInstanceKey: { $ne: '' } }, { sort: [{ field: 'id' }], limit: 100, ...(after ? { after } : {}) });
        for (const doc of page.items) {
          const { items } = await engine.searchVariables({ filter: { processInstanceKey: doc.processInstanceKey, scopeKey: doc.processInstanceKey }, page: { limit: 10_000 } });
          const variables: Variables = {};
          for (const v of items) {
            try {
              variables[v.name] = JSON.parse(v.value);
            } catch {
              // A value that is not JSON text says nothing the case needs.
            }
          }
          const { folio, series, year, number, processDefinitionId, processName, startedAt, formId, instanceKeys, voided: _voided } = doc;
          const rebuilt = caseDocOf({ folio, series, year, number }, { processInstanceKey: doc.processInstanceKey, processDefinitionId, processName, startedAt }, variables, {
            ...(formId ? { formId } : {}),
            ...(doc.requester?.id && doc.requester.email ? { requesterEmail: doc.requester.email } : {}),
          });
          const next: CaseDoc = { ...rebuilt, instanceKeys: instanceKeys ?? [doc.id], ...(doc.requester && !rebuilt.requester ? { requester: doc.requester } : {}) };
          if (JSON.stringify(next) === JSON.stringify(fieldsOf(doc))) continue;
          await store.transaction(async (tx) => {
            await tx.collection<CaseDoc>(CASES).update(doc.id, next, doc.version);
          });
          changed++;
        }
        after = page.nextCursor;
      } while (after);
      return changed;
    },

    /** The `cases` collection, for the search (search.ts). */
    collection: cases as Collection<CaseDoc>,
  };
}
