// The audit trail core on the SQLite store, in memory and on a file: appending (alone, racing,
// inside a caller's transaction), tampering caught by verify, queries, paging and the CSV export.
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  AUDIT_EVENTS_COLLECTION,
  AUDIT_HEAD_COLLECTION,
  GENESIS_HASH,
  InvalidAuditEventError,
  InvalidAuditQueryError,
  auditEventHash,
  auditEventId,
  canonicalJson,
  createAuditTrail,
  type AuditEvent,
  type AuditEventInput,
  type AuditTrail,
} from '../../server/core/audit/index.js';
import { ConflictError, type Collection, type FindOptions, type Filter, type Store, type Transaction } from '../../server/store/port.js';
import { createSqliteStore, sqliteTestHooks } from '../../server/store/sqlite/index.js';

const tempRoot = mkdtempSync(join(tmpdir(), 'oficio-audit-'));
let fileSerial = 0;

afterAll(() => {
  rmSync(tempRoot, { recursive: true, force: true });
});

const T0 = Date.parse('2026-01-05T09:00:00.000Z');

/** A clock that moves one second per reading, so every event has its own time. */
function steppingClock(start = T0): () => number {
  let now = start - 1000;
  return () => (now += 1000);
}

const ana = { id: 'ana', name: 'Ana Ruiz', roles: ['mesa-ayuda'] };
const beto = { id: 'beto', name: 'Beto Luna' };

function event(overrides: Partial<AuditEventInput> = {}): AuditEventInput {
  return { actor: ana, action: 'task.complete', processInstanceKey: '2251799813685249', userTaskKey: '2251799813685300', data: { aprobado: true }, ...overrides };
}

async function recordMany(trail: AuditTrail, n: number, make: (i: number) => AuditEventInput = () => event()): Promise<AuditEvent[]> {
  const out: AuditEvent[] = [];
  for (let i = 0; i < n; i++) out.push(await trail.record(make(i)));
  return out;
}

/** The raw collection, as someone with access to the database file would use it. */
const rawEvents = (store: Store) => store.collection<Record<string, unknown>>(AUDIT_EVENTS_COLLECTION);

/** Drains an async iterable of lines into one string. */
async function drain(lines: AsyncIterable<string>): Promise<string> {
  let text = '';
  for await (const line of lines) text += line;
  return text;
}

