// The start-form catalogue: the deployed processes (latest versions) a user may start, each with
// its start form, and starting one with form data validated on the server. A process is in the
// catalogue when its none start event names an Oficio form (zeebe:property oficio:startForm);
// oficio:candidateStarterGroups, when present, restricts who may start it (admins always may), and
// oficio:publicStart="true" opens it to anyone, signed in or not (the citizen's CAS complaint).
// Ports only: the engine port, the audit trail and the form registry (forms/ and designed forms).
import { readBpmn } from '../../bpmn/read.js';
import { AttachmentNotUsableError, attachmentFieldsIn, type Attachments } from '../attachments/index.js';
import type { Cases } from '../cases/index.js';
import type { CommandOptions, CreateProcessInstanceResult, EnginePort, ProcessDefinitionResult, ProcessInstanceCreation } from '../../engine/port.js';
import type { Transaction } from '../../store/port.js';
import type { AuditActor, AuditTrail } from '../audit/index.js';
import { createAuditedCommands } from '../audit/commands.js';
import type { FormSource, RegisteredForm } from '../forms/index.js';
import type { User } from '../identity/index.js';
import type { Json } from '../../store/port.js';
import type { Locale } from '../../i18n/index.js';
import { DomainError } from '../../errors.js';
import { localizeForm, validateFormData, type LocalizedForm } from './forms.js';
import { refusePlatformVariables } from './platform-variables.js';

export { FormInvalidError, type FormFieldProblem } from './errors.js';
export { PLATFORM_VARIABLES, PlatformVariableError, isPlatformVariable, refusePlatformVariables } from './platform-variables.js';
export { describeFieldErrors, labelOf, localizeForm, validateFormData, type LocalizedForm } from './forms.js';

/** What the catalogue reads from a deployed definition's none start event. */
export interface StartEventInfo {
  startEventId: string;
  /** The Oficio form of the start event (forms/<id>.form.json or a designed one), when it names one. */
  startFormId?: string;
  /** The only candidate groups allowed to start it; undefined means any signed-in user. */
  starterGroups?: string[];
  /** Anyone may start it without signing in. */
  publicStart: boolean;
  /** The process's folio series (oficio:folioSerie on the process element); absent: the default series. */
  folioSeries?: string;
}

export interface StartableProcess extends StartEventInfo {
  processDefinitionId: string;
  processDefinitionKey: string;
  name: string;
  version: number;
  versionTag?: string;
}

/** A catalogue entry in the reader's language. */
export interface CatalogueEntry {
  processDefinitionId: string;
  processDefinitionKey: string;
  name: string;
  version: number;
  versionTag?: string;
  startFormId: string;
  startFormTitle: string;
  publicStart: boolean;
}

export interface StartFormView {
  processDefinitionId: string;
  processDefinitionKey: string;
  name: string;
  version: number;
  form: LocalizedForm;
}

/** What the caller of start adds to its rules. */
export interface StartOptions {
  /**
   * Called once the process is known and before its data is looked at: throws to refuse the start
   * (the HTTP app counts it against its quotas — a process also open to the public against the
   * public form's limit, whichever route starts it).
   */
  admit?(process: StartableProcess): void;
}

/** Who starts: a signed-in user, or anyone through a public form (known by their IP). */
export type Starter = { kind: 'user'; user: User; actor: AuditActor; ip?: string } | { kind: 'public'; ip: string };

export interface CatalogueDeps {
  engine: EnginePort;
  audit: AuditTrail;
  /** The current forms: a form saved in the designer is used from its next start on. */
  forms: FormSource;
  /**
   * The case index: each start's folio and case (cases/index.ts). Without it, starts are not
   * numbered — only a test's catalogue leaves it out.
   */
  cases?: Cases;
  /** The uploads the start form's data refers to: bound to the new instance (without it, a start naming one is refused). */
  attachments?: Pick<Attachments, 'get' | 'bind'>;
  now?: () => Date;
}

