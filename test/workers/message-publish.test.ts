// message.publish: a send task that wakes the instance waiting for that message and key.
import { afterEach, describe, expect, it } from '@jest/globals';
import publishMessage from '../../workers/message.publish/index.js';
import { createEngineFixture, outcomeOf, serviceTaskProcess, type EngineFixture } from './helpers.js';
import { waitFor } from '../support/wait-for.js';

const waiting = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" id="dq" targetNamespace="http://oficio.test">
  <bpmn:message id="Msg" name="corte-realizado"><bpmn:extensionElements><zeebe:subscription correlationKey="=kioscoId"/></bpmn:extensionElements></bpmn:message>
  <bpmn:process id="espera-corte" isExecutable="true">
    <bpmn:startEvent id="start"><bpmn:outgoing>f1</bpmn:outgoing></bpmn:startEvent>
    <bpmn:intermediateCatchEvent id="corte"><bpmn:incoming>f1</bpmn:incoming><bpmn:outgoing>f2</bpmn:outgoing><bpmn:messageEventDefinition messageRef="Msg"/></bpmn:intermediateCatchEvent>
    <bpmn:endEvent id="end"><bpmn:incoming>f2</bpmn:incoming></bpmn:endEvent>
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="corte"/>
    <bpmn:sequenceFlow id="f2" sourceRef="corte" targetRef="end"/>
  </bpmn:process>
</bpmn:definitions>`;

describe('message.publish on the embedded engine', () => {
  let e: EngineFixture;
  afterEach(() => e.close());

  it('given an instance waiting for "corte-realizado" of kiosk CAS-03, then publishing it for CAS-03 (not CAS-04) completes it with the variables', async () => {
    e = await createEngineFixture('2026-03-02T16:00:00Z', [publishMessage]);
    await e.engine.createDeployment({ resources: [{ name: 'w.bpmn', content: waiting }] });
    await e.engine.createDeployment({ resources: [{ name: 'p.bpmn', content: serviceTaskProcess('avisar', 'message.publish') }] });
    const queja = await e.engine.createProcessInstance({ processDefinitionId: 'espera-corte', variables: { kioscoId: 'CAS-03' } });
    await e.engine.idle();

    const otro = await e.engine.createProcessInstance({ processDefinitionId: 'avisar', variables: { nombreMensaje: 'corte-realizado', claveCorrelacion: 'CAS-04' } });
    await waitFor(async () => (await e.engine.getProcessInstance({ processInstanceKey: otro.processInstanceKey })).state === 'COMPLETED', 5000, 'publisher done');
    expect((await e.engine.getProcessInstance({ processInstanceKey: queja.processInstanceKey })).state).toBe('ACTIVE');

    await e.engine.createProcessInstance({
      processDefinitionId: 'avisar',
      variables: { nombreMensaje: 'corte-realizado', claveCorrelacion: 'CAS-03', variables: { corte: { diferencia: -10 } } },
    });
    await waitFor(async () => (await e.engine.getProcessInstance({ processInstanceKey: queja.processInstanceKey })).state === 'COMPLETED', 5000, 'complaint released');
    expect((await outcomeOf(e.engine, queja.processInstanceKey)).variables.corte).toEqual({ diferencia: -10 });
  });
});
