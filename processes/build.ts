// Writes processes/<id>.bpmn from every definition in processes/models/ (npm run build:processes).
import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { toBpmnXml, type ProcessDefinition } from './builder/index.js';

const here = import.meta.dirname;

export async function loadDefinitions(): Promise<ProcessDefinition[]> {
  const dir = join(here, 'models');
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.ts'))
    .sort();
  const definitions: ProcessDefinition[] = [];
  for (const file of files) {
    const module = (await import(pathToFileURL(join(dir, file)).href)) as { default: ProcessDefinition };
    if (module.default.id !== file.replace(/\.ts$/, '')) throw new Error(`${file}: the process id '${module.default.id}' must match the file name`);
    definitions.push(module.default);
  }
  return definitions;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  for (const definition of await loadDefinitions()) {
    writeFileSync(join(here, `${definition.id}.bpmn`), toBpmnXml(definition));
    console.log(`processes/${definition.id}.bpmn`);
  }
}
