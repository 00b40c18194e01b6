// The server's one reading of a BPMN document: bpmn-moddle + zeebe-bpmn-moddle parse it once, and
// contracts/bpmn.ts says what its elements mean (the oficio:* start settings, form references, job
// types). Here, beside server/lint, rather than in core: the use cases (catalogue, models) and the
// engine adapters may all import it, so the server has one moddle instance.
import { BpmnModdle, type Moddle } from 'bpmn-moddle';
import { createRequire } from 'node:module';
import {
  formReferenceOf,
  isExpression,
  jobTypeOf,
  noneStartEventOf,
  processSettingsOf,
  START_FORM_PROPERTY,
  startSettingsOf,
  zeebePropertyOf,
  type ModdleElement,
  type ProcessSettings,
  type StartSettings,
} from '../../contracts/bpmn.js';

const zeebeDescriptor = createRequire(import.meta.url)('zeebe-bpmn-moddle/resources/zeebe.json');

/**
 * The parser's warnings after which a document is no longer read as written (an element or text
 * where none may be, a tag left open …): lint calls such a document malformed, the engine refuses
 * it, and the server's moddle stops reading at the first one.
 */
export const UNREADABLE_WARNING = /unparsable content|unclosed|Text data outside of root node|missing/i;

interface RootHandler {
  element?: ModdleElement;
}
interface ParseContext {
  addWarning(warning: { message: string }): void;
}
interface ReaderInternals {
  handler(type: string): RootHandler;
}
type FromXml = (xml: string, typeName?: string, options?: object) => ReturnType<Moddle['fromXML']>;

/** Ends a parse from inside the parser: moddle-xml rejects with it, as with a fatal error. */
class UnreadablePart extends Error {}

/**
 * Options for moddle-xml's Reader, which bpmn-moddle hands them and which takes them as its own
 * members: this `handler` wraps the Reader's own to see the root handler it makes (given to `keep`),
 * whose `context` the Reader sets next; that context's addWarning then ends the parse at the first
 * unreadable part. Why: moddle-xml words such a warning with the parser's position, which saxen
 * finds by counting lines from the document's start — once per warning, so a document of many
 * broken lines cost lines × warnings (issue 12: 144 KB of stray text between processing
 * instructions took 24 s, 900 KB minutes). Stopping at the first keeps every parse linear, and
 * changes no outcome: every reader calls such a document malformed, naming its first unreadable
 * part. An upgrade that stops this shows in test/security/linear.test.ts and
 * test/core/bpmn-reading.test.ts ("a broken document").
 */
function readerOptions(keep?: (root: RootHandler) => void): object {
  return {
    handler(this: ReaderInternals, type: string): RootHandler {
      const root = (Object.getPrototypeOf(this) as ReaderInternals).handler.call(this, type);
      keep?.(root);
      let context: ParseContext | undefined;
      Object.defineProperty(root, 'context', {
        configurable: true,
        enumerable: true,
        get: () => context,
        set(value: ParseContext) {
          context = value;
          const addWarning = value.addWarning;
          value.addWarning = function (this: ParseContext, warning) {
            addWarning.call(this, warning);
            if (UNREADABLE_WARNING.test(warning.message)) throw new UnreadablePart(warning.message);
          };
        },
      });
      return root;
    },
  };
}

const bpmnModdle = BpmnModdle({ zeebe: zeebeDescriptor });
const readXml = bpmnModdle.fromXML as FromXml;

/**
 * The server's moddle, which knows BPMN and Zeebe's extensions, and reads a document only up to its
 * first unreadable part (readerOptions says why): the engines' deploy and the lint worker read with
 * it too.
 */
export const moddle = bpmnModdle;
moddle.fromXML = (xml: string, typeName = 'bpmn:Definitions') => readXml.call(bpmnModdle, xml, typeName, readerOptions());

/** A process's none start event and its oficio:* settings. */
export interface ProcessStart {
  processId: string;
  startEventId: string;
  settings: StartSettings;
}

