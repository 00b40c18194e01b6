// The server's one reading of a BPMN document: bpmn-moddle + zeebe-bpmn-moddle parse it once, and
// contracts/bpmn.ts says what its elements mean (the oficio:* start settings, form references, job
// types). Here, beside server/lint, rather than in core: the use cases (catalogue, models) and the
// engine adapters may all import it, so the server has one moddle instance.
import { BpmnModdle } from 'bpmn-moddle';
import { createRequire } from 'node:module';
import {
  formReferenceOf,
  isExpression,
  jobTypeOf,
  noneStartEventOf,
  START_FORM_PROPERTY,
  startSettingsOf,
  zeebePropertyOf,
  type ModdleElement,
  type StartSettings,
} from '../../contracts/bpmn.js';

const zeebeDescriptor = createRequire(import.meta.url)('zeebe-bpmn-moddle/resources/zeebe.json');

/** The server's moddle, which knows BPMN and Zeebe's extensions. */
export const moddle = BpmnModdle({ zeebe: zeebeDescriptor });

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
  /** The none start event of each process that has one. */
  starts: ProcessStart[];
  /** The forms the flow elements name, at any depth: zeebe:formDefinition (not an expression) and oficio:startForm. */
  forms: Array<{ elementId: string; form: string }>;
  /** The job types of zeebe:taskDefinition (not an expression), at any depth. */
  jobTypes: Array<{ elementId: string; type: string }>;
}

interface RootHandler {
  element?: ModdleElement;
}
interface ReaderInternals {
  handler(type: string): RootHandler;
}
type FromXml = (xml: string, typeName: string, options: object) => Promise<{ rootElement: unknown }>;

/**
 * Parses `xml` as bpmn:Definitions. moddle-xml builds the tree while it reads and drops it on a
 * fatal error; keeping its root handler keeps what was read up to there, so a broken document still
 * answers the processes it opened (a draft of it is saved; lint names it after its process).
 */
async function parse(xml: string): Promise<{ definitions?: ModdleElement; error?: string }> {
  let root: RootHandler | undefined;
  // bpmn-moddle hands these options to moddle-xml's Reader, which takes them as its own members:
  // this `handler` wraps the Reader's own to keep the root handler it makes. An upgrade that stops
  // this shows in test/core/bpmn-reading.test.ts ("a broken document").
  const keepRoot = {
    handler(this: ReaderInternals, type: string): RootHandler {
      root = (Object.getPrototypeOf(this) as ReaderInternals).handler.call(this, type);
      return root;
    },
  };
  try {
    const { rootElement } = await (moddle.fromXML as FromXml).call(moddle, xml, 'bpmn:Definitions', keepRoot);
    return { definitions: rootElement as ModdleElement };
  } catch (error) {
    const message = String(error instanceof Error ? error.message : error)
      .split('\n')[0]!
      .trim();
    return { ...(root?.element ? { definitions: root.element } : {}), error: message };
  }
}

/** The flow elements of a process, sub-processes' own included, in document order. */
function* flowElementsOf(container: ModdleElement): Generator<ModdleElement> {
  for (const element of container.flowElements ?? []) {
    yield element;
    yield* flowElementsOf(element);
  }
}

/** Reads a BPMN document. Never rejects: XML that cannot be read to its end answers what came before, with `complete: false`. */
export async function readBpmn(xml: string): Promise<BpmnReading> {
  const { definitions, error } = await parse(xml);
  const processes = (definitions?.rootElements ?? []).filter((root) => root.$type === 'bpmn:Process');
  const reading: BpmnReading = { complete: error === undefined, ...(error !== undefined ? { parseError: error } : {}), processIds: [], starts: [], forms: [], jobTypes: [] };
  for (const process of processes) {
    if (process.id) reading.processIds.push(process.id);
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
