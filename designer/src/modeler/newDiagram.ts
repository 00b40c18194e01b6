// The BPMN a new model starts from: an executable Zeebe (Camunda 8.8) process with one start event.
// Plain text, so the models list can check ids without loading bpmn-js.

/** Zeebe/BPMN process ids: a letter first, then letters, digits, '-' or '_'. */
export const PROCESS_ID_PATTERN = /^[A-Za-z][A-Za-z0-9_-]{0,99}$/;

function escapeXml(text: string): string {
  return text.replace(/[<>&"']/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c]!);
}

export function newDiagramXml(processId: string, name: string, startEventName: string): string {
  const id = escapeXml(processId);
  return `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:bpmndi="http://www.omg.org/spec/BPMN/20100524/DI" xmlns:dc="http://www.omg.org/spec/DD/20100524/DC" xmlns:di="http://www.omg.org/spec/DD/20100524/DI" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" xmlns:modeler="http://camunda.org/schema/modeler/1.0" id="Definitions_${id}" targetNamespace="https://oficio.aguascalientes.gob.mx/bpmn" exporter="Oficio" exporterVersion="1.0" modeler:executionPlatform="Camunda Cloud" modeler:executionPlatformVersion="8.8.0">
  <bpmn:process id="${id}" name="${escapeXml(name)}" isExecutable="true">
    <bpmn:startEvent id="inicio" name="${escapeXml(startEventName)}" />
  </bpmn:process>
  <bpmndi:BPMNDiagram id="Diagram_${id}">
    <bpmndi:BPMNPlane id="Plane_${id}" bpmnElement="${id}">
      <bpmndi:BPMNShape id="inicio_di" bpmnElement="inicio">
        <dc:Bounds x="180" y="160" width="36" height="36" />
        <bpmndi:BPMNLabel>
          <dc:Bounds x="178" y="203" width="40" height="14" />
        </bpmndi:BPMNLabel>
      </bpmndi:BPMNShape>
    </bpmndi:BPMNPlane>
  </bpmndi:BPMNDiagram>
</bpmn:definitions>
`;
}

/** The name of the first process in a BPMN document, read without parsing it (for titles). */
export function processNameIn(xml: string, processId: string): string | undefined {
  for (const m of xml.matchAll(/<(?:[\w.-]+:)?process\b([^>]*)>/g)) {
    const attrs = m[1]!;
    const id = /\sid\s*=\s*"([^"]*)"/.exec(attrs)?.[1];
    if (id !== processId) continue;
    const name = /\sname\s*=\s*"([^"]*)"/.exec(attrs)?.[1];
    return name?.replace(/&(lt|gt|quot|apos|amp);/g, (_, e: string) => ({ lt: '<', gt: '>', quot: '"', apos: "'", amp: '&' })[e]!);
  }
  return undefined;
}
