// Inline BPMN fixture builders shared by the scenario suites.

export const escapeXml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;');

/** A sequence flow, with an optional FEEL condition. */
export const flow = (from: string, to: string, condition?: string, id = `f_${from}_${to}`) =>
  `<bpmn:sequenceFlow id="${id}" sourceRef="${from}" targetRef="${to}">${
    condition ? `<bpmn:conditionExpression xsi:type="bpmn:tFormalExpression">${escapeXml(condition)}</bpmn:conditionExpression>` : ''
  }</bpmn:sequenceFlow>`;

/** Sequence flows joining the given element ids one after the other. */
export const chain = (...ids: string[]) =>
  ids
    .slice(1)
    .map((to, i) => flow(ids[i]!, to))
    .join('\n');

export const startEvent = (id = 'start') => `<bpmn:startEvent id="${id}"/>`;
export const endEvent = (id = 'end') => `<bpmn:endEvent id="${id}"/>`;
