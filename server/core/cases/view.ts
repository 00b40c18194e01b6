// The case view: what staff read beside a task's form, and what the requester reads of their own
// request. The case is the root instance (a procedure a call activity started is its caller's
// case): its header (folio, process, state in words, requester, ticket, kiosk), the request as
// filed with its start form in the reader's language, every task form completed since, the
// attachments, the timeline in words and the notes. Built from what the instance page already
// gathers (instanceDetail) for every instance of the case; the notes and who reads what come from
// notes.ts and instances/access.ts.
import type { CaseAttachment, CaseHeader, CaseNote, CaseRequest, CaseRequester, CaseSubmission, CaseView, FilledForm, TimelineEntry } from '../../../contracts/api/cases.js';
import type { EnginePort, ProcessInstanceResult, Variables } from '../../engine/port.js';
import { hasMessage, incidentLabel, t, type Locale, type MessageKey } from '../../i18n/index.js';
import type { Store, Stored } from '../../store/port.js';
import type { Attachments } from '../attachments/index.js';
import type { AuditActor, AuditEvent, AuditTrail } from '../audit/index.js';
import { readStartEvent } from '../catalogue/index.js';
import { localizeForm } from '../catalogue/forms.js';
import type { FormSource } from '../forms/index.js';
import { calledTree, rootOf, STARTED_BY_VARIABLE } from '../instances/access.js';
import { instanceDetail } from '../instances/index.js';
import { FOLIO_VARIABLE, TICKET_VARIABLE, requesterOf, ticketNumberOf } from './index.js';
import { CASES, type CaseDoc, type CaseNoteDoc } from './model.js';

export interface CaseViewDeps {
  engine: EnginePort;
  audit: AuditTrail;
  attachments: Attachments;
  forms: FormSource;
  store: Store;
  /** A user's e-mail and name, for a requester the case document does not describe (instances from before folios). */
  findUser(id: string): Promise<{ displayName: string; email?: string } | undefined>;
  /** A user by user name: the people a form names (a dispatched technician) are read by their names. */
  findUserByName(username: string): Promise<{ displayName: string } | undefined>;
}

/** A case as loaded: its root, the instances it is made of, its document and who filed it. */
export interface LoadedCase {
  root: ProcessInstanceResult;
  /** The root first, then every procedure it called. */
  instances: string[];
  doc: CaseDoc | undefined;
  folio: string;
  requester: CaseRequester | null;
  ticket?: string;
  kiosk?: string;
}

type Who = { id: string; name: string } | 'system' | 'anonymous';

const who = (actor: AuditActor): Who => (typeof actor === 'string' ? actor : { id: actor.id, name: actor.name });

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

const isObject = (value: unknown): value is Record<string, unknown> => value !== null && typeof value === 'object' && !Array.isArray(value);

/** Loads the case instance `key` belongs to (EngineError NOT_FOUND when there is no such instance). */
export async function loadCase(deps: CaseViewDeps, key: string): Promise<LoadedCase> {
  const root = await rootOf(deps.engine, key);
  const rootKey = root.processInstanceKey;
  const [instances, doc, found] = await Promise.all([
    calledTree(deps.engine, rootKey),
    deps.store.collection<CaseDoc>(CASES).get(rootKey),
    deps.engine.searchVariables({ filter: { processInstanceKey: rootKey, scopeKey: rootKey, name: { $in: [...CASE_VARIABLES] } }, page: { limit: 10 } }),
  ]);
  const variables: Record<string, unknown> = Object.fromEntries(found.items.map((v) => [v.name, parseJson(v.value)]));
  const kiosk = doc?.kiosk ?? (typeof variables.kioscoId === 'string' ? variables.kioscoId : undefined);
  const ticket = doc?.ticket ?? ticketNumberOf(variables[TICKET_VARIABLE]);
  return {
    root,
    instances,
    doc,
    // Instances from before folios have none: their key is what people were given.
    folio: doc?.folio ?? (typeof variables[FOLIO_VARIABLE] === 'string' ? (variables[FOLIO_VARIABLE] as string) : rootKey),
    requester: await requesterFor(deps, doc?.requester ?? requesterOf(variables as Variables)),
    ...(ticket ? { ticket } : {}),
    ...(kiosk ? { kiosk } : {}),
  };
}

/** The root variables a case without its document is read from. */
const CASE_VARIABLES = [STARTED_BY_VARIABLE, 'ciudadano', FOLIO_VARIABLE, TICKET_VARIABLE, 'kioscoId'] as const;