/** A minimal RFC 4180 reader, to check the export parses back to the same values. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i++;
    } else field += c;
  }
  if (field !== '' || row.length) throw new Error(`unterminated last line: ${JSON.stringify(row)} ${JSON.stringify(field)}`);
  return rows;
}

const kinds: Array<[string, () => string]> = [
  ['memory', () => ':memory:'],
  ['file', () => join(tempRoot, `run-${++fileSerial}`, 'oficio.sqlite')],
];

describe.each(kinds)('the audit trail on a SQLite store (%s)', (_kind, pathOf) => {
  let store: Store;
  let trail: AuditTrail;
  let path: string;

  beforeEach(() => {
    path = pathOf();
    store = createSqliteStore({ path });
    trail = createAuditTrail({ store, now: steppingClock() });
  });

  afterEach(async () => {
    await store.close();
  });

  describe('recording', () => {
    test('given an empty trail, when three events are recorded, then they chain from genesis with sequences 1, 2, 3', async () => {
      const recorded = await recordMany(trail, 3, (i) => event({ action: ['instance.start', 'task.claim', 'task.complete'][i]! }));

      expect(recorded.map((e) => e.sequence)).toEqual([1, 2, 3]);
      expect(recorded[0]!.prevHash).toBe(GENESIS_HASH);
      expect(recorded[1]!.prevHash).toBe(recorded[0]!.hash);
      expect(recorded[2]!.prevHash).toBe(recorded[1]!.hash);
      expect(recorded.map((e) => e.at)).toEqual(['2026-01-05T09:00:00.000Z', '2026-01-05T09:00:01.000Z', '2026-01-05T09:00:02.000Z']);
      expect(await trail.verify()).toEqual({ intact: true, events: 3, lastHash: recorded[2]!.hash });
      expect(await trail.head()).toEqual({ sequence: 3, hash: recorded[2]!.hash });
    });

    test('given an event, then its hash is sha256(prevHash + sorted-key JSON of the row without its hashes), as documented', async () => {
      const e = await trail.record(event({ subject: 'formulario', ip: '10.0.0.7', data: { z: 1, a: ['x', { c: null, b: 'ñ' }] } }));

      // Written out by hand: keys in code-unit order, no whitespace.
      const text =
        '{"action":"task.complete","actor":{"id":"ana","name":"Ana Ruiz","roles":["mesa-ayuda"]},"actorId":"ana",' +
        '"at":"2026-01-05T09:00:00.000Z","data":{"a":["x",{"b":"ñ","c":null}],"z":1},"ip":"10.0.0.7",' +
        '"processInstanceKey":"2251799813685249","sequence":1,"subject":"formulario","userTaskKey":"2251799813685300"}';
      expect(e.hash).toBe(
        createHash('sha256')
          .update(GENESIS_HASH + text)
          .digest('hex'),
      );
      const { prevHash: _p, hash: _h, ...content } = e;
      expect(canonicalJson(content)).toBe(text);
    });

    test('given a whole user record as actor, then only id, name and roles are kept', async () => {
      const user = { ...ana, passwordHash: 'scrypt$secreto', email: 'ana@example.mx' };

      const e = await trail.record(event({ actor: user }));

      expect(e.actor).toEqual({ id: 'ana', name: 'Ana Ruiz', roles: ['mesa-ayuda'] });
      const stored = await rawEvents(store).get(auditEventId(1));
      expect(JSON.stringify(stored)).not.toContain('secreto');
    });

    test('given the caller changes its data object after record(), then the event keeps what was given', async () => {
      const data = { campo: 'original' };
      const pending = trail.record(event({ data }));
      data.campo = 'cambiado';

      expect((await pending).data).toEqual({ campo: 'original' });
      expect((await trail.verify()).intact).toBe(true);
    });

    test('given malformed events, then record() refuses them naming the field and writes nothing', async () => {
      const bad: Array<[unknown, string]> = [
        [{ ...event(), actor: 'root' }, 'actor'],
        [{ ...event(), actor: { name: 'sin id' } }, 'actor.id'],
        [{ ...event(), actor: { id: 'x', name: 'X', roles: 'admin' } }, 'actor.roles'],
        [{ ...event(), action: '' }, 'action'],
        [{ ...event(), action: 'Task Complete' }, 'action'],
        [{ ...event(), processInstanceKey: 2251799813685249 }, 'processInstanceKey'],
        [{ ...event(), data: { monto: Number.NaN } }, 'data.monto'],
        [{ ...event(), data: { cuando: new Date(T0) } }, 'data.cuando'],
        [{ ...event(), data: [1, undefined] }, 'data[1]'],
      ];
      for (const [input, field] of bad) {
        const error = await trail.record(input as AuditEventInput).catch((e: unknown) => e);
        expect(error).toBeInstanceOf(InvalidAuditEventError);
        expect({ input, field: (error as InvalidAuditEventError).field }).toEqual({ input, field });
      }
      expect(await trail.count()).toBe(0);
    });

    test("given 'system' and 'anonymous' actors, then they are recorded and filterable", async () => {
      await trail.record({ actor: 'system', action: 'timer.fire', processInstanceKey: '1' });
      await trail.record({ actor: 'anonymous', action: 'auth.login', ip: '201.0.0.1', data: { user: 'ana', ok: false } });

      expect((await trail.query({ actor: 'system' })).items.map((e) => e.action)).toEqual(['timer.fire']);
      expect((await trail.query({ actor: 'anonymous' })).items.map((e) => e.ip)).toEqual(['201.0.0.1']);
    });
  });

  describe('concurrency', () => {
    test('given 500 record() calls at once, then sequences are 1…500 without gaps and the chain is intact', async () => {
      const recorded = await Promise.all(Array.from({ length: 500 }, (_, i) => trail.record(event({ actor: i % 2 ? ana : beto, data: { i } }))));

      const sequences = recorded.map((e) => e.sequence).sort((a, b) => a - b);
      expect(sequences).toEqual(Array.from({ length: 500 }, (_, i) => i + 1));
      expect(await trail.count()).toBe(500);
      expect(await trail.verify({ pageSize: 64 })).toMatchObject({ intact: true, events: 500 });
    });

    test("given an event recorded inside the caller's transaction, when that transaction commits, then the action and its event are both stored", async () => {
      const tickets = store.collection<{ estado: string }>('tickets');

      await store.transaction(async (tx) => {
        await tx.collection<{ estado: string }>('tickets').insert({ id: 'T-1', estado: 'abierto' });
        await trail.record(event({ action: 'ticket.open', subject: 'T-1' }), tx);
        await trail.record(event({ action: 'ticket.assign', subject: 'T-1' }), tx);
      });

      expect(await tickets.get('T-1')).toBeDefined();
      expect((await trail.query({}, { order: 'asc' })).items.map((e) => [e.sequence, e.action])).toEqual([
        [1, 'ticket.open'],
        [2, 'ticket.assign'],
      ]);
      expect((await trail.verify()).intact).toBe(true);
    });

    test("given appends racing with a caller's transaction that records and then rolls back, then it leaves no trace and no gap", async () => {
      const tickets = store.collection<{ estado: string }>('tickets');
      const racing = Array.from({ length: 100 }, (_, i) => trail.record(event({ data: { i } })));
      const failed = store
        .transaction(async (tx) => {
          await tx.collection<{ estado: string }>('tickets').insert({ id: 'T-9', estado: 'abierto' });
          await trail.record(event({ action: 'ticket.open', subject: 'T-9' }), tx);
          throw new Error('validation failed after recording');
        })
        .catch((e: unknown) => e);
      racing.push(...Array.from({ length: 100 }, (_, i) => trail.record(event({ data: { i: 100 + i } }))));

      expect(await failed).toBeInstanceOf(Error);
      await Promise.all(racing);

      expect(await tickets.get('T-9')).toBeUndefined();
      expect(await trail.count({ action: 'ticket.open' })).toBe(0);
      expect(await trail.count()).toBe(200);
      expect(await trail.verify()).toMatchObject({ intact: true, events: 200 });
    });

    test('given a store where another writer wins the head (as MongoDB would report), then record() retries and the chain stays linear', async () => {
      let conflicts = 3;
      const racy = withHeadConflicts(store, () => conflicts-- > 0);
      const racyTrail = createAuditTrail({ store: racy, now: steppingClock() });

      const recorded = await Promise.all([racyTrail.record(event()), racyTrail.record(event()), racyTrail.record(event())]);

      expect(conflicts).toBeLessThan(0);
      expect(recorded.map((e) => e.sequence).sort()).toEqual([1, 2, 3]);
      expect(await trail.verify()).toMatchObject({ intact: true, events: 3 });
    });

    test("given a conflict inside the caller's transaction, then it reaches the caller (who retries its whole unit) and nothing is written", async () => {
      const racy = withHeadConflicts(store, () => true);
      const racyTrail = createAuditTrail({ store: racy });

      const error = await racy.transaction((tx) => racyTrail.record(event(), tx)).catch((e: unknown) => e);

      expect(error).toBeInstanceOf(ConflictError);
      expect(await trail.count()).toBe(0);
    });

    test('given appends while verify runs, then verify answers intact for everything it saw', async () => {
      await recordMany(trail, 300);

      const appends = Array.from({ length: 200 }, () => trail.record(event()));
      const result = await trail.verify({ pageSize: 10 });
      await Promise.all(appends);

      expect(result.intact).toBe(true);
      expect((result as { events: number }).events).toBeGreaterThanOrEqual(300);
      expect(await trail.verify()).toMatchObject({ intact: true, events: 500 });
    });
  });

  describe('tampering', () => {
    beforeEach(async () => {
      await recordMany(trail, 20, (i) => event({ data: { i, monto: 100 * i } }));
    });

    test("given a row whose data was edited through the store, then verify names that row's sequence as a hash mismatch", async () => {
      const raw = rawEvents(store);
      const row = (await raw.get(auditEventId(7)))!;

      await raw.update(row.id, { ...row, data: { i: 6, monto: 1 } }, row.version);

      const result = await trail.verify({ pageSize: 5 });
      expect(result).toMatchObject({ intact: false, brokenAt: 7, reason: 'hash mismatch', actualHash: row.hash });
      if (result.intact) throw new Error('unreachable');
      expect(result.expectedHash).toMatch(/^[0-9a-f]{64}$/);
      expect(result.expectedHash).not.toBe(result.actualHash);
    });

    test('given a row whose hashes were recomputed after an edit, then the next row no longer chains to it', async () => {
      const raw = rawEvents(store);
      const row = (await raw.get(auditEventId(7)))!;
      const edited = { ...row, data: { i: 6, monto: 1 } };
      const { id: _id, version: _v, ...content } = edited;
      const forged = createHash('sha256')
        .update(String(row.prevHash) + canonicalJson({ ...content, prevHash: undefined, hash: undefined }))
        .digest('hex');

      await raw.update(row.id, { ...edited, hash: forged }, row.version);

      expect(await trail.verify()).toMatchObject({ intact: false, brokenAt: 8, reason: 'hash mismatch', expectedHash: forged });
    });

    test('given a deleted row in the middle, then verify names the missing sequence as a gap', async () => {
      await rawEvents(store).delete(auditEventId(12));

      expect(await trail.verify({ pageSize: 4 })).toMatchObject({ intact: false, brokenAt: 12, reason: 'sequence gap' });
    });

    test('given the first rows deleted, then verify names sequence 1', async () => {
      await rawEvents(store).deleteMany({ sequence: { $lte: 2 } });

      expect(await trail.verify()).toMatchObject({ intact: false, brokenAt: 1, reason: 'sequence gap' });
    });

    test('given the last rows deleted, then the head says more and verify names the first missing one', async () => {
      const head = await trail.head();

      await rawEvents(store).deleteMany({ sequence: { $gt: 17 } });

      expect(await trail.verify()).toMatchObject({ intact: false, brokenAt: 18, reason: 'head mismatch', expectedHash: head.hash });
    });

    test('given the last rows and the head rolled back together, then only the hash kept elsewhere catches it', async () => {
      const before = await trail.head();
      const heads = store.collection<{ sequence: number; hash: string }>(AUDIT_HEAD_COLLECTION);
      const row17 = (await rawEvents(store).get(auditEventId(17)))!;
      const head = (await heads.get('head'))!;

      await rawEvents(store).deleteMany({ sequence: { $gt: 17 } });
      await heads.update('head', { sequence: 17, hash: String(row17.hash) }, head.version);

      const result = await trail.verify();
      expect(result).toMatchObject({ intact: true, events: 17 });
      expect(result.intact && result.lastHash).not.toBe(before.hash);
    });

    test('given a row appended behind the head, then verify reports a head mismatch at that row', async () => {
      const row20 = (await rawEvents(store).get(auditEventId(20)))!;
      const { id: _id, version: _v, ...content } = row20;

      // A well-forged row: right sequence, right prevHash, its hash computed as record() would.
      const forged = { ...content, sequence: 21, data: { i: 99, monto: 0 }, prevHash: String(row20.hash) };
      await rawEvents(store).insert({ ...forged, hash: auditEventHash(forged.prevHash, forged), id: auditEventId(21) });

      expect(await trail.verify()).toMatchObject({ intact: false, brokenAt: 21, reason: 'head mismatch' });
    });

    test('given two rows swapped (contents moved between their ids), then verify names the first of them', async () => {
      const raw = rawEvents(store);
      const a = (await raw.get(auditEventId(9)))!;
      const b = (await raw.get(auditEventId(10)))!;

      await raw.update(a.id, { ...b, id: a.id }, a.version);
      await raw.update(b.id, { ...a, id: b.id }, b.version);

      expect(await trail.verify()).toMatchObject({ intact: false, brokenAt: 9, reason: 'sequence gap' });
    });

    test('given a row whose event fields were wiped, then verify reports a missing event there', async () => {
      const raw = rawEvents(store);
      const row = (await raw.get(auditEventId(3)))!;

      await raw.update(row.id, { nota: 'borrado' }, row.version);

      expect(await trail.verify()).toMatchObject({ intact: false, brokenAt: 3, reason: 'missing event' });
    });

    test('given an added field on a row, then verify reports a hash mismatch: every stored field is covered', async () => {
      const raw = rawEvents(store);
      const row = (await raw.get(auditEventId(5)))!;

      await raw.update(row.id, { ...row, aprobadoPor: 'director' }, row.version);

      expect(await trail.verify()).toMatchObject({ intact: false, brokenAt: 5, reason: 'hash mismatch' });
    });
  });

  describe('queries', () => {
    beforeEach(async () => {
      // 30 events, 1 s apart from 09:00:00: actors alternate, three instances, a task per 5.
      await recordMany(trail, 30, (i) =>
        event({
          actor: i % 2 === 0 ? ana : beto,
          action: i % 3 === 0 ? 'instance.start' : i % 3 === 1 ? 'task.claim' : 'task.complete',
          processInstanceKey: `pi-${i % 3}`,
          userTaskKey: `ut-${Math.floor(i / 5)}`,
          data: { i },
        }),
      );
    });

    test('given no filter, then the newest come first, 50 at most by default', async () => {
      const page = await trail.query();

      expect(page.items.map((e) => e.sequence)).toEqual(Array.from({ length: 30 }, (_, i) => 30 - i));
      expect(page.nextCursor).toBeUndefined();
    });

    test('given each filter, then only matching events are answered, and count agrees', async () => {
      const cases: Array<[Parameters<AuditTrail['query']>[0], number[]]> = [
        [{ actor: 'beto' }, [2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 22, 24, 26, 28, 30]],
        [{ action: 'task.claim' }, [2, 5, 8, 11, 14, 17, 20, 23, 26, 29]],
        [{ action: ['task.claim', 'instance.start'], processInstanceKey: 'pi-0' }, [1, 4, 7, 10, 13, 16, 19, 22, 25, 28]],
        [{ userTaskKey: 'ut-2' }, [11, 12, 13, 14, 15]],
        [{ from: '2026-01-05T09:00:10.000Z', to: new Date('2026-01-05T09:00:13.000Z') }, [11, 12, 13]],
        [{ actor: 'ana', from: '2026-01-05T09:00:25Z' }, [27, 29]],
        [{ actor: 'nadie' }, []],
      ];
      for (const [filter, sequences] of cases) {
        const { items } = await trail.query(filter, { order: 'asc', limit: 1000 });
        expect({ filter, sequences: items.map((e) => e.sequence) }).toEqual({ filter, sequences });
        expect({ filter, count: await trail.count(filter) }).toEqual({ filter, count: sequences.length });
      }
    });

    test('given pages of 3 with a cursor, then every event comes exactly once, in either order', async () => {
      for (const order of ['asc', 'desc'] as const) {
        const seen: number[] = [];
        let after: string | undefined;
        let pages = 0;
        do {
          const page = await trail.query({ processInstanceKey: 'pi-1' }, { limit: 3, ...(after !== undefined ? { after } : {}), order });
          seen.push(...page.items.map((e) => e.sequence));
          after = page.nextCursor;
          pages++;
        } while (after !== undefined);
        const expected = [2, 5, 8, 11, 14, 17, 20, 23, 26, 29];
        expect(seen).toEqual(order === 'asc' ? expected : [...expected].reverse());
        expect(pages).toBe(4);
      }
    });

    test('given a cursor asked with the other order, a forged cursor or a bad limit, then the query is refused naming the field', async () => {
      const { nextCursor } = await trail.query({}, { limit: 5, order: 'asc' });
      const refusals: Array<[() => Promise<unknown>, string]> = [
        [() => trail.query({}, { ...(nextCursor !== undefined ? { after: nextCursor } : {}), order: 'desc' }), 'after'],
        [() => trail.query({}, { after: 'no-es-un-cursor' }), 'after'],
        [() => trail.query({}, { limit: 0 }), 'limit'],
        [() => trail.query({}, { limit: 1001 }), 'limit'],
        [() => trail.query({ from: 'ayer' }), 'from'],
        [() => trail.query({ action: [] }), 'action'],
        [() => trail.count({ actor: '' }), 'actor'],
      ];
      for (const [ask, field] of refusals) {
        const error = await ask().catch((e: unknown) => e);
        expect(error).toBeInstanceOf(InvalidAuditQueryError);
        expect((error as InvalidAuditQueryError).field).toBe(field);
      }
    });

    test('given the filters the API offers, then each is answered from an index, in sequence order, without a sort step', async () => {
      const hooks = sqliteTestHooks(store);
      const filters: Array<[Filter, string]> = [
        [{ actorId: 'ana' }, 'actorId'],
        [{ action: 'task.claim' }, 'action'],
        [{ processInstanceKey: 'pi-1' }, 'processInstanceKey'],
        [{ userTaskKey: 'ut-1' }, 'userTaskKey'],
      ];
      for (const order of ['asc', 'desc'] as const) {
        const options: FindOptions = { sort: [{ field: 'id', order }], limit: 51 };
        for (const [filter, field] of filters) {
          const plan = (await hooks.explain(AUDIT_EVENTS_COLLECTION, filter, options)).join(' | ');
          expect({ field, plan }).toEqual({ field, plan: expect.stringContaining(`USING INDEX ix_audit_events_${field}_id`) });
          expect(plan).not.toContain('TEMP B-TREE');
        }
      }
      // A date range becomes a sequence range: the lookup of its ends reads the `at` index in order,
      // and the query itself is an id range inside the filter's index.
      const lookup = await hooks.explain(AUDIT_EVENTS_COLLECTION, { at: { $gte: '2026-01-05T09:00:10.000Z' } }, { sort: [{ field: 'at' }, { field: 'id' }], limit: 1 });
      expect(lookup.join(' | ')).toContain('USING INDEX ix_audit_events_at_id');
      expect(lookup.join(' | ')).not.toContain('TEMP B-TREE');
      const ranged = await hooks.explain(
        AUDIT_EVENTS_COLLECTION,
        { actorId: 'ana', id: { $gte: auditEventId(11), $lte: auditEventId(13) } },
        { sort: [{ field: 'id', order: 'desc' }], limit: 51 },
      );
      expect(ranged.join(' | ')).toContain('USING INDEX ix_audit_events_actorId_id');
      expect(ranged.join(' | ')).not.toContain('TEMP B-TREE');
    });

    test('given the clock steps back, then the event keeps the previous time and date ranges stay exact', async () => {
      const times = [Date.parse('2026-01-05T10:00:00Z'), Date.parse('2026-01-05T09:59:00Z'), Date.parse('2026-01-05T10:00:30Z')];
      const stepped = createAuditTrail({ store, now: () => times.shift()! });

      const recorded = [await stepped.record(event()), await stepped.record(event()), await stepped.record(event())];

      expect(recorded.map((e) => e.at)).toEqual(['2026-01-05T10:00:00.000Z', '2026-01-05T10:00:00.000Z', '2026-01-05T10:00:30.000Z']);
      expect((await trail.query({ from: '2026-01-05T10:00:00Z' }, { order: 'asc' })).items.map((e) => e.sequence)).toEqual([31, 32, 33]);
      expect(await trail.count({ from: '2026-01-05T09:00:29Z', to: '2026-01-05T10:00:30Z' })).toBe(3);
      expect(await trail.count({ from: '2026-01-06T00:00:00Z' })).toBe(0);
      expect(await trail.count({ to: '2026-01-05T09:00:00Z' })).toBe(0);
      expect((await trail.verify()).intact).toBe(true);
    });
  });

  describe('CSV export', () => {
    test('given awkward text, then fields are RFC 4180 quoted, headers Spanish, with a BOM and CRLF', async () => {
      await trail.record({
        actor: { id: 'lperez', name: 'Pérez, Luis "el Güero"' },
        action: 'task.reassign',
        processInstanceKey: '2251799813685249',
        userTaskKey: '2251799813685300',
        subject: 'línea 1\nlínea 2',
        data: { motivo: 'vacaciones, "urgente"\r\nver oficio' },
        ip: '10.1.2.3',
      });
      await trail.record({ actor: 'system', action: 'timer.fire' });

      const text = await drain(trail.exportCsv());

      expect(text.startsWith('\uFEFFsecuencia,fecha,actor,acción,instancia,tarea,asunto,datos,ip,hash\r\n')).toBe(true);
      const rows = parseCsv(text.slice(1));
      expect(rows).toHaveLength(3);
      const [first, second] = [rows[1]!, rows[2]!];
      expect(first.slice(0, 9)).toEqual([
        '1',
        '2026-01-05T09:00:00.000Z',
        'Pérez, Luis "el Güero" (lperez)',
        'task.reassign',
        '2251799813685249',
        '2251799813685300',
        'línea 1\nlínea 2',
        '{"motivo":"vacaciones, \\"urgente\\"\\r\\nver oficio"}',
        '10.1.2.3',
      ]);
      expect(first[9]).toMatch(/^[0-9a-f]{64}$/);
      expect(second.slice(0, 8)).toEqual(['2', '2026-01-05T09:00:01.000Z', 'sistema', 'timer.fire', '', '', '', '']);
      expect(text).toContain('"Pérez, Luis ""el Güero"" (lperez)"');
      expect(Buffer.from(text, 'utf8').subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    });

    test('given text a spreadsheet would run as a formula, then it is exported as plain text', async () => {
      await trail.record({ actor: { id: 'x', name: '=HYPERLINK("http://evil")' }, action: 'cas.complaint', subject: '+52 449 000', data: -5 });

      const rows = parseCsv((await drain(trail.exportCsv())).slice(1));

      expect(rows[1]![2]).toBe(`'=HYPERLINK("http://evil") (x)`);
      expect(rows[1]![6]).toBe(`'+52 449 000`);
      expect(rows[1]![7]).toBe(`'-5`);
    });

    test('given filters and English, then only matching rows follow English headers', async () => {
      await recordMany(trail, 10, (i) => event({ actor: i < 4 ? beto : ana, data: { i } }));

      const rows = parseCsv((await drain(trail.exportCsv({ actor: 'beto' }, { locale: 'en', order: 'desc' }))).slice(1));

      expect(rows[0]).toEqual(['sequence', 'date', 'actor', 'action', 'instance', 'task', 'subject', 'data', 'ip', 'hash']);
      expect(rows.slice(1).map((r) => r[0])).toEqual(['4', '3', '2', '1']);
      expect(rows[1]![2]).toBe('Beto Luna (beto)');
    });

    test('given an empty trail, then the export is the header alone', async () => {
      expect(await drain(trail.exportCsv())).toBe('\uFEFFsecuencia,fecha,actor,acción,instancia,tarea,asunto,datos,ip,hash\r\n');
    });

    test('given more events than a page, then the export reads them page by page and yields one line each', async () => {
      await recordMany(trail, 95, (i) => event({ data: { i } }));
      const limits: Array<number | undefined> = [];
      const spied = spyOnFinds(store, limits);

      const lines: string[] = [];
      for await (const line of createAuditTrail({ store: spied }).exportCsv({}, { pageSize: 10 })) lines.push(line);

      expect(lines).toHaveLength(96);
      expect(lines.every((line) => line.endsWith('\r\n'))).toBe(true);
      expect(lines.slice(1).map((l) => Number(l.split(',')[0]))).toEqual(Array.from({ length: 95 }, (_, i) => i + 1));
      expect(limits.length).toBe(10);
      expect(limits.every((limit) => limit === 10)).toBe(true);
    });

    test('given appends during an export, then it stops at the events present when it began', async () => {
      await recordMany(trail, 30);

      const lines: string[] = [];
      for await (const line of trail.exportCsv({}, { pageSize: 5 })) {
        lines.push(line);
        if (lines.length === 3) await recordMany(trail, 10);
      }

      expect(lines).toHaveLength(31);
    });
  });

  // Only a file outlives its store.
  if (_kind === 'file')
    test('given a store closed and opened again, then the chain continues from its head', async () => {
      await recordMany(trail, 5);
      await store.close();

      store = createSqliteStore({ path });
      trail = createAuditTrail({ store, now: steppingClock(T0 + 60_000) });
      const sixth = await trail.record(event());

      expect(sixth.sequence).toBe(6);
      expect(await trail.verify()).toMatchObject({ intact: true, events: 6 });
    });
});

/** The store, with every find on the audit events reporting its limit. */
function spyOnFinds(store: Store, limits: Array<number | undefined>): Store {
  return {
    description: store.description,
    transaction: (work) => store.transaction(work),
    close: () => store.close(),
    collection<T extends object>(name: string, spec?: Parameters<Store['collection']>[1]): Collection<T> {
      const inner = store.collection<T>(name, spec);
      if (name !== AUDIT_EVENTS_COLLECTION) return inner;
      return Object.assign(Object.create(inner) as Collection<T>, {
        find: (filter?: Filter, options?: FindOptions) => {
          limits.push(options?.limit);
          return inner.find(filter, options);
        },
      });
    },
  };
}

/** The store, with updates of the audit head failing as a concurrent writer's win would, while `conflict()` says so. */
function withHeadConflicts(store: Store, conflict: () => boolean): Store {
  const wrap = (tx: Transaction): Transaction => ({
    collection<T extends object>(name: string): Collection<T> {
      const inner = tx.collection<T>(name);
      if (name !== AUDIT_HEAD_COLLECTION) return inner;
      return Object.assign(Object.create(inner) as Collection<T>, {
        update: (id: string, doc: T, version: number) => (conflict() ? Promise.reject(new ConflictError(name, id, 'version mismatch')) : inner.update(id, doc, version)),
        insert: (doc: T & { id: string }) => (conflict() ? Promise.reject(new ConflictError(name, doc.id, 'a document with this id already exists')) : inner.insert(doc)),
      });
    },
  });
  return {
    description: store.description,
    transaction: (work) => store.transaction((tx) => work(wrap(tx))),
    close: () => store.close(),
    collection: (name, spec) => store.collection(name, spec),
  };
}
