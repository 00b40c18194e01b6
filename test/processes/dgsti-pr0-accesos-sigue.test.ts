// DGSTI-P01-PR07 Creación de Accesos a Usuarios and PR08 Gestión e Implementación Digital (SIGUE).
import { createProcessHarness, taskAt, completeTask, settled, path, variablesOf, type ProcessHarness } from './harness.js';
import { solicitante, adjunto, start, mailsTo } from './dgsti-pr0-helpers.js';

let h: ProcessHarness;
beforeEach(async () => {
  h = await createProcessHarness();
});
afterEach(async () => {
  await h.close();
});

const cuenta = { tipo: 'alta', usuario: 'jgarcia', nombreCompleto: 'José García Luna', plataformas: ['Correo institucional', 'Directorio activo'] };
const solicitudAccesos = { ...solicitante, ...cuenta, formatoAltaBajaCambio: adjunto('formato-alta-jgarcia.pdf') };

async function accesos(variables: Record<string, unknown>, validacion: Record<string, unknown> = {}) {
  const key = await start(h, 'dgsti-p01-pr07-accesos', variables);
  const tarea = await taskAt(h, key, 'validar-formato');
  expect(tarea.candidateGroups).toEqual(['sistemas-operativos']);
  await completeTask(h, key, 'validar-formato', { formatoValido: true, ...validacion });
  await settled(h, key);
  return key;
}

describe('PR07 Creación de Accesos a Usuarios', () => {
  it('alta, cambio and baja: validated, applied, the requester told (3.c) and the ticket closed (3.d)', async () => {
    const alta = await accesos(solicitudAccesos);
    const altaVars = await variablesOf(h, alta);
    expect(altaVars.cuenta).toEqual({ usuario: 'jgarcia', estado: 'activa', cambioContrasenaPendiente: true });
    // The requester's address is still theirs after the notification went out.
    expect(altaVars.correo).toBe(solicitante.correo);
    expect(altaVars.notificacion).toEqual(expect.objectContaining({ para: [solicitante.correo] }));
    expect(await path(h, alta)).toEqual(expect.arrayContaining(['aplicar-cambios', 'notificar-solicitante', 'cerrar-ticket', 'servicio-realizado']));

    const cambio = await accesos({ ...solicitudAccesos, tipo: 'cambio', plataformas: ['Correo institucional', 'VPN'] });
    expect((await variablesOf(h, cambio)).cuenta).toEqual(expect.objectContaining({ usuario: 'jgarcia', estado: 'activa' }));

    const baja = await accesos({ ...solicitudAccesos, tipo: 'baja', formatoAltaBajaCambio: adjunto('formato-baja-jgarcia.pdf') });
    const vars = await variablesOf(h, baja);
    expect(vars.cuenta).toEqual(expect.objectContaining({ usuario: 'jgarcia', estado: 'deshabilitada' }));
    expect(vars.ticketCerrado).toEqual(expect.objectContaining({ numero: (vars.ticket as { numero: string }).numero }));
    expect(mailsTo(h, solicitante.correo).filter((m) => /fue atendido/.test(m))).toHaveLength(3);
  });

  it('an incomplete format goes back to the Área Administrativa and is validated again (3.a)', async () => {
    const key = await start(h, 'dgsti-p01-pr07-accesos', solicitudAccesos);
    await completeTask(h, key, 'validar-formato', { formatoValido: false, observacionesFormato: 'Falta la firma del titular.' });
    const correccion = await taskAt(h, key, 'corregir-formato');
    expect(correccion.candidateGroups).toEqual(['area-administrativa']);
    await completeTask(h, key, 'corregir-formato', { formatoAltaBajaCambio: adjunto('formato-firmado.pdf') });
    await completeTask(h, key, 'validar-formato', { formatoValido: true });
    await settled(h, key);
    expect((await path(h, key)).filter((s) => s === 'validar-formato')).toHaveLength(2);
  });

  it('administrator rights are refused (PERMISOS_ADMINISTRADOR): Spanish e-mail with the reason, ticket closed, no account', async () => {
    const key = await accesos({ ...solicitudAccesos, usuario: 'root2', permisos: ['administrador del dominio'] });
    expect(await path(h, key)).toEqual(expect.arrayContaining(['permisos-administrador', 'motivo-administrador', 'notificar-negativa', 'cerrar-ticket-rechazo', 'solicitud-rechazada']));
    const vars = await variablesOf(h, key);
    expect(vars.cuenta).toBeUndefined();
    expect(mailsTo(h, solicitante.correo).join('\n')).toMatch(/rechazada[\s\S]*administrador/);
    // The notice names the request by its folio, never "(no especificado)".
    expect(vars.folio).toMatch(/^SOP-\d{4}-\d{6}$/);
    expect(mailsTo(h, solicitante.correo).join('\n')).toContain(`Su solicitud ${String(vars.folio)} fue rechazada`);
  });

  it('baja of an account that does not exist is refused (CUENTA_NO_ENCONTRADA)', async () => {
    const key = await accesos({ ...solicitudAccesos, tipo: 'baja', usuario: 'noexiste' });
    expect(await path(h, key)).toEqual(expect.arrayContaining(['cuenta-no-encontrada', 'motivo-cuenta', 'solicitud-rechazada']));
  });
});