/** Who filed the request, as the view says it: a user's e-mail from their account when the case does not give one. */
async function requesterFor(deps: CaseViewDeps, requester: CaseDoc['requester']): Promise<CaseRequester | null> {
  if (!requester) return null;
  const email = requester.email ?? (requester.id ? (await deps.findUser(requester.id))?.email : undefined);
  return { name: requester.nombre, ...(email ? { email } : {}), ...(requester.username ? { username: requester.username } : {}) };
}

export interface ViewOptions {
  audience: CaseView['audience'];
  actions: CaseView['actions'];
  notes: Array<Stored<CaseNoteDoc>>;
  locale: Locale;
  now: Date;
}

/** The case view of a loaded case, for the audience given: the requester's leaves internal notes out. */
export async function buildCaseView(deps: CaseViewDeps, loaded: LoadedCase, { audience, actions, notes, locale, now }: ViewOptions): Promise<CaseView> {
  const { root } = loaded;
  const details = await Promise.all(loaded.instances.map((key) => instanceDetail(deps, key, now)));
  const tasks = (await Promise.all(loaded.instances.map((key) => deps.engine.searchUserTasks({ filter: { processInstanceKey: key }, page: { limit: 10_000 } })))).flatMap((r) => r.items);
  const groupsOfElement = new Map(tasks.filter((task) => task.elementInstanceKey).map((task) => [task.elementInstanceKey!, task.candidateGroups ?? []]));
  const formOfTask = new Map(tasks.filter((task) => task.userTaskKey).map((task) => [task.userTaskKey!, task.externalFormReference]));
  const localized = new Map<string, Promise<FilledForm['form']>>();
  const formNamed = (id: string | undefined) => {
    if (!id) return Promise.resolve(null);
    if (!localized.has(id))
      localized.set(
        id,
        deps.forms.get(id).then((found) => (found ? localizeForm(found.definition, locale) : null)),
      );
    return localized.get(id)!;
  };

  const rootEvents = details[0]!.audit;
  const started = rootEvents.find((e) => e.action === 'instance.start');
  const request = started ? await requestOf(deps, loaded, started, formNamed) : null;

  const submissions: CaseSubmission[] = [];
  for (const detail of details) {
    const names = new Map(detail.elements.filter((e) => e.userTaskKey).map((e) => [e.userTaskKey!, e.name]));
    for (const event of detail.audit) {
      if (event.action !== 'task.complete' || !event.userTaskKey) continue;
      submissions.push({
        userTaskKey: event.userTaskKey,
        taskName: names.get(event.userTaskKey) ?? '',
        processInstanceKey: detail.instance.processInstanceKey,
        completedBy: who(event.actor),
        completedAt: event.at,
        form: await formNamed(formOfTask.get(event.userTaskKey)),
        data: dataOf(event),
      });
    }
  }
  submissions.sort((a, b) => compare(a.completedAt, b.completedAt));

  const attachments: CaseAttachment[] = details
    .flatMap((d) => d.attachments)
    .map((a) => ({
      id: a.id,
      name: a.nombre,
      type: a.tipo,
      size: a.tamano,
      uploadedBy: a.uploadedBy,
      uploadedAt: a.uploadedAt,
      url: `/api/attachments/${encodeURIComponent(a.id)}`,
    }))
    .sort((a, b) => compare(a.uploadedAt, b.uploadedAt));

  const shown = audience === 'staff' ? notes : notes.filter((note) => note.kind === 'reply');
  const caseNotes: CaseNote[] = shown.map((note) => ({
    id: note.id,
    kind: note.kind,
    text: note.text,
    author: note.author,
    at: note.at,
    ...(note.reply ? { sentTo: note.reply.to } : {}),
  }));

  const header: CaseHeader = {
    folio: loaded.folio,
    processInstanceKey: root.processInstanceKey,
    processDefinitionId: root.processDefinitionId,
    processName: loaded.doc?.processName ?? root.processDefinitionName ?? root.processDefinitionId,
    state: root.state,
    stateLabel: t(locale, `caseView.state.${root.state}` as MessageKey),
    startedAt: root.startDate,
    ...(root.endDate ? { endedAt: root.endDate } : {}),
    requester: loaded.requester,
    ...(loaded.ticket ? { ticket: loaded.ticket } : {}),
    ...(loaded.kiosk ? { kiosk: loaded.kiosk } : {}),
    ...(loaded.doc?.summary ? { summary: loaded.doc.summary } : {}),
  };

  return {
    case: header,
    audience,
    request,
    submissions,
    attachments,
    timeline: timelineOf(details, loaded, { notes: shown, attachments, groupsOfElement }, locale),
    notes: caseNotes,
    people: await peopleNamed(deps, [...(request ? [request] : []), ...submissions]),
    actions,
  };
}