/** What the server reads of a BPMN document; every list in document order. */
export interface BpmnReading {
  /** False when the XML stops being readable part-way: the rest is what was read before that point. */
  complete: boolean;
  /** Why the XML could not be read to its end (the parser's first line). */
  parseError?: string;
  processIds: string[];
  /** Each process's own oficio:* settings (its folio series), by process id, for every process with an id. */
  processSettings: Array<{ processId: string; settings: ProcessSettings }>;
  /** The none start event of each process that has one. */
  starts: ProcessStart[];
  /** The forms the flow elements name, at any depth: zeebe:formDefinition (not an expression) and oficio:startForm. */
  forms: Array<{ elementId: string; form: string }>;
  /** The job types of zeebe:taskDefinition (not an expression), at any depth. */
  jobTypes: Array<{ elementId: string; type: string }>;
}

/** A document as the server's moddle read it. */
export interface ParsedBpmn {
  /** The root as far as it was read: all of it without `error`, the part before it otherwise. */
  definitions?: ModdleElement;
  /** Why the XML could not be read to its end (the parser's first line). */
  error?: string;
  /** The parser's warnings on a document read to its end (an unknown attribute, an unresolved reference …). */
  warnings: Array<{ message: string; element?: { id?: string } }>;
}

const firstLine = (error: unknown) =>
  String(error instanceof Error ? error.message : error)
    .split('\n')[0]!
    .trim();

/**
 * Parses `xml` as bpmn:Definitions. moddle-xml builds the tree while it reads and drops it on a
 * fatal error; keeping its root handler keeps what was read up to there, so a broken document still
 * answers the processes it opened (a draft of it is saved; lint names it after its process).
 */
export async function parseBpmn(xml: string): Promise<ParsedBpmn> {
  let root: RootHandler | undefined;
  try {
    const { rootElement, warnings } = await readXml.call(
      bpmnModdle,
      xml,
      'bpmn:Definitions',
      readerOptions((kept) => (root = kept)),
    );
    return { definitions: rootElement as ModdleElement, warnings: warnings ?? [] };
  } catch (error) {
    return { ...(root?.element ? { definitions: root.element } : {}), error: firstLine(error), warnings: [] };
  }
}

/**
 * The flow elements of a process, sub-processes' own included, in document order. A stack rather
 * than recursion: sub-processes nested thousands deep are a document like any other.
 */
function* flowElementsOf(container: ModdleElement): Generator<ModdleElement> {
  const stack: ModdleElement[] = [...(container.flowElements ?? [])].reverse();
  for (let element = stack.pop(); element !== undefined; element = stack.pop()) {
    yield element;
    const inner = element.flowElements ?? [];
    for (let i = inner.length - 1; i >= 0; i--) stack.push(inner[i]!);
  }
}

/** Reads a BPMN document. Never rejects: XML that cannot be read to its end answers what came before, with `complete: false`. */
export async function readBpmn(xml: string): Promise<BpmnReading> {
  return readParsed(await parseBpmn(xml));
}

/** What a parsed document says (readBpmn, for a caller that parsed it already). */
export function readParsed({ definitions, error }: ParsedBpmn): BpmnReading {
  const processes = (definitions?.rootElements ?? []).filter((root) => root.$type === 'bpmn:Process');
  const reading: BpmnReading = {
    complete: error === undefined,
    ...(error !== undefined ? { parseError: error } : {}),
    processIds: [],
    processSettings: [],
    starts: [],
    forms: [],
    jobTypes: [],
  };
  for (const process of processes) {
    if (process.id) {
      reading.processIds.push(process.id);
      reading.processSettings.push({ processId: process.id, settings: processSettingsOf(process) });
    }
    const start = noneStartEventOf(process);
    if (process.id && start?.id) reading.starts.push({ processId: process.id, startEventId: start.id, settings: startSettingsOf(start) });
    for (const element of flowElementsOf(process)) {
      const elementId = element.id ?? '';
      const form = formReferenceOf(element);
      if (form && !isExpression(form)) reading.forms.push({ elementId, form });
      // Only the process's none start event means it, but a stray one elsewhere names a form all the same.
      const startForm = zeebePropertyOf(element, START_FORM_PROPERTY);
      if (startForm) reading.forms.push({ elementId, form: startForm });
      const type = jobTypeOf(element);
      if (type && !isExpression(type)) reading.jobTypes.push({ elementId, type });
    }
  }
  return reading;
}

/** The ids of the processes a BPMN document names, as far as it can be read. */
export async function processIdsIn(xml: string): Promise<string[]> {
  return (await readBpmn(xml)).processIds;
}
