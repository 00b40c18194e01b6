// Zeebe extension elements the Oficio pickers read and write (zeebe:FormDefinition,
// zeebe:AssignmentDefinition, zeebe:TaskDefinition, and the start event's zeebe:property entries the
// start catalogue reads). What they mean, and how they are read, is contracts/bpmn.ts — the server's
// reading too. Writing goes through commands, so a picker's change is a single undoable step however
// many moddle updates it takes.
import type { ModuleDeclaration } from 'didi';
import { formReferenceOf, isProcessNoneStartEvent, jobTypeOf, startSettingsOf, type StartSettings } from '../../../../contracts/bpmn.js';

/** The part of a moddle element the modeler touches (bpmn-js types them as any). */
export interface ModdleNode {
  $type: string;
  $parent?: ModdleNode;
  $instanceOf(type: string): boolean;
  get(name: string): unknown;
  set(name: string, value: unknown): void;
}

export interface DiagramElement {
  id: string;
  type: string;
  businessObject: ModdleNode;
  labelTarget?: DiagramElement;
  waypoints?: unknown[];
  parent?: DiagramElement;
}

interface Modeling {
  updateProperties(element: DiagramElement, properties: Record<string, unknown>): void;
  updateModdleProperties(element: DiagramElement, moddleElement: ModdleNode, properties: Record<string, unknown>): void;
}

interface BpmnFactory {
  create(type: string, attrs?: Record<string, unknown>): ModdleNode;
}

export type ExtensionType = 'zeebe:FormDefinition' | 'zeebe:AssignmentDefinition' | 'zeebe:TaskDefinition';

export interface SetExtensionContext {
  element: DiagramElement;
  type: ExtensionType;
  /** The attributes to set (undefined removes one); null removes the extension element. */
  properties: Record<string, string | undefined> | null;
}

export const SET_EXTENSION_COMMAND = 'oficio.extension.set';
export const SET_PROPERTY_COMMAND = 'oficio.property.set';

export interface SetPropertyContext {
  element: DiagramElement;
  /** The zeebe:property name. */
  name: string;
  /** Its value; undefined removes the property (and an emptied zeebe:Properties). */
  value: string | undefined;
}

function extensionValues(bo: ModdleNode): ModdleNode[] {
  const extensionElements = bo.get('extensionElements') as ModdleNode | undefined;
  return (extensionElements?.get('values') as ModdleNode[] | undefined) ?? [];
}

export function extensionOf(bo: ModdleNode, type: ExtensionType): ModdleNode | undefined {
  return extensionValues(bo).find((value) => value.$instanceOf(type));
}

function stringAttribute(node: ModdleNode | undefined, name: string): string | undefined {
  const value = node?.get(name);
  return typeof value === 'string' && value !== '' ? value : undefined;
}

class SetExtensionHandler {
  static $inject = ['modeling', 'bpmnFactory'];
  constructor(
    private readonly modeling: Modeling,
    private readonly bpmnFactory: BpmnFactory,
  ) {}

  preExecute(context: SetExtensionContext): void {
    const { element, type, properties } = context;
    const bo = element.businessObject;
    let extensionElements = bo.get('extensionElements') as ModdleNode | undefined;
    const existing = extensionOf(bo, type);
    if (properties === null) {
      if (!existing || !extensionElements) return;
      const values = extensionValues(bo).filter((value) => value !== existing);
      this.modeling.updateModdleProperties(element, extensionElements, { values });
      if (values.length === 0) this.modeling.updateProperties(element, { extensionElements: undefined });
      return;
    }
    if (existing) {
      this.modeling.updateModdleProperties(element, existing, properties);
      return;
    }
    if (!extensionElements) {
      extensionElements = this.bpmnFactory.create('bpmn:ExtensionElements', { values: [] });
      extensionElements.$parent = bo;
      this.modeling.updateProperties(element, { extensionElements });
    }
    const defined = Object.fromEntries(Object.entries(properties).filter(([, value]) => value !== undefined));
    const created = this.bpmnFactory.create(type, defined);
    created.$parent = extensionElements;
    this.modeling.updateModdleProperties(element, extensionElements, { values: [...extensionValues(bo), created] });
  }
}

/** The first zeebe:Properties of an element (Camunda keeps one; the catalogue reads them all). */
function propertiesOf(bo: ModdleNode): ModdleNode | undefined {
  return extensionValues(bo).find((value) => value.$instanceOf('zeebe:Properties'));
}

function propertyEntries(properties: ModdleNode | undefined): ModdleNode[] {
  return (properties?.get('properties') as ModdleNode[] | undefined) ?? [];
}

class SetPropertyHandler {
  static $inject = ['modeling', 'bpmnFactory'];
  constructor(
    private readonly modeling: Modeling,
    private readonly bpmnFactory: BpmnFactory,
  ) {}

