// DGSTI-P01-PR07 Creación de Accesos a Usuarios (manual 7.3.1, procedimiento 7): a request to add,
// remove or change a user of the infrastructure and servers comes with the alta/baja/cambio form
// filled by the Área Administrativa (3.a); Sistemas Operativos validates it, applies the change
// (3.b), tells the requester (3.c) and closes the ticket (3.d).
import type { ProcessDefinition } from '../builder/index.js';
import { DGSTI_LANES, DISPATCHED, REQUESTER, closeTicket, due, email, ownTicket, refusal, txt } from '../fragments.js';

const ticket = ownTicket({
  categoria: 'sistemas-operativos',
  descripcion: `="Accesos: " + ${txt('tipo')} + " de " + ${txt('usuario')}`,
  next: 'validacion',
});

const negativa = refusal({
  lane: 'sistemas-operativos',
  datos: `={asunto: "Solicitud de accesos rechazada — ticket " + ticket.numero, folio: folio, ticket: ticket.numero, solicitante: {nombre: nombre}, nombre: nombre, usuario: usuario, motivo: motivoRechazo, mensaje: "Su solicitud de " + ${txt('tipo')} + " del usuario " + ${txt('usuario')} + " no procede. " + motivoRechazo}`,
  resolucion: '="Rechazada: " + motivoRechazo',
});

