// The start-form catalogue: the deployed processes (latest versions) a user may start, each with
// its start form, and starting one with form data validated on the server. A process is in the
// catalogue when its none start event names an Oficio form (zeebe:property oficio:startForm);
// oficio:candidateStarterGroups, when present, restricts who may start it (admins always may), and
// oficio:publicStart="true" opens it to anyone, signed in or not (the citizen's CAS complaint).
// Ports only: the engine port, the audit trail and the form registry (forms/ and designed forms).
import { readBpmn } from '../../bpmn/read.js';
import type { CreateProcessInstanceResult, EnginePort, ProcessDefinitionResult, ProcessInstanceCreation } from '../../engine/port.js';
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
  return {
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

export function createCatalogue(deps: CatalogueDeps) {
  const { engine, audit, forms } = deps;
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
    async start(
      processId: string,
      data: Record<string, unknown>,
      starter: Starter,
      locale: Locale,
      options: StartOptions = {},
    ): Promise<{ processInstanceKey: string; processDefinitionKey: string; version: number }> {
      const { process, form } = await resolve(processId, starter);
      options.admit?.(process);
      refusePlatformVariables(data);
      validateFormData(forms, form, data, locale);
      const variables = starter.kind === 'user' ? { ...data, iniciadoPor: { id: starter.user.id, username: starter.user.username, nombre: starter.user.displayName } } : { ...data };
      // The event commits with the start (or, on Camunda, an intent precedes it): never one without the other.
      const created = await runAudited<ProcessInstanceCreation, CreateProcessInstanceResult>(
        {
          actor: starter.kind === 'user' ? starter.actor : 'anonymous',
          action: 'instance.start',
          subject: process.processDefinitionId,
          data: { processDefinitionId: process.processDefinitionId, version: process.version, ...(starter.kind === 'public' ? { publicForm: true } : {}), data: data as Json },
          ...(starter.ip ? { ip: starter.ip } : {}),
        },
        (options) => engine.createProcessInstance({ processDefinitionKey: process.processDefinitionKey, variables }, options),
        ({ processInstanceKey }) => ({ processInstanceKey }),
      );
      return { processInstanceKey: created.processInstanceKey, processDefinitionKey: process.processDefinitionKey, version: process.version };
    },
  };
}