/** The display names of the users the filled forms name in their person fields, by user name (someone unknown is left out). */
async function peopleNamed(deps: CaseViewDeps, filled: Array<Pick<FilledForm, 'form' | 'data'>>): Promise<Record<string, string>> {
  const usernames = new Set<string>();
  for (const { form, data } of filled) {
    const fields = (form?.schema.properties ?? {}) as Record<string, unknown>;
    for (const [name, field] of Object.entries(fields)) {
      const value = data[name];
      if (isObject(field) && 'x-oficio-person' in field && typeof value === 'string') usernames.add(value);
    }
  }
  const named = await Promise.all([...usernames].map(async (username) => [username, (await deps.findUserByName(username))?.displayName] as const));
  return Object.fromEntries(named.filter((entry): entry is readonly [string, string] => entry[1] !== undefined));
}

const compare = (a: string | undefined, b: string | undefined) => ((a ?? '') < (b ?? '') ? -1 : (a ?? '') > (b ?? '') ? 1 : 0);

/** The form data an event carries: start and completion events keep it under `data`. */
function dataOf(event: AuditEvent): Record<string, unknown> {
  const data = isObject(event.data) ? event.data.data : undefined;
  return isObject(data) ? data : {};
}

async function requestOf(deps: CaseViewDeps, loaded: LoadedCase, started: AuditEvent, formNamed: (id: string | undefined) => Promise<FilledForm['form']>): Promise<CaseRequest> {
  let formId = loaded.doc?.formId;
  if (!formId) {
    // Instances from before case documents: the start form the model names.
    const xml = await deps.engine.getProcessDefinitionXml({ processDefinitionKey: loaded.root.processDefinitionKey });
    formId = (await readStartEvent(xml, loaded.root.processDefinitionId))?.startFormId;
  }
  return { form: await formNamed(formId), data: dataOf(started), filedAt: started.at, filedBy: who(started.actor) };
}

type Detail = Awaited<ReturnType<typeof instanceDetail>>;

const SKIPPED_TYPES = new Set(['PROCESS', 'START_EVENT', 'EXCLUSIVE_GATEWAY', 'INCLUSIVE_GATEWAY', 'PARALLEL_GATEWAY', 'EVENT_BASED_GATEWAY', 'MULTI_INSTANCE_BODY']);
const EVENT_TYPES = new Set(['INTERMEDIATE_CATCH_EVENT', 'INTERMEDIATE_THROW_EVENT', 'BOUNDARY_EVENT']);

