// The BPMN vocabulary the server, the browser app and the models in processes/ agree on: Oficio's
// oficio:* properties and the Zeebe extensions Oficio reads, with one reading of each. Browser-safe:
// no node: imports and no packages. The readers take a moddle element, which has the same shape as a
// bpmn-js business object in the browser and a bpmn-moddle element on the server.

// ---------------------------------------------------------------------------------------------
// The oficio:* properties
//
// Each one is a `<zeebe:property name="oficio:…" value="…"/>` inside the zeebe:properties of the
// process's none start event (the one directly in the process: the start catalogue reads it) —
// except oficio:folioSerie, which the process element itself carries.
// Camunda 8.8 links a start event only to a deployed Camunda form, so Oficio names its start form
// with a property, which Camunda keeps and ignores.

/** The Oficio form the process starts with (forms/<id>.form.json or a designed form). Without it the process is not in the start catalogue. */
export const START_FORM_PROPERTY = 'oficio:startForm';
/** The only candidate groups allowed to start the process, comma-separated (see readStarterGroups). Without it, any signed-in user may. Admins always may. */
export const START_GROUPS_PROPERTY = 'oficio:candidateStarterGroups';
/** "true": anyone may submit the start form without signing in, e.g. a citizen's complaint (see readPublicStart). */
export const PUBLIC_START_PROPERTY = 'oficio:publicStart';
/** The value of PUBLIC_START_PROPERTY that opens the process; the property is left out otherwise. */
export const PUBLIC_START_VALUE = 'true';

/**
 * The folio series of the process's requests (CAS, SOP, PRY …): on the PROCESS element itself (its
 * zeebe:properties), not on the start event, since every start of the process — catalogue, message,
 * timer — numbers its requests in it. 1 to 10 capital letters or digits, starting with a letter
 * (see readFolioSeries); without it (or with a value that is not one) the series is DEFAULT_FOLIO_SERIES.
 */
export const FOLIO_SERIES_PROPERTY = 'oficio:folioSerie';
/** The series of a process that names none. */
export const DEFAULT_FOLIO_SERIES = 'OFI';
const FOLIO_SERIES = /^[A-Z][A-Z0-9]{0,9}$/;

/** oficio:folioSerie as a series: trimmed and upper-cased; undefined when absent or not a series (the default applies). */
export function readFolioSeries(value: string | undefined): string | undefined {
  const series = value?.trim().toUpperCase();
  return series && FOLIO_SERIES.test(series) ? series : undefined;
}

/** oficio:candidateStarterGroups as group ids: split on commas, blanks dropped. Empty means any signed-in user. */
export function readStarterGroups(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map((group) => group.trim())
    .filter(Boolean);
}

/** The oficio:candidateStarterGroups value for these groups; undefined (no property) for none. */
export function starterGroupsValue(groups: readonly string[]): string | undefined {
  return groups.length ? groups.join(',') : undefined;
}

/** oficio:publicStart is on when its value is "true" in any case, spaces around it ignored. */
export function readPublicStart(value: string | undefined): boolean {
  return value?.trim().toLowerCase() === PUBLIC_START_VALUE;
}

/** The oficio:publicStart value; undefined (no property) when the process is not public. */
export function publicStartValue(publicStart: boolean): string | undefined {
  return publicStart ? PUBLIC_START_VALUE : undefined;
}

/** Whether a Zeebe attribute holds a FEEL expression ("=…"), known only at run time: nothing to check before deploying. */
export function isExpression(value: string): boolean {
  return value.startsWith('=');
}

// ---------------------------------------------------------------------------------------------
// Reading a moddle element

/**
 * What the readers touch of a moddle element: its type, parent and id, its extension elements, the
 * elements it contains, and the attributes of the Zeebe extensions read here (zeebe:Properties,
 * zeebe:FormDefinition, zeebe:TaskDefinition). bpmn-js business objects and bpmn-moddle elements
 * both fit: moddle keeps every property as a plain member, which `get(name)` also reads.
 */
