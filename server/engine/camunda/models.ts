// Oficio's view of a BPMN model deployed to Camunda: adds Oficio's task listeners to every Camunda
// user task at deploy (the models in processes/ stay as they are for the embedded engine), and
// reads back what a listener job does not carry (a user task's name, form and headers).
import { moddle } from '../../bpmn/read.js';

/** The job type of Oficio's user task listeners: one worker keeps Oficio's record of every task. */
export const TASK_LISTENER_TYPE = 'oficio.task-listener';
/** The user task events Oficio listens to, in the order of a task's life. */
export const LISTENED_EVENTS = ['creating', 'assigning', 'completing', 'canceling'] as const;
const LISTENER_RETRIES = '3';

interface Element {
  $type: string;
  id?: string;
  name?: string;
  flowElements?: Element[];
  rootElements?: Element[];
  extensionElements?: { values?: Element[] };
  listeners?: Array<{ eventType?: string; type?: string }>;
  externalReference?: string;
  values?: Array<{ key?: string; value?: string }>;
}

/** Every Camunda user task (one with zeebe:userTask) of every process and sub-process, with its process. */
function* camundaUserTasks(definitions: Element): Generator<{ task: Element; process: Element }> {
  function* walk(container: Element, process: Element): Generator<{ task: Element; process: Element }> {
    for (const element of container.flowElements ?? []) {
      if (element.$type === 'bpmn:UserTask' && (element.extensionElements?.values ?? []).some((v) => v.$type === 'zeebe:UserTask')) yield { task: element, process };
      if (element.flowElements) yield* walk(element, process);
    }
  }
  for (const root of definitions.rootElements ?? []) if (root.$type === 'bpmn:Process') yield* walk(root, root);
}

/**
 * The document with a zeebe:taskListener of type TASK_LISTENER_TYPE for each listened event on
 * every Camunda user task, after the listeners the model already has (so that a model's own
 * completing listener decides before Oficio records the completion). Unchanged when there is
 * nothing to add, or when the XML does not parse (Camunda then refuses it with its own reasons).
 */
export async function withTaskListeners(xml: string): Promise<string> {
  let definitions: Element;
  try {
    const parsed = await moddle.fromXML(xml, 'bpmn:Definitions');
    definitions = parsed.rootElement as Element;
  } catch {
    return xml;
  }
  let changed = false;
  const create = (moddle as unknown as { create(type: string, attrs?: object): Element }).create.bind(moddle);
  for (const { task } of camundaUserTasks(definitions)) {
    const extensions = task.extensionElements!;
    extensions.values ??= [];
    let holder = extensions.values.find((v) => v.$type === 'zeebe:TaskListeners');
    if (!holder) {
      holder = create('zeebe:TaskListeners', { listeners: [] });
      extensions.values.push(holder);
    }
    holder.listeners ??= [];
    for (const eventType of LISTENED_EVENTS) {
      if (holder.listeners.some((l) => l.type === TASK_LISTENER_TYPE && l.eventType === eventType)) continue;
      holder.listeners.push(create('zeebe:TaskListener', { eventType, type: TASK_LISTENER_TYPE, retries: LISTENER_RETRIES }) as never);
      changed = true;
    }
  }
  if (!changed) return xml;
  return (await moddle.toXML(definitions, { format: true })).xml;
}

/** What Oficio records of a user task that its listener job does not carry. */
export interface UserTaskModel {
  name: string;
  processName: string;
  /** A static form id; absent when the model has none or computes it with FEEL. */
  externalFormReference?: string;
  customHeaders: Record<string, string>;
}

/** Every Camunda user task of a deployed document by element id. */
export async function userTaskModels(xml: string): Promise<Map<string, UserTaskModel>> {
  const out = new Map<string, UserTaskModel>();
  let definitions: Element;
  try {
    definitions = (await moddle.fromXML(xml, 'bpmn:Definitions')).rootElement as Element;
  } catch {
    return out;
  }
  for (const { task, process } of camundaUserTasks(definitions)) {
    const values = task.extensionElements?.values ?? [];
    const reference = values.find((v) => v.$type === 'zeebe:FormDefinition')?.externalReference;
    const headers = values.find((v) => v.$type === 'zeebe:TaskHeaders')?.values ?? [];
    out.set(task.id!, {
      name: task.name ?? task.id!,
      processName: process.name ?? process.id!,
      ...(reference && !reference.startsWith('=') ? { externalFormReference: reference } : {}),
      customHeaders: Object.fromEntries(headers.filter((h) => h.key).map((h) => [h.key!, h.value ?? ''])),
    });
  }
  return out;
}