/** What happened, oldest first, in the reader's words. */
function timelineOf(
  details: Detail[],
  loaded: LoadedCase,
  { notes, attachments, groupsOfElement }: { notes: Array<Stored<CaseNoteDoc>>; attachments: CaseAttachment[]; groupsOfElement: Map<string, string[]> },
  locale: Locale,
): TimelineEntry[] {
  const entries: TimelineEntry[] = [];
  const requesterName = loaded.requester?.name ?? t(locale, 'caseView.who.citizen');
  const nameOf = (actor: Who): string => (actor === 'system' ? t(locale, 'caseView.who.system') : actor === 'anonymous' ? requesterName : actor.name);
  const add = (entry: TimelineEntry) => entries.push(entry);

  details.forEach((detail, index) => {
    const isRoot = index === 0;
    const taskNames = new Map(detail.elements.filter((e) => e.userTaskKey).map((e) => [e.userTaskKey!, e.name]));
    const elementNames = new Map(detail.elements.map((e) => [e.elementId, e.name]));

    if (isRoot) {
      const start = detail.audit.find((e) => e.action === 'instance.start');
      const by = start ? who(start.actor) : 'system';
      const key = by === 'system' ? 'caseView.timeline.started' : by === 'anonymous' ? 'caseView.timeline.filedPublic' : 'caseView.timeline.filed';
      add({ at: start?.at ?? detail.instance.startDate, kind: 'started', text: t(locale, key, { who: nameOf(by), process: detail.instance.processDefinitionName }), who: by });
    }

    for (const element of detail.elements) {
      if (SKIPPED_TYPES.has(element.type) || !element.name) continue;
      const at = element.state === 'ACTIVE' ? element.startDate : (element.endDate ?? element.startDate);
      if (element.type === 'USER_TASK') {
        const groups = groupNames(groupsOfElement.get(element.elementInstanceKey) ?? [], locale);
        add({
          at: element.startDate,
          kind: 'task-created',
          text: groups ? t(locale, 'caseView.timeline.taskCreated', { task: element.name, whom: groups }) : t(locale, 'caseView.timeline.taskOpened', { task: element.name }),
          elementName: element.name,
        });
        if (element.state === 'TERMINATED') add({ at, kind: 'element', text: t(locale, 'caseView.timeline.taskCanceled', { task: element.name }), elementName: element.name });
        continue;
      }
      if (element.type === 'END_EVENT' && isRoot) {
        add({ at, kind: 'ended', text: t(locale, 'caseView.timeline.ended', { element: element.name }), elementName: element.name });
        continue;
      }
      const event = EVENT_TYPES.has(element.type);
      const key =
        element.state === 'TERMINATED'
          ? 'caseView.timeline.canceled'
          : element.state === 'ACTIVE'
            ? event
              ? 'caseView.timeline.waiting'
              : 'caseView.timeline.running'
            : event
              ? 'caseView.timeline.happened'
              : 'caseView.timeline.done';
      add({ at, kind: 'element', text: t(locale, key, { element: element.name }), elementName: element.name });
    }
    if (isRoot && detail.instance.state === 'COMPLETED' && !entries.some((e) => e.kind === 'ended')) {
      add({ at: detail.instance.endDate ?? detail.instance.startDate, kind: 'ended', text: t(locale, 'caseView.timeline.endedPlain') });
    }

    for (const event of detail.audit) {
      const actor = who(event.actor);
      const data = isObject(event.data) ? event.data : {};
      const task = event.userTaskKey ? (taskNames.get(event.userTaskKey) ?? '') : '';
      const element = typeof data.elementId === 'string' ? (elementNames.get(data.elementId) ?? '') : '';
      switch (event.action) {
        case 'task.claim':
          // A claim made by completing is said by the completion.
          if (data.onComplete !== true)
            add({ at: event.at, kind: 'task-claimed', text: t(locale, 'caseView.timeline.claimed', { who: nameOf(actor), task }), who: actor, elementName: task });
          break;
        case 'task.unclaim':
          add({ at: event.at, kind: 'task-released', text: t(locale, 'caseView.timeline.released', { who: nameOf(actor), task }), who: actor, elementName: task });
          break;
        case 'task.reassign': {
          const to = isObject(data.to) && typeof data.to.nombre === 'string' ? data.to.nombre : '';
          add({
            at: event.at,
            kind: 'task-reassigned',
            text: t(locale, 'caseView.timeline.reassigned', { who: nameOf(actor), task, to }),
            who: actor,
            elementName: task,
            ...(typeof data.reason === 'string' ? { reason: data.reason } : {}),
          });
          break;
        }
        case 'task.complete':
          add({ at: event.at, kind: 'task-completed', text: t(locale, 'caseView.timeline.completed', { who: nameOf(actor), task }), who: actor, elementName: task });
          break;
        case 'incident.retry':
        case 'incident.resolve':
          add({
            at: event.at,
            kind: 'incident-resolved',
            text: t(locale, event.action === 'incident.retry' ? 'caseView.timeline.incidentRetried' : 'caseView.timeline.incidentResolved', { who: nameOf(actor), element }),
            who: actor,
            ...(element ? { elementName: element } : {}),
          });
          break;
        case 'instance.cancel':
          add({ at: event.at, kind: 'ended', text: t(locale, 'caseView.timeline.cancelled', { who: nameOf(actor) }), who: actor });
          break;
        default:
      }
    }

    for (const incident of detail.incidents) {
      const element = elementNames.get(incident.elementId ?? '') ?? '';
      add({
        at: incident.creationTime ?? detail.instance.startDate,
        kind: 'incident',
        text: t(locale, 'caseView.timeline.incident', { element, problem: incidentLabel(locale, incident.errorType) }),
        ...(element ? { elementName: element } : {}),
        ...(incident.errorMessage ? { reason: incident.errorMessage } : {}),
      });
    }
  });

  for (const file of attachments) {
    const by: Who = file.uploadedBy ?? 'system';
    add({ at: file.uploadedAt ?? loaded.root.startDate, kind: 'attachment', text: t(locale, 'caseView.timeline.attachment', { who: nameOf(by), name: file.name }), who: by });
  }
  for (const note of notes) {
    add({
      at: note.at,
      kind: 'note',
      text: t(locale, note.kind === 'reply' ? 'caseView.timeline.noteReply' : 'caseView.timeline.noteInternal', { who: note.author.name }),
      who: note.author,
      noteId: note.id,
    });
  }
  // Oldest first; what happened at the same moment keeps the order it was gathered in.
  return entries
    .map((entry, i) => ({ entry, i }))
    .sort((a, b) => compare(a.entry.at, b.entry.at) || a.i - b.i)
    .map(({ entry }) => entry);
}

/** Whom a task was for, in words: its candidate groups' names. */
function groupNames(groups: string[], locale: Locale): string {
  return groups
    .map((g) => {
      const key = `group.${g}`;
      return hasMessage(key) ? t(locale, key) : g;
    })
    .join(', ');
}
