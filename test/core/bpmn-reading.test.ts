// The server's one reading of a BPMN document (server/bpmn/read.ts over contracts/bpmn.ts): what
// the manual's models say, what a model designed in the browser says, nothing from comments or
// CDATA, and a broken document answered as far as it can be read.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isProcessNoneStartEvent, readFolioSeries, readPublicStart, readStarterGroups, startSettingsOf, type ModdleElement } from '../../contracts/bpmn.js';
import { loadDefinitions } from '../../processes/build.js';
import { processIdsIn, readBpmn } from '../../server/bpmn/read.js';
import { readStartEvent } from '../../server/core/catalogue/index.js';
import { referencesOf } from '../../server/core/models/index.js';

const PROCESSES_DIR = fileURLToPath(new URL('../../processes/', import.meta.url));
const DESIGNED = readFileSync(fileURLToPath(new URL('../http/fixtures/baja-equipo.bpmn', import.meta.url)), 'utf8');

const definitions = (body: string) =>
  `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" id="defs" targetNamespace="http://oficio.test">${body}</bpmn:definitions>`;

const properties = (entries: Array<[string, string]>) =>
  `<bpmn:extensionElements><zeebe:properties>${entries.map(([name, value]) => `<zeebe:property name="${name}" value="${value}"/>`).join('')}</zeebe:properties></bpmn:extensionElements>`;

const byElement = <T extends { elementId: string }>(list: T[]) => [...list].sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));

describe('a model of the manual', () => {
  it('reads as its definition in processes/models/ says: start settings, forms and job types', async () => {
    for (const def of await loadDefinitions()) {
      const reading = await readBpmn(readFileSync(join(PROCESSES_DIR, `${def.id}.bpmn`), 'utf8'));
      const start = def.elements.find((el) => el.kind === 'start' && !el.timer && !el.message);
      const expectedForms: Array<{ elementId: string; form: string }> = [];
      const expectedJobTypes: Array<{ elementId: string; type: string }> = [];
      for (const el of def.elements) {
        if ((el.kind === 'start' || el.kind === 'userTask') && el.form && !el.form.startsWith('=')) expectedForms.push({ elementId: el.id, form: el.form });
        if ((el.kind === 'serviceTask' || el.kind === 'sendTask' || el.kind === 'throw') && el.type) expectedJobTypes.push({ elementId: el.id, type: el.type });
      }

      expect(reading.complete).toBe(true);
      expect(reading.processIds).toEqual([def.id]);
      expect(reading.starts).toEqual(
        start?.kind === 'start'
          ? [
              {
                processId: def.id,
                startEventId: start.id,
                settings: { ...(start.form ? { form: start.form } : {}), starterGroups: start.starterGroups ? start.starterGroups.split(',') : [], publicStart: start.publicStart === true },
              },
            ]
          : [],
      );
      expect(byElement(reading.forms)).toEqual(byElement(expectedForms));
      expect(byElement(reading.jobTypes)).toEqual(byElement(expectedJobTypes));
    }
  });

  it("gives the catalogue the citizen's public complaint and the starter groups of a project phase", async () => {
    const queja = readFileSync(join(PROCESSES_DIR, 'dgsti-p01-pr01-cas-queja.bpmn'), 'utf8');
    expect(await readStartEvent(queja, 'dgsti-p01-pr01-cas-queja')).toEqual(expect.objectContaining({ publicStart: true, startFormId: expect.any(String) }));
    const fase = readFileSync(join(PROCESSES_DIR, 'dgpt-p01-pr02-conceptualizacion.bpmn'), 'utf8');
    expect(await readStartEvent(fase, 'dgpt-p01-pr02-conceptualizacion')).toEqual(expect.objectContaining({ starterGroups: ['gestion-proyectos'], publicStart: false }));
    expect(await readStartEvent(fase, 'otro-proceso')).toBeUndefined();
  });
});

