// The deploy transform on the manual's own models: Oficio's task listeners added to every Camunda
// user task for Camunda, nothing else changed, and the result still a valid Camunda 8.8 model.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { LISTENED_EVENTS, TASK_LISTENER_TYPE, userTaskModels, withTaskListeners } from '../../../server/engine/camunda/index.js';
import { closeLinter, lintBpmn } from '../../../server/lint/index.js';

const dir = 'processes';
const models = readdirSync(dir)
  .filter((f) => f.endsWith('.bpmn'))
  .sort()
  .map((file) => ({ file, xml: readFileSync(join(dir, file), 'utf8') }));

/** The ids of the Camunda user tasks (those with zeebe:userTask) of a document. */
const camundaUserTasks = (xml: string) =>
  [...xml.matchAll(/<bpmn:userTask\b[^>]*\sid="([^"]+)"[^>]*>([\s\S]*?)<\/bpmn:userTask>/g)].filter((m) => /<zeebe:userTask\b/.test(m[2]!)).map((m) => m[1]!);
const ids = (xml: string) => [...xml.matchAll(/\sid="([^"]+)"/g)].map((m) => m[1]).sort();

afterAll(async () => {
  await closeLinter();
});

describe("Oficio's task listeners added at deploy to Camunda", () => {
  const withTasks = models.filter((m) => camundaUserTasks(m.xml).length > 0);

  it('given the manual, then most of its models have Camunda user tasks to listen to', () => {
    expect(withTasks.length).toBeGreaterThan(10);
  });

  it.each(withTasks.map((m) => [m.file, m.xml] as const))(
    "given %s, then each Camunda user task gets one listener per event, in the order of a task's life, and every element keeps its id",
    async (_file, xml) => {
      const out = await withTaskListeners(xml);
      const tasks = camundaUserTasks(xml);
      expect(camundaUserTasks(out)).toEqual(tasks);
      for (const match of out.matchAll(/<bpmn:userTask\b[^>]*\sid="([^"]+)"[^>]*>([\s\S]*?)<\/bpmn:userTask>/g)) {
        if (!tasks.includes(match[1]!)) continue;
        const listeners = [...match[2]!.matchAll(/<zeebe:taskListener\s([^>]*)\/>/g)].map((l) => ({
          eventType: /eventType="([^"]+)"/.exec(l[1]!)?.[1],
          type: /\stype="([^"]+)"/.exec(` ${l[1]!}`)?.[1],
        }));
        expect(listeners).toEqual(LISTENED_EVENTS.map((eventType) => ({ eventType, type: TASK_LISTENER_TYPE })));
      }
      expect(ids(out)).toEqual(ids(xml));
    },
  );

  it.each(withTasks.slice(0, 4).map((m) => [m.file, m.xml] as const))("given %s with the listeners, then Camunda 8.8's lint finds no error in it", async (file, xml) => {
    const result = await lintBpmn(await withTaskListeners(xml), file);
    expect(result.errors).toEqual([]);
  });

  it('given a model transformed once, when transformed again, then nothing more is added', async () => {
    const once = await withTaskListeners(withTasks[0]!.xml);
    expect(await withTaskListeners(once)).toBe(once);
  });

  it("given a model with its own completing listener, then Oficio's comes after it, so that the model's own decides first", async () => {
    const xml = withTasks[0]!.xml.replace(
      '<zeebe:userTask/>',
      '<zeebe:userTask/><zeebe:taskListeners><zeebe:taskListener eventType="completing" type="propio" retries="1"/></zeebe:taskListeners>',
    );
    expect(xml).toContain('type="propio"');
    const out = await withTaskListeners(xml);
    const first = /<zeebe:taskListeners>([\s\S]*?)<\/zeebe:taskListeners>/.exec(out)![1]!;
    const completing = [...first.matchAll(/eventType="completing"[^>]*type="([^"]+)"/g)].map((m) => m[1]);
    expect(completing).toEqual(['propio', TASK_LISTENER_TYPE]);
  });

  it('given a model without Camunda user tasks, then it is deployed exactly as written', async () => {
    const plain = models.find((m) => camundaUserTasks(m.xml).length === 0);
    const xml =
      plain?.xml ??
      '<?xml version="1.0" encoding="UTF-8"?><bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" id="d" targetNamespace="t"><bpmn:process id="p" isExecutable="true"><bpmn:startEvent id="s"/></bpmn:process></bpmn:definitions>';
    expect(await withTaskListeners(xml)).toBe(xml);
  });

  it("given a model, then what a listener job does not carry is read from it: each task's name, form and headers, and its process's name", async () => {
    const model = withTasks.find((m) => /externalReference="/.test(m.xml))!;
    const read = await userTaskModels(model.xml);
    const [id] = camundaUserTasks(model.xml);
    const element = new RegExp(`<bpmn:userTask\\b[^>]*\\sid="${id}"[^>]*>[\\s\\S]*?</bpmn:userTask>`).exec(model.xml)![0];
    const name = /\sname="([^"]*)"/.exec(element)?.[1];
    const form = /externalReference="([^"]+)"/.exec(element)?.[1];
    const processName = /<bpmn:process\b[^>]*\sname="([^"]*)"/.exec(model.xml)?.[1];
    const decode = (s?: string) =>
      s
        ?.replace(/&#10;/g, '\n')
        .replace(/&quot;/g, '"')
        .replace(/&amp;/g, '&')
        .replace(/&lt;/g, '<')
        .replace(/&gt;/g, '>');
    expect(read.get(id!)).toMatchObject({ name: decode(name), processName: decode(processName), ...(form ? { externalFormReference: form } : {}) });
  });
});
