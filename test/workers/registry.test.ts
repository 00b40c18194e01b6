// The registry: one static definition per task type, named as its folder, described for the
// modeler's picker without building anything, and agreeing with workers/CONTRACTS.md.
import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { z } from 'zod';
import { describeWorkers, WORKERS } from '../../workers/index.js';

const CONTRACTS = fileURLToPath(new URL('../../workers/CONTRACTS.md', import.meta.url));

/** A schema's top-level variables, each followed by `?` when a job may come without it. */
function variablesOf(schema: z.ZodType): string[] {
  const shape = (schema as unknown as { shape: Record<string, z.ZodType> }).shape;
  return Object.entries(shape).map(([name, field]) => (field.safeParse(undefined).success ? `${name}?` : name));
}

/**
 * The variables a cell of the contract table names: the name at the start of each `code` span, with
 * its `?`. Remarks are left out: what follows " — " and what is in parentheses.
 */
function variablesIn(cell: string): string[] {
  let text = cell.split(/\s*—/)[0]!;
  while (/\([^()]*\)/.test(text)) text = text.replace(/\([^()]*\)/g, '');
  return [...text.matchAll(/`([A-Za-z_]\w*\??)/g)].map((m) => m[1]!);
}

/** The rows of the contract table by type: input and output cells. */
function contractRows(): Map<string, { input: string; output: string }> {
  const rows = new Map<string, { input: string; output: string }>();
  for (const line of readFileSync(CONTRACTS, 'utf8').split('\n')) {
    // Cells are split on unescaped pipes (`'a'\|'b'` stays in its cell).
    const cells = line.split(/(?<!\\)\|/).map((c) => c.trim());
    const type = /^`([a-z][\w.-]*)`$/.exec(cells[1] ?? '')?.[1];
    if (type) rows.set(type, { input: cells[2]!, output: cells[3]! });
  }
  return rows;
}

describe('the registry', () => {
  it('registers the 14 workers of the contract, each named as its folder', async () => {
    const types = WORKERS.map((w) => w.type);
    expect([...types].sort()).toEqual(
      [
        'accounts.apply',
        'backup.check-stock',
        'backup.record',
        'backup.release-tapes',
        'backup.schedule',
        'cas.find-missing-change',
        'cas.reconcile',
        'database.provision',
        'message.publish',
        'notify.email',
        'project.publish-plan',
        'sigue.create-user',
        'ticket.close',
        'ticket.register',
      ].sort(),
    );
    for (const worker of WORKERS) {
      const folder = (await import(`../../workers/${worker.type}/index.js`)) as { default: unknown };
      expect(folder.default).toBe(worker);
    }
  });

  it('describes every worker for the picker — what it does, the variables it reads and writes — with no dependencies at all', () => {
    const described = describeWorkers();
    expect(described.map((w) => w.type)).toEqual(WORKERS.map((w) => w.type).sort());
    expect(described.find((w) => w.type === 'ticket.register')).toEqual({
      type: 'ticket.register',
      description: { es: 'Registra la solicitud en la mesa de ayuda (OTRS) y emite el número de reporte', en: 'Registers the request at the help desk (OTRS) and issues the ticket number' },
      reads: ['solicitante', 'dependencia', 'area', 'categoria', 'descripcion', 'canal'],
      writes: ['ticket'],
    });
    expect(described.find((w) => w.type === 'message.publish')?.writes).toEqual([]);
  });

  it('agrees with workers/CONTRACTS.md: each row names the variables its schemas read and write, optional ones with "?"', () => {
    const rows = contractRows();
    expect([...rows.keys()].sort()).toEqual(WORKERS.map((w) => w.type).sort());
    for (const worker of WORKERS) {
      const row = rows.get(worker.type)!;
      expect({ type: worker.type, input: variablesIn(row.input) }).toEqual({ type: worker.type, input: variablesOf(worker.input) });
      expect({ type: worker.type, output: variablesIn(row.output) }).toEqual({ type: worker.type, output: variablesOf(worker.output) });
    }
  });
});