const definition: ProcessDefinition = {
  id: 'dgsti-p01-pr07-accesos',
  name: 'Creación de Accesos a Usuarios',
  folioSerie: 'SOP',
  versionTag: 'DGSTI-P01-PR07',
  documentation:
    'Procedimiento DGSTI-P01-PR07 Creación de Accesos a Usuarios (OFMA-MPP 7.3.1, A8, 2 días). Políticas: 3.a solicitud por la ext. 5001 o soporte@aguascalientes.gob.mx acompañada del formato de alta, baja o cambio ' +
    'requisitado por el Área Administrativa; 3.b realizar los cambios; 3.c notificar al solicitante; 3.d cerrar la solicitud en OTRS. Registro: Control de atención a usuarios. ' +
    'No se otorgan permisos de administrador por esta vía (PERMISOS_ADMINISTRADOR).',
  lanes: [
    { id: 'area-administrativa', name: 'Área Administrativa de la Dependencia' },
    DGSTI_LANES.mesaAyuda,
    { id: 'sistemas-operativos', name: 'Director de Sistemas Operativos / Seguridad de TI / Herramientas de Colaboración' },
  ],
  errors: {
    PERMISOS_ADMINISTRADOR: 'Permisos de administrador solicitados',
    CUENTA_NO_ENCONTRADA: 'Cuenta no encontrada',
  },
  elements: [
    { kind: 'start', id: 'solicitud-accesos', name: 'Solicitud de alta, baja o cambio de usuario', lane: 'area-administrativa', form: 'dgsti-p01-pr07-solicitud' },
    ...ticket.elements,
    { kind: 'exclusive', id: 'validacion', name: 'Validación', lane: 'sistemas-operativos' },
    {
      kind: 'userTask',
      id: 'validar-formato',
      name: 'Validar formato',
      lane: 'sistemas-operativos',
      candidateGroups: 'sistemas-operativos',
      assignee: DISPATCHED,
      form: 'dgsti-p01-pr07-validar-formato',
      dueDate: due('P2D'),
      documentation:
        '3.a: el formato de alta, baja o cambio viene requisitado por el Área Administrativa; se confirman movimiento, usuario, nombre y plataformas. ' +
        'Asignada a quien despachó la Mesa de Ayuda (tecnicoAsignado), también al volver corregido el formato; al grupo si no eligió a nadie.',
    },
    { kind: 'exclusive', id: 'formato-valido', name: '¿Formato válido?', lane: 'sistemas-operativos' },
    {
      kind: 'userTask',
      id: 'corregir-formato',
      name: 'Corregir formato de alta, baja o cambio',
      lane: 'area-administrativa',
      candidateGroups: 'area-administrativa',
      assignee: REQUESTER,
      form: 'dgsti-p01-pr07-corregir-formato',
      dueDate: due('P2D'),
      documentation:
        '3.a: el formato vuelve a quien hizo la solicitud, que lo corrige con su Área Administrativa y lo adjunta de nuevo; al grupo area-administrativa si la solicitud no la hizo un usuario.',
    },
    {
      kind: 'serviceTask',
      id: 'aplicar-cambios',
      name: 'Realizar los cambios solicitados',
      lane: 'sistemas-operativos',
      type: 'accounts.apply',
      documentation: '3.b: crea, deshabilita o cambia la cuenta; la contraseña inicial cumple la política y nunca es variable del proceso.',
      inputs: [
        ['=tipo', 'movimiento'],
        ['=usuario', 'usuario'],
        ['=nombreCompleto', 'nombre'],
        ['=dependencia', 'dependencia'],
        ['=plataformas', 'plataformas'],
        ['=if correoUsuario != null then correoUsuario else correo', 'correo'],
      ],
    },
    { kind: 'boundary', id: 'permisos-administrador', name: 'Permisos de administrador', attachedTo: 'aplicar-cambios', error: 'PERMISOS_ADMINISTRADOR' },
    { kind: 'boundary', id: 'cuenta-no-encontrada', name: 'Cuenta no encontrada', attachedTo: 'aplicar-cambios', error: 'CUENTA_NO_ENCONTRADA' },
    {
      kind: 'scriptTask',
      id: 'motivo-administrador',
      name: 'Motivo: permisos de administrador',
      lane: 'sistemas-operativos',
      script: { expression: '="No se otorgan derechos únicos o de administrador a ningún usuario por solicitud (política de TI; DGSTI-P01-PR08 3.e)."', resultVariable: 'motivoRechazo' },
    },
    {
      kind: 'scriptTask',
      id: 'motivo-cuenta',
      name: 'Motivo: cuenta no encontrada',
      lane: 'sistemas-operativos',
      script: { expression: `="La cuenta " + ${txt('usuario')} + " no existe en las plataformas indicadas; no es posible darla de baja o cambiarla."`, resultVariable: 'motivoRechazo' },
    },
    { kind: 'exclusive', id: 'rechazo', name: 'Rechazo', lane: 'sistemas-operativos' },
    ...negativa.elements,
    email({
      id: 'notificar-solicitante',
      name: 'Notificar al solicitante',
      lane: 'sistemas-operativos',
      plantilla: 'servicio-atendido',
      documentation: '3.c: notificar al solicitante que su requerimiento ha sido atendido.',
      datos: `={asunto: "Accesos atendidos — ticket " + ticket.numero, ticket: ticket, solicitante: {nombre: nombre}, resolucion: "Se realizó el movimiento de " + (if tipo = null then "" else string(tipo)) + " de la cuenta " + cuenta.usuario + "; estado: " + cuenta.estado + ".", nombre: nombre, usuario: cuenta.usuario, estado: cuenta.estado, mensaje: "Su solicitud de " + ${txt('tipo')} + " del usuario " + cuenta.usuario + " ha sido atendida; la cuenta quedó " + cuenta.estado + (if cuenta.cambioContrasenaPendiente then ". La contraseña inicial se entrega por separado y debe cambiarse en el primer uso." else ".")}`,
    }),
    closeTicket({
      lane: 'mesa-ayuda',
      name: 'Cerrar solicitud',
      documentation: '3.d: cerrar la solicitud en el sistema OTRS.',
      resolucion: `="Servicio realizado: " + ${txt('tipo')} + " de " + cuenta.usuario`,
    }),
    { kind: 'end', id: 'servicio-realizado', name: 'Servicio realizado', lane: 'mesa-ayuda' },
  ],
  flows: [
    { from: 'solicitud-accesos', to: 'tiene-ticket' },
    ...ticket.flows,
    { from: 'validacion', to: 'validar-formato' },
    { from: 'validar-formato', to: 'formato-valido' },
    { from: 'formato-valido', to: 'corregir-formato', name: 'No', condition: '=formatoValido = false' },
    { from: 'formato-valido', to: 'aplicar-cambios', name: 'Sí', isDefault: true },
    { from: 'corregir-formato', to: 'validacion' },
    { from: 'aplicar-cambios', to: 'notificar-solicitante' },
    { from: 'notificar-solicitante', to: 'cerrar-ticket' },
    { from: 'cerrar-ticket', to: 'servicio-realizado' },
    { from: 'permisos-administrador', to: 'motivo-administrador' },
    { from: 'cuenta-no-encontrada', to: 'motivo-cuenta' },
    { from: 'motivo-administrador', to: 'rechazo' },
    { from: 'motivo-cuenta', to: 'rechazo' },
    { from: 'rechazo', to: 'notificar-negativa' },
    ...negativa.flows,
  ],
};

export default definition;