/** A started request: the engine's key, and the folio people quote. */
export interface StartedRequest {
  processInstanceKey: string;
  processDefinitionKey: string;
  version: number;
  /** Absent only without a case index (CatalogueDeps.cases). */
  folio?: string;
}

export type Catalogue = ReturnType<typeof createCatalogue>;

/** Reads the none start event of process `processId` in a BPMN document (contracts/bpmn.ts says what its settings mean). */
export async function readStartEvent(xml: string, processId: string): Promise<StartEventInfo | undefined> {
  const reading = await readBpmn(xml);
  // A deployed document always reads to its end; one that does not is a failure, not a process without a start form.
  if (!reading.complete) throw new Error(`the BPMN document of ${processId} cannot be read: ${reading.parseError}`);
  const start = reading.starts.find((s) => s.processId === processId);
  if (!start) return undefined;
  const { form, starterGroups, publicStart } = start.settings;
  const folioSeries = reading.processSettings.find((p) => p.processId === processId)?.settings.folioSeries;
  return {
    ...(folioSeries ? { folioSeries } : {}),
    startEventId: start.startEventId,
    ...(form ? { startFormId: form } : {}),
    ...(starterGroups.length ? { starterGroups } : {}),
    publicStart,
  };
}

/** Whether `user` may start a process with these start-event settings: admins always; otherwise a starter group of theirs, when the model names any. */
export function mayStart(user: User, info: StartEventInfo): boolean {
  if (!user.active) return false;
  if (user.roles.includes('admin')) return true;
  if (!info.starterGroups) return true;
  return info.starterGroups.some((group) => (user.groups as readonly string[]).includes(group));
}

type UploadRef = { id: string; nombre: string; field: string };

/** A start refused for the uploads it names: a 400 naming each field. */
function attachmentsRefused(refused: UploadRef[]): DomainError {
  const fields = refused.map(({ field, nombre }) => ({ field, messageKey: 'cases.attachmentNotUsable' as const, params: { nombre }, code: 'attachment_not_usable' }));
  return new DomainError('invalid', 'cases.startRefused', {}, { fields, message: `attachments not usable: ${refused.map((r) => r.field).join(', ')}` });
}

/** The start data's references to uploads, each usable by this starter — else a 400 naming the field, before anything starts. */
async function checkAttachments(attachments: CatalogueDeps['attachments'], refs: UploadRef[], userId: string | undefined, at: Date): Promise<void> {
  const refused: UploadRef[] = [];
  for (const ref of refs) {
    const doc = await attachments?.get(ref.id);
    // Anyone's start may only name what they uploaded themselves and have not used yet, within its 24 hours.
    const usable =
      doc && userId !== undefined && doc.uploadedBy.id === userId && doc.processInstanceKey === undefined && (doc.bindableUntil === undefined || doc.bindableUntil >= at.toISOString());
    if (!usable) refused.push(ref);
  }
  if (refused.length) throw attachmentsRefused(refused);
}

