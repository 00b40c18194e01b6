// PR07 accounts, PR08 SIGUE users, PR02 database registry, DGPT plan publication.
import { afterEach, describe, expect, it } from '@jest/globals';
import applyAccountChange from '../../workers/accounts.apply/index.js';
import createSigueUser from '../../workers/sigue.create-user/index.js';
import provisionDatabase from '../../workers/database.provision/index.js';
import publishWorkPlan from '../../workers/project.publish-plan/index.js';
import { DIRECTORY_COLLECTION } from '../../workers/adapters/directory.js';
import { DATABASE_COLLECTION } from '../../workers/adapters/databases.js';
import { generateInitialPassword, passwordPolicyViolations } from '../../workers/shared/passwords.js';
import { administratorPermissions, privilegedPermissions } from '../../workers/shared/rights.js';
import { completed, createEngineFixture, createFixture, outcomeOf, runOnce, serviceTaskProcess, type EngineFixture, type Fixture } from './helpers.js';
import { waitFor } from '../support/wait-for.js';

const alta = {
  movimiento: 'alta',
  usuario: 'aruiz',
  nombre: 'Ana Ruiz',
  dependencia: 'Oficialía Mayor',
  plataformas: ['Correo', 'VPN'],
  permisos: ['lectura'],
  correo: 'ana.ruiz@aguascalientes.gob.mx',
};

describe('the password policy (PR08 3.d)', () => {
  it('given 1000 generated passwords, then every one has ≥ 8 characters, letters, a digit and a special character', () => {
    for (let i = 0; i < 1000; i++) expect(passwordPolicyViolations(generateInitialPassword())).toEqual([]);
  });

  it('given passwords that break it, then each broken rule is named', () => {
    expect(passwordPolicyViolations('abc1!')).toEqual(['al menos 8 caracteres']);
    expect(passwordPolicyViolations('abcdefgh!')).toEqual(['al menos un carácter numérico']);
    expect(passwordPolicyViolations('abcdefgh1')).toEqual(['al menos un carácter especial']);
    expect(passwordPolicyViolations('12345678!')).toEqual(['letras']);
    expect(passwordPolicyViolations('Año2026#ok')).toEqual([]);
  });
});

describe('administrator rights (PR08 3.e)', () => {
  it('recognises admin, administrador, root, sa, dba, and leaves ordinary permissions alone', () => {
    expect(administratorPermissions(['Administrador del dominio', 'ROOT', 'usuario sa', 'DBA', 'admin', 'lectura', 'visualización de notas', 'salida', 'impresión'])).toEqual([
      'Administrador del dominio',
      'ROOT',
      'usuario sa',
      'DBA',
      'admin',
    ]);
    expect(privilegedPermissions(['derechos únicos', 'Control total', 'modificación de registro'])).toEqual(['derechos únicos', 'Control total']);
  });
});