describe('PR08 Gestión e Implementación Digital (SIGUE)', () => {
  const sigue = {
    nombre: 'Elena Ruiz Pérez',
    extension: '5120',
    adscripcion: 'Dirección de Archivo, Oficialía Mayor',
    aplicacion: 'Control de Gestión',
    permisos: ['impresion', 'visualizacion', 'visualizacion-notas'],
    tipoUsuario: 'consulta',
    correo: 'elena.ruiz@aguascalientes.gob.mx',
  };

  it('administrator or unique rights are rejected at the start with that reason (3.e), before anyone can approve', async () => {
    for (const permisos of [['visualizacion', 'administrador'], ['derechos-unicos']]) {
      h.mails.length = 0;
      const key = await start(h, 'dgsti-p01-pr08-sigue', { ...sigue, permisos });
      await settled(h, key);
      const steps = await path(h, key);
      expect(steps.slice(0, 3)).toEqual(['solicitud-sigue', 'derechos-privilegiados', 'motivo-derechos']);
      expect(steps).not.toContain('autorizacion-dueno');
      expect(steps).not.toContain('canalizar-solicitud');
      expect(steps).not.toContain('crear-usuario');
      expect((await variablesOf(h, key)).motivoRechazo).toMatch(/derechos únicos o de administrador/);
      expect(mailsTo(h, sigue.correo).join('\n')).toMatch(/Por ningún motivo se aceptan solicitudes de asignación de derechos únicos o de administrador/);
    }
  });

  it('the owner authorizes (3.a), Gestión Digital corroborates (3.c), the user is created and told about the password policy (3.d)', async () => {
    const key = await start(h, 'dgsti-p01-pr08-sigue', sigue);
    const autorizacion = await taskAt(h, key, 'autorizacion-dueno');
    expect(autorizacion.candidateGroups).toEqual(['propietario-informacion']);
    await completeTask(h, key, 'autorizacion-dueno', { autorizaDueno: true, nombreDueno: 'Mtro. Jorge Medina', correoAutorizacion: adjunto('autorizacion.eml') });
    const corroborar = await taskAt(h, key, 'corroborar-datos');
    expect(corroborar.candidateGroups).toEqual(['gestion-digital']);
    await completeTask(h, key, 'corroborar-datos', { datosCorroborados: true });
    await settled(h, key);
    const vars = await variablesOf(h, key);
    expect(vars.usuarioSigue).toEqual(expect.objectContaining({ permisos: sigue.permisos }));
    expect(vars.ticketCerrado).toBeDefined();
    expect(await path(h, key)).toEqual(expect.arrayContaining(['registrar-ticket', 'canalizar-solicitud', 'crear-usuario', 'notificar-solicitante', 'cerrar-ticket', 'usuario-creado']));
    expect(mailsTo(h, sigue.correo).join('\n')).toMatch(/al menos 8 caracteres/);
  });

  it('privileged rights that slip in later are still refused by the worker (DERECHOS_ADMINISTRADOR), whatever the owner approved', async () => {
    const key = await start(h, 'dgsti-p01-pr08-sigue', sigue);
    await completeTask(h, key, 'autorizacion-dueno', { autorizaDueno: true, nombreDueno: 'Mtro. Jorge Medina' });
    await completeTask(h, key, 'corroborar-datos', { datosCorroborados: true, permisos: ['visualizacion', 'superusuario'] });
    await settled(h, key);
    expect(await path(h, key)).toEqual(expect.arrayContaining(['derechos-administrador', 'motivo-derechos-sigue', 'notificar-negativa', 'cerrar-ticket-rechazo', 'solicitud-rechazada']));
    expect((await variablesOf(h, key)).usuarioSigue).toBeUndefined();
  });

  it("the owner refuses: rejected with the owner's reason", async () => {
    const key = await start(h, 'dgsti-p01-pr08-sigue', sigue);
    await completeTask(h, key, 'autorizacion-dueno', { autorizaDueno: false, nombreDueno: 'Mtro. Jorge Medina', motivoRechazo: 'La persona no pertenece a la dirección.' });
    await settled(h, key);
    expect(await path(h, key)).not.toContain('corroborar-datos');
    expect(mailsTo(h, sigue.correo).join('\n')).toMatch(/no pertenece a la direcci/);
  });
});
