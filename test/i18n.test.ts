// The message catalogues: complete in both languages, placeholders alike, and every deployment
// problem the embedded engine's model reader can emit spoken from them in Spanish and English.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { deployProblemText, hasMessage, incidentLabel, t } from '../server/i18n/index.js';
import { MESSAGE_AREAS, messages } from '../server/i18n/messages.js';
import { DeploymentRejectedError, type DeploymentProblem, type IncidentErrorType } from '../server/engine/port.js';
import { bpmn, createHarness, type Harness } from './engine/harness.js';

const MODEL_SOURCE = readFileSync(fileURLToPath(new URL('../server/engine/embedded/model.ts', import.meta.url)), 'utf8');
const PLACEHOLDER = /\{(\w+)\}/g;
const placeholders = (text: string) => new Set([...text.matchAll(PLACEHOLDER)].map((m) => m[1]!));
const entries = Object.entries(messages) as Array<[string, { es: string; en: string }]>;

describe('the catalogue', () => {
  test('every key is written in exactly one area (a second one would silently win)', () => {
    const areasOf = new Map<string, string[]>();
    for (const [area, texts] of Object.entries(MESSAGE_AREAS)) for (const key of Object.keys(texts)) areasOf.set(key, [...(areasOf.get(key) ?? []), area]);
    expect([...areasOf].filter(([, areas]) => areas.length > 1)).toEqual([]);
    expect(areasOf.size).toBe(Object.keys(messages).length);
  });

  test('every key has a non-empty Spanish and English text', () => {
    for (const [key, text] of entries) {
      expect({ key, es: text.es.trim().length > 0 }).toEqual({ key, es: true });
      expect({ key, en: text.en.trim().length > 0 }).toEqual({ key, en: true });
    }
  });

  test('every {placeholder} of the Spanish text is in the English one, and vice versa', () => {
    for (const [key, text] of entries) {
      expect({ key, placeholders: [...placeholders(text.es)].sort() }).toEqual({ key, placeholders: [...placeholders(text.en)].sort() });
    }
  });

  test('every incident type has a label in both languages', () => {
    const types: IncidentErrorType[] = ['JOB_NO_RETRIES', 'CONDITION_ERROR', 'EXTRACT_VALUE_ERROR', 'IO_MAPPING_ERROR', 'CALLED_ELEMENT_ERROR', 'UNHANDLED_ERROR_EVENT', 'UNKNOWN'];
    for (const type of types) expect(hasMessage(`incident.${type}`)).toBe(true);
    expect(incidentLabel('es', 'JOB_NO_RETRIES')).toBe('Sin reintentos del trabajo');
    expect(incidentLabel('en', 'JOB_NO_RETRIES')).toBe('Job has no retries left');
    expect(incidentLabel('es', 'SOMETHING_NEW')).toBe(t('es', 'incident.UNKNOWN'));
  });

  test('a problem code without an entry has no text (the caller falls back to its message)', () => {
    expect(deployProblemText('es', undefined)).toBeUndefined();
    expect(deployProblemText('es', 'noSuchCode')).toBeUndefined();
  });
});

// ---------------------------------------------------------------------------------------------
// The codes model.ts can emit, read from its source: problem(…, 'code'…) and deploymentProblem(…, 'code'…).