describe('accounts.apply', () => {
  let f: Fixture;
  afterEach(() => f.close());

  it('given an alta, then the account is active, must change its password, and only a scrypt hash is stored', async () => {
    f = createFixture();
    const out = await completed(f, applyAccountChange, alta);
    expect(out).toEqual({ cuenta: { usuario: 'aruiz', estado: 'activa', cambioContrasenaPendiente: true } });
    const stored = (await f.store.collection<Record<string, unknown>>(DIRECTORY_COLLECTION).get('aruiz'))!;
    expect(stored.contrasena).toMatchObject({ algoritmo: 'scrypt' });
    expect(Object.keys(stored.contrasena as object).sort()).toEqual(['algoritmo', 'hash', 'sal']);
    expect(JSON.stringify(out)).not.toMatch(/contrasena"/);
  });

  it('given the same alta twice (a retry), then the account is not recreated and keeps its password', async () => {
    f = createFixture();
    await completed(f, applyAccountChange, alta);
    const before = (await f.store.collection<Record<string, unknown>>(DIRECTORY_COLLECTION).get('aruiz'))!;
    const again = await completed(f, applyAccountChange, alta);
    expect(again.cuenta).toEqual({ usuario: 'aruiz', estado: 'activa', cambioContrasenaPendiente: true });
    expect((await f.store.collection<Record<string, unknown>>(DIRECTORY_COLLECTION).get('aruiz'))!.contrasena).toEqual(before.contrasena);
  });

  it('given an administrator permission, then BPMN error PERMISOS_ADMINISTRADOR and no account', async () => {
    f = createFixture();
    const answer = await runOnce(f, applyAccountChange, { ...alta, permisos: ['lectura', 'Administrador local'] });
    expect(answer).toMatchObject({ action: 'error', errorCode: 'PERMISOS_ADMINISTRADOR' });
    expect(await f.services.adapters.directory.get('aruiz')).toBeUndefined();
  });

  it('given a baja, then the account is disabled; baja or cambio of an unknown account is CUENTA_NO_ENCONTRADA', async () => {
    f = createFixture();
    await completed(f, applyAccountChange, alta);
    expect((await completed(f, applyAccountChange, { ...alta, movimiento: 'baja' })).cuenta).toMatchObject({ estado: 'deshabilitada' });
    expect(await runOnce(f, applyAccountChange, { ...alta, movimiento: 'baja', usuario: 'nadie' })).toMatchObject({ action: 'error', errorCode: 'CUENTA_NO_ENCONTRADA' });
    expect(await runOnce(f, applyAccountChange, { ...alta, movimiento: 'cambio', usuario: 'nadie' })).toMatchObject({ action: 'error', errorCode: 'CUENTA_NO_ENCONTRADA' });
  });

  it('given a cambio, then the platforms change; the user then sets a password that meets the policy', async () => {
    f = createFixture();
    await completed(f, applyAccountChange, alta);
    await completed(f, applyAccountChange, { ...alta, movimiento: 'cambio', plataformas: ['Correo'] });
    const directory = f.services.adapters.directory;
    expect((await directory.get('aruiz'))!.plataformas).toEqual(['Correo']);
    await expect(directory.setPassword('aruiz', 'corta1!', new Date())).rejects.toThrow(/8 caracteres/);
    await directory.setPassword('aruiz', 'Aguascalientes#2026', new Date());
    expect(await directory.verifyPassword('aruiz', 'Aguascalientes#2026')).toBe(true);
    expect((await directory.get('aruiz'))!.cambioContrasenaPendiente).toBe(false);
  });
});

describe('sigue.create-user', () => {
  let f: Fixture;
  afterEach(() => f.close());
  const solicitud = {
    nombre: 'María José Pérez López',
    extension: '5120',
    adscripcion: 'Dirección de Catastro',
    aplicacion: 'Expediente Digital',
    permisos: ['visualización', 'impresión'],
    tipoUsuario: 'consulta',
  };

  it('given a request, then the user is created with the permissions asked for; a second person with the same name gets another user name', async () => {
    f = createFixture();
    const out = await completed(f, createSigueUser, solicitud, { now: '2026-03-02T16:00:00Z' });
    expect(out.usuarioSigue).toEqual({ usuario: 'mperez', permisos: ['visualización', 'impresión'], creadoEn: '2026-03-02T16:00:00.000Z' });
    expect(((await completed(f, createSigueUser, solicitud)).usuarioSigue as { usuario: string }).usuario).toBe('mperez2');
  });

  it('given the same job twice, then one user', async () => {
    f = createFixture();
    const a = await completed(f, createSigueUser, solicitud, { jobKey: 's1' });
    const b = await completed(f, createSigueUser, solicitud, { jobKey: 's1' });
    expect(b).toEqual(a);
  });

  it('given unique or administrator rights, then DERECHOS_ADMINISTRADOR', async () => {
    f = createFixture();
    expect(await runOnce(f, createSigueUser, { ...solicitud, permisos: ['visualización', 'derechos únicos'] })).toMatchObject({ action: 'error', errorCode: 'DERECHOS_ADMINISTRADOR' });
    expect(await runOnce(f, createSigueUser, { ...solicitud, permisos: ['administrador'] })).toMatchObject({ action: 'error', errorCode: 'DERECHOS_ADMINISTRADOR' });
  });
});

describe('database.provision', () => {
  let f: Fixture;
  afterEach(() => f.close());

  it('given a creation and then a permissions request, then the "Control de BD y usuarios" lists the users and their permissions', async () => {
    f = createFixture();
    const base = { motor: 'INFORMIX', nombreBd: 'nomina', sistema: 'SIIF' };
    const created = await completed(f, provisionDatabase, {
      ...base,
      tipo: 'creacion',
      personas: [{ nombre: 'Luis López', usuario: 'llopez', permisos: ['select', 'insert'], autorizado: true }],
    });
    expect(created.registroBd).toEqual({ id: 'informix:nomina', nombreBd: 'nomina', motor: 'INFORMIX', usuarios: ['llopez'] });
    const granted = await completed(f, provisionDatabase, { ...base, tipo: 'permisos', personas: [{ nombre: 'Rosa Díaz', usuario: 'rdiaz', permisos: ['select'], autorizado: true }] });
    expect((granted.registroBd as { usuarios: string[] }).usuarios).toEqual(['llopez', 'rdiaz']);
    const entry = (await f.store.collection<{ movimientos: unknown[] }>(DATABASE_COLLECTION).get('informix:nomina'))!;
    expect(entry.movimientos).toHaveLength(2);
  });

  it('given permissions for someone not authorised, then USUARIO_NO_AUTORIZADO', async () => {
    f = createFixture();
    const answer = await runOnce(f, provisionDatabase, {
      tipo: 'permisos',
      motor: 'SQL Server',
      nombreBd: 'padron',
      sistema: 'Padrón',
      personas: [{ nombre: 'Externo', usuario: 'ext1', permisos: ['select'], autorizado: false }],
    });
    expect(answer).toMatchObject({ action: 'error', errorCode: 'USUARIO_NO_AUTORIZADO' });
  });
});

describe('project.publish-plan', () => {
  let f: Fixture;
  afterEach(() => f.close());

  it('given a plan published, then weekly updates publish versions 2 and 3; a retried job does not add one', async () => {
    f = createFixture();
    const proyecto = { nombre: 'Sistema de Nómina', folio: 'DGPT-2026-014' };
    const plan = { actividades: [{ nombre: 'Análisis', inicio: '2026-03-02', fin: '2026-03-13', responsable: 'Gestor' }] };
    expect((await completed(f, publishWorkPlan, { proyecto, plan }, { jobKey: 'p1' })).planPublicado).toMatchObject({ version: 1 });
    expect((await completed(f, publishWorkPlan, { proyecto, plan }, { jobKey: 'p1' })).planPublicado).toMatchObject({ version: 1 });
    expect((await completed(f, publishWorkPlan, { proyecto, plan: { id: 'adj-9', nombre: 'plan.mpp' } }, { jobKey: 'p2' })).planPublicado).toMatchObject({ version: 2 });
    expect((await completed(f, publishWorkPlan, { proyecto, plan }, { jobKey: 'p3' })).planPublicado).toMatchObject({ version: 3 });
    expect((await f.services.adapters.projects.versions(proyecto)).map((v) => v.numeroVersion)).toEqual([1, 2, 3]);
  });
});

describe('accounts on the embedded engine', () => {
  let e: EngineFixture;
  afterEach(() => e.close());

  it('given administrator rights asked for, then the boundary for PERMISOS_ADMINISTRADOR catches it', async () => {
    e = await createEngineFixture('2026-03-02T16:00:00Z', [applyAccountChange]);
    await e.engine.createDeployment({ resources: [{ name: 'a.bpmn', content: serviceTaskProcess('cuentas', 'accounts.apply', { errorCode: 'PERMISOS_ADMINISTRADOR' }) }] });
    const { processInstanceKey } = await e.engine.createProcessInstance({ processDefinitionId: 'cuentas', variables: { ...alta, permisos: ['root'] } });
    await waitFor(async () => (await e.engine.getProcessInstance({ processInstanceKey })).state === 'COMPLETED', 5000, 'completion');
    expect((await outcomeOf(e.engine, processInstanceKey)).path).toContain('failedEnd');
  });
});