  preExecute(context: SetPropertyContext): void {
    const { element, name, value } = context;
    const bo = element.businessObject;
    if (value === undefined) {
      this.remove(element, name);
      return;
    }
    // Duplicates of the name (hand-written XML) would leave the server reading a stale one.
    const holders = extensionValues(bo).filter((v) => v.$instanceOf('zeebe:Properties'));
    const matches = holders.flatMap((holder) => propertyEntries(holder).filter((entry) => entry.get('name') === name));
    const [first, ...rest] = matches;
    if (first) {
      this.modeling.updateModdleProperties(element, first, { value });
      for (const extra of rest) this.removeEntry(element, extra);
      return;
    }
    let extensionElements = bo.get('extensionElements') as ModdleNode | undefined;
    if (!extensionElements) {
      extensionElements = this.bpmnFactory.create('bpmn:ExtensionElements', { values: [] });
      extensionElements.$parent = bo;
      this.modeling.updateProperties(element, { extensionElements });
    }
    let holder = propertiesOf(bo);
    if (!holder) {
      holder = this.bpmnFactory.create('zeebe:Properties', { properties: [] });
      holder.$parent = extensionElements;
      this.modeling.updateModdleProperties(element, extensionElements, { values: [...extensionValues(bo), holder] });
    }
    const created = this.bpmnFactory.create('zeebe:Property', { name, value });
    created.$parent = holder;
    this.modeling.updateModdleProperties(element, holder, { properties: [...propertyEntries(holder), created] });
  }

  private remove(element: DiagramElement, name: string) {
    for (const holder of extensionValues(element.businessObject).filter((v) => v.$instanceOf('zeebe:Properties'))) {
      for (const entry of propertyEntries(holder).filter((e) => e.get('name') === name)) this.removeEntry(element, entry);
    }
  }

  /** Removes one zeebe:property; an emptied zeebe:Properties goes too, and then empty extensionElements. */
  private removeEntry(element: DiagramElement, entry: ModdleNode) {
    const bo = element.businessObject;
    const holder = entry.$parent;
    const extensionElements = bo.get('extensionElements') as ModdleNode | undefined;
    if (!holder || !extensionElements) return;
    const remaining = propertyEntries(holder).filter((e) => e !== entry);
    this.modeling.updateModdleProperties(element, holder, { properties: remaining });
    if (remaining.length > 0) return;
    const values = extensionValues(bo).filter((v) => v !== holder);
    this.modeling.updateModdleProperties(element, extensionElements, { values });
    if (values.length === 0) this.modeling.updateProperties(element, { extensionElements: undefined });
  }
}

interface CommandStack {
  registerHandler(command: string, handler: unknown): void;
}

function RegisterOficioCommands(commandStack: CommandStack) {
  commandStack.registerHandler(SET_EXTENSION_COMMAND, SetExtensionHandler);
  commandStack.registerHandler(SET_PROPERTY_COMMAND, SetPropertyHandler);
}
RegisterOficioCommands.$inject = ['commandStack'];

export const oficioCommandsModule: ModuleDeclaration = {
  __init__: ['oficioCommands'],
  oficioCommands: ['type', RegisterOficioCommands],
};

/** What the Oficio panel shows for the selected element. */
export interface SelectedElement {
  id: string;
  type: string;
  name?: string;
  /** The form of a user task (contracts/bpmn formReferenceOf). */
  form?: string;
  /** zeebe:AssignmentDefinition candidateGroups, comma-separated as Zeebe keeps them. */
  candidateGroups?: string;
  /** Whether the assignment has attributes besides candidateGroups (assignee, candidateUsers). */
  assignmentHasOthers: boolean;
  /** The job type of a service task (contracts/bpmn jobTypeOf). */
  jobType?: string;
  /** The start settings, only for the process's none start event (the one the catalogue reads). */
  start?: StartSettings;
}

/** The none start event directly in a process (not in a sub-process), as the catalogue looks for it. */
export function isProcessNoneStart(element: DiagramElement): boolean {
  return element.type === 'bpmn:StartEvent' && isProcessNoneStartEvent(element.businessObject);
}

export function describeElement(element: DiagramElement): SelectedElement {
  const bo = element.businessObject;
  const assignment = extensionOf(bo, 'zeebe:AssignmentDefinition');
  const name = stringAttribute(bo, 'name');
  const form = formReferenceOf(bo);
  const candidateGroups = stringAttribute(assignment, 'candidateGroups');
  const jobType = jobTypeOf(bo);
  return {
    id: element.id,
    type: element.type,
    ...(name !== undefined ? { name } : {}),
    ...(form !== undefined ? { form } : {}),
    ...(candidateGroups !== undefined ? { candidateGroups } : {}),
    assignmentHasOthers: Boolean(stringAttribute(assignment, 'assignee') ?? stringAttribute(assignment, 'candidateUsers')),
    ...(jobType !== undefined ? { jobType } : {}),
    ...(isProcessNoneStart(element) ? { start: startSettingsOf(bo) } : {}),
  };
}