function codesInModelSource(): Set<string> {
  const codes = new Set<string>();
  for (const line of MODEL_SOURCE.split('\n')) {
    const at = line.search(/(this\.problem|deploymentProblem)\(/);
    if (at === -1 || /function deploymentProblem|private problem\(/.test(line)) continue;
    // The literals passed to the call, not those compared with (timerKind === 'date' ? 'timerInvalidDate' : …).
    for (const m of line.slice(at).matchAll(/(=== )?'(\w+)'/g)) if (!m[1]) codes.add(m[2]!);
  }
  return codes;
}

/** `what` terms passed to checkFeel, requireFeel, checkPath and readJob, or in { what: '…' } literals. */
function whatTermsInModelSource(): Set<string> {
  const terms = new Set<string>();
  for (const m of MODEL_SOURCE.matchAll(/(?:checkFeel|requireFeel|checkPath|readJob)\((?:node|[a-z]+), (?:el, )?'(\w+)'/g)) terms.add(m[1]!);
  for (const m of MODEL_SOURCE.matchAll(/\[\['(\w+)', [^\]]+\], \['(\w+)'/g)) terms.add(m[1]!).add(m[2]!);
  for (const m of MODEL_SOURCE.matchAll(/'(\w+Mapping(?:Source)?)'/g)) terms.add(m[1]!);
  return terms;
}

// Codes no BPMN document reaches today (the reader catches the element earlier), checked only
// for their catalogue entry: a Transaction or ad-hoc sub-process is an unsupported element first,
// moddle only admits loops on activities, the artifacts moddle reads are all known, and the FEEL
// parser reports errors as positions.
const NOT_REACHABLE = new Set(['transaction', 'multiInstanceNotAllowed', 'unsupportedType', 'invalidFeel']);

const flow = (id: string, from: string, to: string, condition?: string) =>
  condition === undefined
    ? `<bpmn:sequenceFlow id="${id}" sourceRef="${from}" targetRef="${to}"/>`
    : `<bpmn:sequenceFlow id="${id}" sourceRef="${from}" targetRef="${to}"><bpmn:conditionExpression xsi:type="bpmn:tFormalExpression">${condition}</bpmn:conditionExpression></bpmn:sequenceFlow>`;

/** start → `middle` (id 'x') → end, plus anything else in `more`. */
const around = (id: string, middle: string, more = '', extra = '') =>
  bpmn(id, `<bpmn:startEvent id="start"/>${flow('f1', 'start', 'x')}${middle}${flow('f2', 'x', 'end')}<bpmn:endEvent id="end"/>${more}`, extra);

const ext = (inner: string) => `<bpmn:extensionElements>${inner}</bpmn:extensionElements>`;
const userTask = (inner = '') => `<bpmn:userTask id="x">${ext(`<zeebe:userTask/>${inner}`)}</bpmn:userTask>`;
const timerBoundary = (kind: string, body: string, interrupting = false) =>
  `<bpmn:userTask id="x">${ext('<zeebe:userTask/>')}</bpmn:userTask><bpmn:boundaryEvent id="b" attachedToRef="x" cancelActivity="${interrupting}"><bpmn:timerEventDefinition><bpmn:${kind}>${body}</bpmn:${kind}></bpmn:timerEventDefinition></bpmn:boundaryEvent>`;
const task = (inner: string) => `<bpmn:task id="x">${inner}</bpmn:task>`;
const mi = (z: string, more = '') => task(`<bpmn:multiInstanceLoopCharacteristics>${more}${z ? ext(z) : ''}</bpmn:multiInstanceLoopCharacteristics>`);
const eventGateway = (targets: string) => `<bpmn:eventBasedGateway id="x"/>${targets}`;
const msg = '<bpmn:message id="Msg" name="pagado"/>';

/** One bad document per code, each deployed as `<code>.bpmn`. */
/** `levels` sub-processes, each inside the last. */
function nestedSubProcesses(levels: number): string {
  let body = `<bpmn:startEvent id="s${levels}"/>`;
  for (let level = levels - 1; level >= 0; level--)
    body = `<bpmn:startEvent id="s${level}"/>${flow(`f${level}`, `s${level}`, `sub${level}`)}<bpmn:subProcess id="sub${level}">${body}</bpmn:subProcess>`;
  return body;
}

const BAD_MODELS: Record<string, string> = {
  xmlMalformed: '<?xml version="1.0"?><bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"><bpmn:process id="p"',
  noExecutableProcess: bpmn('no-exec', '<bpmn:startEvent id="s"/>').replace('isExecutable="true"', 'isExecutable="false"'),
  processNoId: bpmn('no-id', '<bpmn:startEvent id="s"/>').replace(/<bpmn:process id="[^"]*"/, '<bpmn:process'),
  multipleNoneStarts: bpmn('two-starts', '<bpmn:startEvent id="s1"/><bpmn:startEvent id="s2"/>'),
  noStartEvent: bpmn('no-start', '<bpmn:task id="t"/>'),
  invalidFeelAt: around('feel', '<bpmn:exclusiveGateway id="x"/>', `${flow('f3', 'x', 'end', '= monto &gt;')}`),
  unsupportedElement: around('complex', '<bpmn:complexGateway id="x"/>'),
  subProcessStartNotNone: around(
    'sub-timer',
    `<bpmn:subProcess id="x"><bpmn:startEvent id="ss"><bpmn:timerEventDefinition><bpmn:timeDuration>PT1H</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:startEvent></bpmn:subProcess>`,
  ),
  subProcessStartCount: around('sub-nostart', '<bpmn:subProcess id="x"><bpmn:task id="st"/></bpmn:subProcess>'),
  unsupportedStartEvent: bpmn('err-start', `<bpmn:startEvent id="s"><bpmn:errorEventDefinition/></bpmn:startEvent>`),
  nonInterruptingStart: bpmn('ni-start', '<bpmn:startEvent id="s" isInterrupting="false"/>'),
  unsupportedEndEvent: bpmn(
    'timer-end',
    `<bpmn:startEvent id="s"/>${flow('f', 's', 'e')}<bpmn:endEvent id="e"><bpmn:timerEventDefinition><bpmn:timeDuration>PT1H</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:endEvent>`,
  ),
  errorEndNeedsCode: bpmn('err-end', `<bpmn:startEvent id="s"/>${flow('f', 's', 'e')}<bpmn:endEvent id="e"><bpmn:errorEventDefinition/></bpmn:endEvent>`),
  unsupportedThrowEvent: around('term-throw', '<bpmn:intermediateThrowEvent id="x"><bpmn:terminateEventDefinition/></bpmn:intermediateThrowEvent>'),
  catchEventNeedsDefinition: around('bare-catch', '<bpmn:intermediateCatchEvent id="x"/>'),
  catchTimerCycle: around(
    'catch-cycle',
    '<bpmn:intermediateCatchEvent id="x"><bpmn:timerEventDefinition><bpmn:timeCycle>R/PT1H</bpmn:timeCycle></bpmn:timerEventDefinition></bpmn:intermediateCatchEvent>',
  ),
  boundaryNeedsDefinition: around('bare-boundary', `${userTask()}<bpmn:boundaryEvent id="b" attachedToRef="x"/>`),
  errorBoundaryInterrupting: around('err-boundary', `${userTask()}<bpmn:boundaryEvent id="b" attachedToRef="x" cancelActivity="false"><bpmn:errorEventDefinition/></bpmn:boundaryEvent>`),
  timerCycleInterrupting: around('cycle-boundary', timerBoundary('timeCycle', 'R/PT1H', true)),
  boundaryNotAttached: around(
    'loose-boundary',
    `${userTask()}<bpmn:boundaryEvent id="b" attachedToRef="nadie"><bpmn:timerEventDefinition><bpmn:timeDuration>PT1H</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:boundaryEvent>`,
  ),
  calledDecision: around('dmn', `<bpmn:businessRuleTask id="x">${ext('<zeebe:calledDecision decisionId="d" resultVariable="r"/>')}</bpmn:businessRuleTask>`),
  scriptNeedsExpression: around('script-noexpr', `<bpmn:scriptTask id="x">${ext('<zeebe:script resultVariable="r"/>')}</bpmn:scriptTask>`),
  scriptNeedsResultVariable: around('script-nores', `<bpmn:scriptTask id="x">${ext('<zeebe:script expression="=1"/>')}</bpmn:scriptTask>`),
  instantiatingEventGateway: around('inst-gw', '<bpmn:eventBasedGateway id="x" instantiate="true"/>'),
  eventSubProcess: around('event-sub', '<bpmn:task id="x"/>', '<bpmn:subProcess id="es" triggeredByEvent="true"/>'),
  callActivityNeedsProcess: around('call-none', '<bpmn:callActivity id="x"/>'),
  bindingTypeUnsupported: around('call-binding', `<bpmn:callActivity id="x">${ext('<zeebe:calledElement processId="otro" bindingType="deployment"/>')}</bpmn:callActivity>`),
  executionListeners: around('exec-l', task(ext('<zeebe:executionListeners><zeebe:executionListener eventType="start" type="auditar"/></zeebe:executionListeners>'))),
  taskListeners: around('task-l', userTask('<zeebe:taskListeners><zeebe:taskListener eventType="completing" type="validar"/></zeebe:taskListeners>')),
  adHocSubProcess: around('adhoc', `<bpmn:subProcess id="x">${ext('<zeebe:adHoc activeElementsCollection="=[]"/>')}<bpmn:startEvent id="ss"/></bpmn:subProcess>`),
  compensationHandler: around('comp', '<bpmn:task id="x"/>', '<bpmn:task id="undo" isForCompensation="true"/>'),
  mappingNeedsTarget: around('io', task(ext('<zeebe:ioMapping><zeebe:input source="=1"/></zeebe:ioMapping>'))),
  reservedPathSegment: around('reserved-path', task(ext('<zeebe:ioMapping><zeebe:output source="=1" target="__proto__.email"/></zeebe:ioMapping>'))),
  multipleEventDefinitions: around('two-defs', `<bpmn:intermediateCatchEvent id="x"><bpmn:messageEventDefinition/><bpmn:timerEventDefinition/></bpmn:intermediateCatchEvent>`),
  unsupportedEventDefinition: around('signal', '<bpmn:intermediateCatchEvent id="x"><bpmn:signalEventDefinition/></bpmn:intermediateCatchEvent>'),
  errorCodeExpression: bpmn(
    'err-expr',
    `<bpmn:startEvent id="s"/>${flow('f', 's', 'e')}<bpmn:endEvent id="e"><bpmn:errorEventDefinition errorRef="Err"/></bpmn:endEvent>`,
    '<bpmn:error id="Err" errorCode="=codigo"/>',
  ),
  timerNeedsOneDefinition: around('timer-empty', '<bpmn:intermediateCatchEvent id="x"><bpmn:timerEventDefinition/></bpmn:intermediateCatchEvent>'),
  timerInvalidDate: around('timer-date', timerBoundary('timeDate', 'el lunes')),
  timerInvalidDuration: around('timer-duration', timerBoundary('timeDuration', 'dos horas')),
  timerInvalidCycle: around('timer-cycle', timerBoundary('timeCycle', 'R/cada hora')),
  timerCron: around('timer-cron', timerBoundary('timeCycle', '0 0 8 * * MON')),
  timerCycleZero: around('timer-zero', timerBoundary('timeCycle', 'R/PT0S')),
  messageNeedsName: around('msg-none', '<bpmn:intermediateCatchEvent id="x"><bpmn:messageEventDefinition/></bpmn:intermediateCatchEvent>'),
  messageNeedsCorrelationKey: around('msg-key', '<bpmn:intermediateCatchEvent id="x"><bpmn:messageEventDefinition messageRef="Msg"/></bpmn:intermediateCatchEvent>', '', msg),
  jobNeedsType: around('no-type', '<bpmn:serviceTask id="x"/>'),
  formReferenceOnly: around('form-id', userTask('<zeebe:formDefinition formId="solicitud"/>')),
  userTaskFormUnsupported: around('form-embedded', userTask('<zeebe:userTaskForm id="f">{}</zeebe:userTaskForm>')),
  dateInvalid: around('due', userTask('<zeebe:taskSchedule dueDate="mañana"/>')),
  standardLoop: around('std-loop', task('<bpmn:standardLoopCharacteristics/>')),
  multiInstanceNeedsInputCollection: around('mi-none', mi('')),
  loopCardinality: around('mi-card', mi('<zeebe:loopCharacteristics inputCollection="=[1,2]"/>', '<bpmn:loopCardinality>3</bpmn:loopCardinality>')),
  outputCollectionNeedsElement: around('mi-out', mi('<zeebe:loopCharacteristics inputCollection="=[1,2]" outputCollection="resultados"/>')),
  conditionOutsideGateway: bpmn('cond-task', `<bpmn:startEvent id="s"/>${flow('f1', 's', 't')}<bpmn:task id="t"/>${flow('f2', 't', 'e', '=true')}<bpmn:endEvent id="e"/>`),
  gatewayFlowNeedsCondition: around('xor', '<bpmn:exclusiveGateway id="x"/>', `${flow('f3', 'x', 'e2')}<bpmn:endEvent id="e2"/>`),
  startEventIncoming: bpmn('start-in', `<bpmn:startEvent id="s"/>${flow('f1', 's', 't')}<bpmn:task id="t"/>${flow('f2', 't', 's')}`),
  boundaryIncoming: around('boundary-in', `${timerBoundary('timeDuration', 'PT1H')}`, flow('f3', 'start', 'b')),
  endEventOutgoing: bpmn('end-out', `<bpmn:startEvent id="s"/>${flow('f1', 's', 'e')}<bpmn:endEvent id="e"/>${flow('f2', 'e', 't')}<bpmn:task id="t"/>`),
  eventGatewayTooFewFlows: around('egw-one', eventGateway('')),
  eventGatewayTarget: around('egw-task', eventGateway(''), `${flow('f3', 'x', 't')}<bpmn:task id="t"/>`),
  subProcessTooDeep: bpmn('anidado', nestedSubProcesses(70)),
  eventGatewayTargetIncoming: around(
    'egw-in',
    eventGateway(''),
    `${flow('f3', 'x', 'c')}<bpmn:intermediateCatchEvent id="c"><bpmn:timerEventDefinition><bpmn:timeDuration>PT1H</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:intermediateCatchEvent>${flow('f4', 'start', 'c')}`,
  ),
};

describe('deployment problems', () => {
  let h: Harness;
  let problems: DeploymentProblem[];

  beforeAll(async () => {
    h = await createHarness(':memory:');
    try {
      await h.engine.createDeployment({ resources: Object.entries(BAD_MODELS).map(([code, content]) => ({ name: `${code}.bpmn`, content })) });
      throw new Error('the bad models were accepted');
    } catch (error) {
      if (!(error instanceof DeploymentRejectedError)) throw error;
      problems = error.problems;
    }
  });
  afterAll(async () => {
    await h.close();
  });

  test('every code model.ts emits has a deploy.<code> entry, and every `what` a term.what.<id> entry', () => {
    const codes = codesInModelSource();
    expect(codes.size).toBeGreaterThan(40);
    for (const code of codes) expect({ code, entry: hasMessage(`deploy.${code}`) }).toEqual({ code, entry: true });
    const terms = whatTermsInModelSource();
    expect(terms.size).toBeGreaterThan(20);
    for (const term of terms) expect({ term, entry: hasMessage(`term.what.${term}`) }).toEqual({ term, entry: true });
  });

  test('each bad model is refused with its code', () => {
    for (const code of Object.keys(BAD_MODELS)) {
      const codes = problems.filter((p) => p.resourceName === `${code}.bpmn`).map((p) => p.code);
      expect({ resource: `${code}.bpmn`, hasCode: codes.includes(code), codes }).toEqual(expect.objectContaining({ resource: `${code}.bpmn`, hasCode: true }));
    }
  });

  test('the bad models reach every code model.ts can emit', () => {
    const emitted = new Set(problems.map((p) => p.code));
    const missing = [...codesInModelSource()].filter((code) => !emitted.has(code) && !NOT_REACHABLE.has(code));
    expect(missing).toEqual([]);
  });

  test('every problem speaks Spanish and English from the catalogue, every placeholder filled', () => {
    for (const p of problems) {
      expect(p.code).toBeDefined();
      const es = deployProblemText('es', p.code, p.params);
      const en = deployProblemText('en', p.code, p.params);
      const what = { code: p.code, es, en };
      expect(es).toBeDefined();
      expect(en).toBeDefined();
      expect({ ...what, leftover: /\{\w+\}/.test(es!) || /\{\w+\}/.test(en!) }).toEqual({ ...what, leftover: false });
      expect({ ...what, sameText: es === en }).toEqual({ ...what, sameText: false });
      // The English message is the catalogue's English text: it exists once.
      expect(p.message).toBe(en);
      // Term parameters are spoken in each language, not shown as ids.
      for (const [name, prefix] of [
        ['what', 'term.what.'],
        ['event', 'term.event.'],
      ] as const) {
        const id = p.params?.[name];
        if (id === undefined) continue;
        const key = `${prefix}${id}`;
        expect({ key, known: hasMessage(key) }).toEqual({ key, known: true });
        if (hasMessage(key)) {
          expect(es).toContain(t('es', key));
          expect(en).toContain(t('en', key));
        }
      }
    }
  });

  test('Spanish texts read as expected for a few representative problems', () => {
    const text = (code: string) => {
      const p = problems.find((q) => q.code === code)!;
      return deployProblemText('es', p.code, p.params);
    };
    expect(text('unsupportedElement')).toBe('el motor de Oficio no admite elementos de tipo ComplexGateway');
    expect(text('jobNeedsType')).toBe('una tarea de servicio necesita zeebe:taskDefinition con un tipo de trabajo (type)');
    expect(text('unsupportedEventDefinition')).toBe('no se admiten los eventos de señal');
    expect(text('invalidFeelAt')).toMatch(/^la condición «= monto >» no es una expresión FEEL válida: error de sintaxis en la posición \d+$/);
    expect(text('timerInvalidDuration')).toContain('«dos horas» no es una duración ISO 8601');
  });
});