describe('a model designed in the browser', () => {
  it('reads its start settings, its forms and its element ids', async () => {
    const reading = await readBpmn(DESIGNED);
    expect(reading).toEqual({
      complete: true,
      processIds: ['baja-equipo'],
      processSettings: [{ processId: 'baja-equipo', settings: {} }],
      starts: [{ processId: 'baja-equipo', startEventId: 'inicio', settings: { form: 'baja-equipo-solicitud', starterGroups: [], publicStart: true } }],
      forms: [
        { elementId: 'inicio', form: 'baja-equipo-solicitud' },
        { elementId: 'dictaminar', form: 'baja-equipo-dictamen' },
      ],
      jobTypes: [],
    });
    expect(await referencesOf(DESIGNED)).toEqual({ processIds: reading.processIds, forms: reading.forms, jobTypes: reading.jobTypes });
    expect(await readStartEvent(DESIGNED, 'baja-equipo')).toEqual({ startEventId: 'inicio', startFormId: 'baja-equipo-solicitud', publicStart: true });
  });

  it('reads elements at any depth, each with its own id, and leaves FEEL expressions out', async () => {
    const xml = definitions(`
      <bpmn:process id="anidado" isExecutable="true">
        <bpmn:startEvent id="inicio">${properties([
          ['oficio:startForm', 'primero'],
          ['oficio:candidateStarterGroups', ' mesa-ayuda, ,red-datos '],
          ['oficio:startForm', 'ultimo'],
          ['oficio:publicStart', ' TRUE '],
        ])}</bpmn:startEvent>
        <bpmn:userTask id="por-expresion"><bpmn:extensionElements><zeebe:formDefinition externalReference="=formulario"/></bpmn:extensionElements></bpmn:userTask>
        <bpmn:userTask id="camunda"><bpmn:extensionElements><zeebe:formDefinition formId="forma-camunda"/></bpmn:extensionElements></bpmn:userTask>
        <bpmn:subProcess id="sub">
          <bpmn:startEvent id="inicio-sub">${properties([['oficio:startForm', 'dentro']])}</bpmn:startEvent>
          <bpmn:serviceTask id="cerrar"><bpmn:extensionElements><zeebe:taskDefinition type="ticket.close"/></bpmn:extensionElements></bpmn:serviceTask>
          <bpmn:serviceTask id="dinamico"><bpmn:extensionElements><zeebe:taskDefinition type="=tipo"/></bpmn:extensionElements></bpmn:serviceTask>
        </bpmn:subProcess>
      </bpmn:process>
      <bpmn:process id="por-temporizador" isExecutable="true">
        <bpmn:startEvent id="cada-dia"><bpmn:timerEventDefinition/></bpmn:startEvent>
      </bpmn:process>`);
    const reading = await readBpmn(xml);
    expect(reading.processIds).toEqual(['anidado', 'por-temporizador']);
    // The last entry of a repeated name wins; groups are split on commas; "true" in any case.
    expect(reading.starts).toEqual([{ processId: 'anidado', startEventId: 'inicio', settings: { form: 'ultimo', starterGroups: ['mesa-ayuda', 'red-datos'], publicStart: true } }]);
    expect(reading.forms).toEqual([
      { elementId: 'inicio', form: 'ultimo' },
      { elementId: 'camunda', form: 'forma-camunda' },
      { elementId: 'inicio-sub', form: 'dentro' },
    ]);
    expect(reading.jobTypes).toEqual([{ elementId: 'cerrar', type: 'ticket.close' }]);
  });
});

describe('what does not count', () => {
  it('ignores tags inside comments and CDATA', async () => {
    const xml = definitions(`
      <!-- <bpmn:process id="fantasma"><bpmn:serviceTask id="x"><bpmn:extensionElements><zeebe:taskDefinition type="no.cuenta"/></bpmn:extensionElements></bpmn:serviceTask></bpmn:process> -->
      <bpmn:process id="real" isExecutable="true">
        <bpmn:documentation><![CDATA[<zeebe:formDefinition externalReference="tampoco"/> <zeebe:property name="oficio:startForm" value="ni-esta"/>]]></bpmn:documentation>
        <bpmn:startEvent id="inicio"/>
        <bpmn:serviceTask id="registrar">
          <bpmn:documentation><![CDATA[<zeebe:taskDefinition type="falso"/>]]></bpmn:documentation>
          <bpmn:extensionElements><!-- <zeebe:formDefinition formId="comentado"/> --><zeebe:taskDefinition type="ticket.register"/></bpmn:extensionElements>
        </bpmn:serviceTask>
      </bpmn:process>`);
    const reading = await readBpmn(xml);
    expect(reading).toEqual({
      complete: true,
      processIds: ['real'],
      processSettings: [{ processId: 'real', settings: {} }],
      starts: [{ processId: 'real', startEventId: 'inicio', settings: { starterGroups: [], publicStart: false } }],
      forms: [],
      jobTypes: [{ elementId: 'registrar', type: 'ticket.register' }],
    });
  });
});

