// docs/procedures.md stays true: each model's row lists exactly the forms and job types it uses.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { START_FORM_PROPERTY } from '../../processes/builder/index.js';
import { PROCESSES_DIR } from './harness.js';

const doc = readFileSync(new URL('../../docs/procedures.md', import.meta.url), 'utf8');
const rows = new Map(
  doc
    .split('\n')
    .filter((line) => line.startsWith('|'))
    .map((line) => line.split('|').map((cell) => cell.trim()))
    .filter((cells) => /^`[a-z0-9-]+`$/.test(cells[2] ?? ''))
    .map((cells) => [cells[2]!.slice(1, -1), { forms: codes(cells[3]!), workers: codes(cells[4]!) }]),
);

function codes(cell: string): string[] {
  return [...cell.matchAll(/`([^`]+)`/g)].map((m) => m[1]!).sort();
}

const models = readdirSync(PROCESSES_DIR)
  .filter((f) => f.endsWith('.bpmn'))
  .map((f) => f.replace(/\.bpmn$/, ''));

describe('docs/procedures.md', () => {
  it('has a row for every model', () => {
    expect([...rows.keys()].sort()).toEqual([...models].sort());
  });

  it.each(models)('lists the forms and workers %s really uses', (id) => {
    const xml = readFileSync(join(PROCESSES_DIR, `${id}.bpmn`), 'utf8');
    const forms = new Set([
      ...[...xml.matchAll(/externalReference="([^"]+)"/g)].map((m) => m[1]!),
      ...[...xml.matchAll(new RegExp(`name="${START_FORM_PROPERTY}" value="([^"]+)"`, 'g'))].map((m) => m[1]!),
    ]);
    const workers = new Set([...xml.matchAll(/zeebe:taskDefinition type="([^"]+)"/g)].map((m) => m[1]!));
    expect(rows.get(id)).toEqual({ forms: [...forms].sort(), workers: [...workers].sort() });
  });
});