export function createCatalogue(deps: CatalogueDeps) {
  const { engine, audit, forms, cases, attachments, now = () => new Date() } = deps;
  const runAudited = createAuditedCommands({ engine, audit });
  // A deployed definition never changes: its start event is read once per definition key.
  const startEvents = new Map<string, Promise<StartEventInfo | undefined>>();

  function startEventOf(def: ProcessDefinitionResult): Promise<StartEventInfo | undefined> {
    const key = def.processDefinitionKey!;
    let info = startEvents.get(key);
    if (!info) {
      info = engine
        .getProcessDefinitionXml({ processDefinitionKey: key })
        .then((xml) => readStartEvent(xml, def.processDefinitionId!))
        .catch(() => {
          // Not cached: a passing failure (the store busy) must not hide the process until a restart.
          startEvents.delete(key);
          return undefined;
        });
      startEvents.set(key, info);
    }
    return info;
  }

  /** The definition as a startable process with its current start form; undefined when it has none (or the form is gone). */
  async function withStartEvent(def: ProcessDefinitionResult): Promise<{ process: StartableProcess; form: RegisteredForm } | undefined> {
    const info = await startEventOf(def);
    const form = info?.startFormId ? await forms.get(info.startFormId) : undefined;
    if (!info || !form) return undefined;
    return {
      process: {
        ...info,
        processDefinitionId: def.processDefinitionId!,
        processDefinitionKey: def.processDefinitionKey!,
        name: def.name || def.processDefinitionId!,
        version: def.version ?? 1,
        ...(def.versionTag ? { versionTag: def.versionTag } : {}),
      },
      form,
    };
  }

  /** Every latest deployed version that has a start form. */
  async function startable(): Promise<Array<{ process: StartableProcess; form: RegisteredForm }>> {
    const found: ProcessDefinitionResult[] = [];
    let after: string | undefined;
    do {
      const page = await engine.searchProcessDefinitions({ filter: { isLatestVersion: true }, sort: [{ field: 'name', order: 'ASC' }], page: { limit: 500, ...(after ? { after } : {}) } });
      found.push(...page.items);
      after = page.page.endCursor;
    } while (after);
    const entries = await Promise.all(found.map(withStartEvent));
    return entries.filter((e) => e !== undefined);
  }

  /** The latest version of `processId`, when the starter may start it; a public starter sees only public forms. */
  async function resolve(processId: string, starter: Starter): Promise<{ process: StartableProcess; form: RegisteredForm }> {
    const { items } = await engine.searchProcessDefinitions({ filter: { processDefinitionId: processId, isLatestVersion: true }, page: { limit: 1 } });
    const found = items[0] ? await withStartEvent(items[0]) : undefined;
    const process = found?.process;
    // An anonymous caller must not learn which non-public processes exist: every refusal is "not found".
    if (!process || (starter.kind === 'public' && !process.publicStart)) throw new DomainError('not-found', 'catalogue.processNotFound', { processId });
    if (starter.kind === 'user' && !mayStart(starter.user, process)) {
      throw new DomainError('forbidden', 'catalogue.notAllowedToStart', { process: process.name, groups: (process.starterGroups ?? []).join(', ') });
    }
    return { process, form: found.form };
  }

  return {
    /** The processes `user` may start, by name, with their start form's title in `locale`. */
    async list(user: User, locale: Locale): Promise<CatalogueEntry[]> {
      return (await startable())
        .filter(({ process }) => mayStart(user, process))
        .map(({ process: p, form }) => ({
          processDefinitionId: p.processDefinitionId,
          processDefinitionKey: p.processDefinitionKey,
          name: p.name,
          version: p.version,
          ...(p.versionTag ? { versionTag: p.versionTag } : {}),
          startFormId: p.startFormId!,
          startFormTitle: localizeForm(form.definition, locale).title,
          publicStart: p.publicStart,
        }));
    },

    /** The start form of `processId` in `locale`, when the starter may start it. */
    async startForm(processId: string, starter: Starter, locale: Locale): Promise<StartFormView> {
      const { process, form } = await resolve(processId, starter);
      return {
        processDefinitionId: process.processDefinitionId,
        processDefinitionKey: process.processDefinitionKey,
        name: process.name,
        version: process.version,
        form: localizeForm(form.definition, locale),
      };
    },

    /**
     * Refuses data naming a variable the platform owns (PlatformVariableError), validates it
     * against the start form (FormInvalidError naming each failing field in `locale`) and starts
     * the latest version with the data as variables — plus, for a signed-in starter,
     * `iniciadoPor: { id, username, nombre }`. Records 'instance.start' with the data.
     */
    async start(processId: string, data: Record<string, unknown>, starter: Starter, locale: Locale, options: StartOptions = {}): Promise<StartedRequest> {
      const { process, form } = await resolve(processId, starter);
      options.admit?.(process);
      refusePlatformVariables(data);
      validateFormData(forms, form, data, locale);
      const userId = starter.kind === 'user' ? starter.user.id : undefined;
      const uploads = attachmentFieldsIn(data);
      await checkAttachments(attachments, uploads, userId, now());
      const variables = starter.kind === 'user' ? { ...data, iniciadoPor: { id: starter.user.id, username: starter.user.username, nombre: starter.user.displayName } } : { ...data };
      const request = { formId: form.definition.id, ...(starter.kind === 'user' && starter.user.email ? { requesterEmail: starter.user.email } : {}) };
      /** The start's attachments become the instance's (in the start's transaction): refused, nothing starts. */
      const bindUploads = async (tx: Transaction | undefined, processInstanceKey: string) => {
        if (!uploads.length) return;
        try {
          await attachments!.bind(
            uploads.map((u) => u.id),
            { processInstanceKey, userId: userId! },
            tx,
          );
        } catch (error) {
          // Another start used it, or its 24 hours ran out, since it was checked: the same 400 on its field.
          const ref = error instanceof AttachmentNotUsableError ? uploads.find((u) => u.id === error.attachmentId) : undefined;
          throw ref ? attachmentsRefused([ref]) : error;
        }
      };
      const event = (folio: string | undefined) => ({
        actor: starter.kind === 'user' ? starter.actor : ('anonymous' as const),
        action: 'instance.start' as const,
        subject: process.processDefinitionId,
        data: {
          processDefinitionId: process.processDefinitionId,
          version: process.version,
          ...(folio ? { folio } : {}),
          ...(starter.kind === 'public' ? { publicForm: true } : {}),
          data: data as Json,
        },
        ...(starter.ip ? { ip: starter.ip } : {}),
      });
      const started = (created: CreateProcessInstanceResult, folio: string | undefined): StartedRequest => ({
        processInstanceKey: created.processInstanceKey,
        processDefinitionKey: process.processDefinitionKey,
        version: process.version,
        ...(folio ? { folio } : {}),
      });

      if (engine.atomicCommandHooks || !cases) {
        // Embedded: the engine's creation hook numbered the instance inside this very transaction;
        // the request, its attachments and the audit event commit with it — or none of them does.
        let folio: string | undefined;
        const created = await runAudited<ProcessInstanceCreation, CreateProcessInstanceResult>(
          event(undefined),
          (audited) =>
            engine.createProcessInstance(
              { processDefinitionKey: process.processDefinitionKey, variables },
              withinStart(audited, async (tx, done) => {
                folio = cases ? await cases.fileRequest(tx, done.processInstanceKey, request) : undefined;
                await bindUploads(tx, done.processInstanceKey);
              }),
            ),
          ({ processInstanceKey }) => ({ processInstanceKey, ...(folio ? { data: { folio } } : {}) }),
        );
        // An engine without a shared transaction and no case index (a test's catalogue): bound after.
        if (!engine.atomicCommandHooks) await bindUploads(undefined, created.processInstanceKey);
        return started(created, folio);
      }

      // Camunda: the folio is Oficio's, reserved before the call and passed as a variable; a start
      // the engine refuses voids it with the reason, so every number is accounted for.
      const folio = await cases.reserve({ processDefinitionId: process.processDefinitionId, processName: process.name, ...(process.folioSeries ? { series: process.folioSeries } : {}) });
      let created: CreateProcessInstanceResult;
      try {
        created = await runAudited<ProcessInstanceCreation, CreateProcessInstanceResult>(
          event(folio),
          (audited) => engine.createProcessInstance({ processDefinitionKey: process.processDefinitionKey, variables: { ...variables, folio } }, audited),
          ({ processInstanceKey }) => ({ processInstanceKey }),
        );
      } catch (error) {
        await cases.voidFolio(folio, error);
        throw error;
      }
      await cases.confirm(folio, { processInstanceKey: created.processInstanceKey }, variables, request, (tx) => bindUploads(tx, created.processInstanceKey));
      return started(created, folio);
    },
  };
}

/** The audit's CommandOptions with the start's own work run first inside the same transaction. */
function withinStart(audited: CommandOptions<ProcessInstanceCreation>, work: (tx: Transaction, done: ProcessInstanceCreation) => Promise<void>): CommandOptions<ProcessInstanceCreation> {
  const record = audited.withinCommand;
  if (!record) return audited;
  return {
    withinCommand: async (tx, done) => {
      await work(tx, done);
      await record(tx, done);
    },
  };
}