describe('a broken document', () => {
  it('answers what it could read before the break, and says it is incomplete', async () => {
    const cut = definitions(
      `<bpmn:process id="a"><bpmn:serviceTask id="t"><bpmn:extensionElements><zeebe:taskDefinition type="ticket.close"/></bpmn:extensionElements></bpmn:serviceTask></bpmn:process><bpmn:process id="b"><bpmn:task id="x"></bpmn:process>`,
    );
    const reading = await readBpmn(cut);
    expect(reading).toEqual(
      expect.objectContaining({ complete: false, parseError: expect.stringContaining('unparsable'), processIds: ['a', 'b'], jobTypes: [{ elementId: 't', type: 'ticket.close' }] }),
    );
    expect(await processIdsIn('<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"><bpmn:process id="a">')).toEqual(['a']);
  });

  it('names no process when nothing of it can be read', async () => {
    for (const xml of ['esto no es XML', '', '<otro><bpmn:process id="a"/></otro>']) {
      const reading = await readBpmn(xml);
      expect(reading).toEqual({ complete: false, parseError: expect.any(String), processIds: [], processSettings: [], starts: [], forms: [], jobTypes: [] });
    }
  });

  it('is not read by the catalogue as a process without a start form', async () => {
    await expect(readStartEvent('<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"><bpmn:process id="a">', 'a')).rejects.toThrow(/cannot be read/);
  });
});

describe('the vocabulary on any moddle-shaped element', () => {
  it('reads a business object as bpmn-js holds it', () => {
    const process: ModdleElement = { $type: 'bpmn:Process', id: 'p' };
    const start: ModdleElement = {
      $type: 'bpmn:StartEvent',
      id: 'inicio',
      $parent: process,
      extensionElements: {
        values: [
          {
            $type: 'zeebe:Properties',
            properties: [
              { name: 'oficio:startForm', value: 'solicitud' },
              { name: 'oficio:candidateStarterGroups', value: 'a,b' },
            ],
          },
        ],
      },
    };
    expect(isProcessNoneStartEvent(start)).toBe(true);
    expect(isProcessNoneStartEvent({ ...start, $parent: { $type: 'bpmn:SubProcess' } })).toBe(false);
    expect(isProcessNoneStartEvent({ ...start, eventDefinitions: [{}] })).toBe(false);
    expect(startSettingsOf(start)).toEqual({ form: 'solicitud', starterGroups: ['a', 'b'], publicStart: false });
  });

  it('reads starter groups and public start as the server always has', () => {
    expect(readStarterGroups(undefined)).toEqual([]);
    expect(readStarterGroups(' , ')).toEqual([]);
    expect(readStarterGroups('jefe-informatica, mesa-ayuda')).toEqual(['jefe-informatica', 'mesa-ayuda']);
    expect([readPublicStart('true'), readPublicStart(' True '), readPublicStart('false'), readPublicStart(''), readPublicStart(undefined)]).toEqual([true, true, false, false, false]);
  });

  it("reads a process's folio series (oficio:folioSerie on the process element): a series of capitals and digits, else none", async () => {
    expect([
      readFolioSeries('CAS'),
      readFolioSeries(' sop '),
      readFolioSeries('PRY2'),
      readFolioSeries('CAS-1'),
      readFolioSeries('2CAS'),
      readFolioSeries(''),
      readFolioSeries(undefined),
    ]).toEqual(['CAS', 'SOP', 'PRY2', undefined, undefined, undefined, undefined]);
    const reading = await readBpmn(
      definitions(
        `<bpmn:process id="con-serie" isExecutable="true">${properties([['oficio:folioSerie', 'CAS']])}<bpmn:startEvent id="s"/></bpmn:process>` +
          `<bpmn:process id="sin-serie" isExecutable="true"><bpmn:startEvent id="s2"/></bpmn:process>`,
      ),
    );
    expect(reading.processSettings).toEqual([
      { processId: 'con-serie', settings: { folioSeries: 'CAS' } },
      { processId: 'sin-serie', settings: {} },
    ]);
  });
});