export interface ModdleElement {
  readonly $type: string;
  readonly $parent?: ModdleElement;
  readonly id?: string;
  readonly extensionElements?: { readonly values?: readonly ModdleElement[] };
  readonly eventDefinitions?: readonly unknown[];
  readonly flowElements?: readonly ModdleElement[];
  /** bpmn:Definitions */
  readonly rootElements?: readonly ModdleElement[];
  /** zeebe:Properties */
  readonly properties?: ReadonlyArray<{ readonly name?: string; readonly value?: string }>;
  /** zeebe:FormDefinition */
  readonly externalReference?: string;
  readonly formId?: string;
  /** zeebe:TaskDefinition */
  readonly type?: string;
}

/** The Zeebe extension elements Oficio reads besides zeebe:Properties. */
export type ZeebeExtensionType = 'zeebe:FormDefinition' | 'zeebe:TaskDefinition';

function nonEmpty(value: string | undefined): string | undefined {
  return value ? value : undefined;
}

/** The element's first extension element of `type` (Zeebe keeps one of each). */
export function extensionOf(element: ModdleElement, type: ZeebeExtensionType): ModdleElement | undefined {
  return (element.extensionElements?.values ?? []).find((value) => value.$type === type);
}

/** The element's zeebe:property entries by name, over every zeebe:Properties it has; when a name repeats, the last entry wins. */
export function zeebePropertiesOf(element: ModdleElement): Map<string, string> {
  const found = new Map<string, string>();
  for (const value of element.extensionElements?.values ?? []) {
    if (value.$type !== 'zeebe:Properties') continue;
    for (const property of value.properties ?? []) if (property.name) found.set(property.name, property.value ?? '');
  }
  return found;
}

/** One zeebe:property's value, read as zeebePropertiesOf reads it. */
export function zeebePropertyOf(element: ModdleElement, name: string): string | undefined {
  return zeebePropertiesOf(element).get(name);
}

/** A start event without an event definition (no timer, message, …). */
export function isNoneStartEvent(element: ModdleElement): boolean {
  return element.$type === 'bpmn:StartEvent' && !element.eventDefinitions?.length;
}

/** A none start event directly in a process (not in a sub-process): the one whose settings the start catalogue reads. */
export function isProcessNoneStartEvent(element: ModdleElement): boolean {
  return isNoneStartEvent(element) && element.$parent?.$type === 'bpmn:Process';
}

/** The process's none start event; the first, should a process have several. */
export function noneStartEventOf(process: ModdleElement): ModdleElement | undefined {
  return (process.flowElements ?? []).find(isNoneStartEvent);
}

/** What a process's none start event says about starting it. */
export interface StartSettings {
  /** oficio:startForm, as written; absent when empty. */
  form?: string;
  /** oficio:candidateStarterGroups read with readStarterGroups; empty means any signed-in user. */
  starterGroups: string[];
  /** oficio:publicStart read with readPublicStart. */
  publicStart: boolean;
}

/** The oficio:* settings of a none start event. */
export function startSettingsOf(startEvent: ModdleElement): StartSettings {
  const properties = zeebePropertiesOf(startEvent);
  const form = nonEmpty(properties.get(START_FORM_PROPERTY));
  return {
    ...(form ? { form } : {}),
    starterGroups: readStarterGroups(properties.get(START_GROUPS_PROPERTY)),
    publicStart: readPublicStart(properties.get(PUBLIC_START_PROPERTY)),
  };
}

/** What a process element says of its instances (its own zeebe:properties). */
export interface ProcessSettings {
  /** oficio:folioSerie read with readFolioSeries; absent: DEFAULT_FOLIO_SERIES. */
  folioSeries?: string;
}

/** The oficio:* settings of a process element. */
export function processSettingsOf(process: ModdleElement): ProcessSettings {
  const folioSeries = readFolioSeries(zeebePropertyOf(process, FOLIO_SERIES_PROPERTY));
  return folioSeries ? { folioSeries } : {};
}

/** The form a user task names in its zeebe:formDefinition: externalReference (an Oficio form id), else formId (a Camunda form). May be a FEEL expression. */
export function formReferenceOf(element: ModdleElement): string | undefined {
  const definition = extensionOf(element, 'zeebe:FormDefinition');
  return nonEmpty(definition?.externalReference) ?? nonEmpty(definition?.formId);
}

/** The job type of a service task (or any element a job worker implements): its zeebe:taskDefinition type. May be a FEEL expression. */
export function jobTypeOf(element: ModdleElement): string | undefined {
  return nonEmpty(extensionOf(element, 'zeebe:TaskDefinition')?.type);
}
