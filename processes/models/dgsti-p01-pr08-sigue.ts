// DGSTI-P01-PR08 Gestión e Implementación Digital (manual 7.3.1, procedimiento 8): access to the
// SIGUE. A request for unique or administrator rights is refused at once (3.e); otherwise the
// information owner authorizes by e-mail (3.a, 3.b), Gestión Digital corroborates the data (3.c)
// and creates the user, whose password is the user's own (3.d).
import type { ProcessDefinition } from '../builder/index.js';
import { DGSTI_LANES, DISPATCHED, closeRefusedTicket, closeTicket, due, email, ownTicket, refusalNotice, refusedEnd, txt } from '../fragments.js';

/** PR08 3.e: permissions that ask for unique or administrator rights (free text or the form's values). */
const PRIVILEGIADOS =
  'permisos != null and (some p in permisos satisfies (contains(lower case(p), "admin") or contains(lower case(p), "unico") or contains(lower case(p), "único") or contains(lower case(p), "root") or contains(lower case(p), "control total")))';
const MOTIVO_3E = 'Por ningún motivo se aceptan solicitudes de asignación de derechos únicos o de administrador para ningún usuario (política 3.e del procedimiento DGSTI-P01-PR08).';

const ticket = ownTicket({
  categoria: 'gestion-digital',
  dependencia: '=if dependencia = null then adscripcion else dependencia',
  descripcion: `="Acceso al SIGUE: " + ${txt('aplicacion')} + " (" + ${txt('tipoUsuario')} + ")"`,
  next: 'autorizacion-dueno',
});

/** Refused before a ticket exists (3.e) the requester is still told; only an existing ticket is closed. */
const negativa = refusalNotice(
  {
    lane: 'gestion-digital',
    ifEmail: true,
    datos: `={asunto: "Solicitud de acceso al SIGUE rechazada" + (if ticket = null then "" else " — ticket " + ticket.numero), folio: folio, ticket: if ticket = null then null else ticket.numero, solicitante: {nombre: nombre}, nombre: nombre, motivo: motivoRechazo, mensaje: "Su solicitud de acceso al SIGUE para " + ${txt('nombre')} + " no procede. " + motivoRechazo}`,
  },
  'ticket-rechazo',
);

const definition: ProcessDefinition = {
  id: 'dgsti-p01-pr08-sigue',
  name: 'Gestión e Implementación Digital',
  folioSerie: 'SOP',
  versionTag: 'DGSTI-P01-PR08',
  documentation:
    'Procedimiento DGSTI-P01-PR08 Gestión e Implementación Digital (OFMA-MPP 7.3.1, A9, 2 días): acceso de usuarios al SIGUE. Políticas: 3.a autorización por correo del dueño de la información; ' +
    '3.b nombre, extensión, adscripción, aplicación y permisos (impresión, visualización, visualización de notas, modificación de registro…); 3.c corroborar y validar con el dueño, luego crear el usuario; ' +
    '3.d contraseña del usuario, mínimo 8 caracteres con al menos un número y un carácter especial; 3.e nunca derechos únicos o de administrador. Registro: Autorización de acceso al SIGUE.',
  lanes: [DGSTI_LANES.solicitante, DGSTI_LANES.mesaAyuda, { id: 'propietario-informacion', name: 'Dueño de la información de la Dependencia' }, DGSTI_LANES.gestionDigital],
  errors: { DERECHOS_ADMINISTRADOR: 'Derechos únicos o de administrador (PR08 3.e)' },
  elements: [
    { kind: 'start', id: 'solicitud-sigue', name: 'Solicitud de acceso al SIGUE', lane: 'solicitante', form: 'dgsti-p01-pr08-solicitud' },
    {
      kind: 'exclusive',
      id: 'derechos-privilegiados',
      name: '¿Derechos únicos o de administrador?',
      lane: 'gestion-digital',
      documentation: '3.e: se rechaza desde el inicio, apruebe quien apruebe después.',
    },
    {
      kind: 'scriptTask',
      id: 'motivo-derechos',
      name: 'Motivo: derechos únicos o de administrador',
      lane: 'gestion-digital',
      script: { expression: `="${MOTIVO_3E}"`, resultVariable: 'motivoRechazo' },
    },
    ...ticket.elements,
    {
      kind: 'userTask',
      id: 'autorizacion-dueno',
      name: 'Autorización del dueño de la información',
      lane: 'propietario-informacion',
      candidateGroups: 'propietario-informacion',
      form: 'dgsti-p01-pr08-autorizacion-dueno',
      dueDate: due('P2D'),
      documentation:
        '3.a, 3.b: el dueño de la información de la dependencia autoriza por correo electrónico (enlace) al nuevo usuario de consulta o producción. Registro: Autorización de acceso al SIGUE.',
    },
    { kind: 'exclusive', id: 'autorizado', name: '¿Autorizado?', lane: 'propietario-informacion' },
    {
      kind: 'userTask',
      id: 'corroborar-datos',
      name: 'Corroborar datos',
      lane: 'gestion-digital',
      candidateGroups: 'gestion-digital',
      assignee: DISPATCHED,
      form: 'dgsti-p01-pr08-corroborar-datos',
      dueDate: due('P2D'),
      documentation:
        '3.c: se corroboran los datos y se validan con el dueño de la información antes de crear el usuario. Asignada a quien despachó la Mesa de Ayuda (tecnicoAsignado); al grupo si no eligió a nadie.',
    },
    { kind: 'exclusive', id: 'datos-correctos', name: '¿Datos corroborados?', lane: 'gestion-digital' },
    {
      kind: 'serviceTask',
      id: 'crear-usuario',
      name: 'Crear usuario del SIGUE',
      lane: 'gestion-digital',
      type: 'sigue.create-user',
      documentation:
        '3.c–3.e: crea el usuario con los permisos autorizados; contraseña inicial conforme a 3.d que el usuario cambia en su primer uso; DERECHOS_ADMINISTRADOR como segunda guarda de 3.e.',
    },
    { kind: 'boundary', id: 'derechos-administrador', name: 'Derechos de administrador', attachedTo: 'crear-usuario', error: 'DERECHOS_ADMINISTRADOR' },
    {
      kind: 'scriptTask',
      id: 'motivo-derechos-sigue',
      name: 'Motivo: derechos de administrador',
      lane: 'gestion-digital',
      script: { expression: `="${MOTIVO_3E}"`, resultVariable: 'motivoRechazo' },
    },
    email({
      id: 'notificar-solicitante',
      name: 'Notificar al solicitante',
      lane: 'gestion-digital',
      plantilla: 'usuario-sigue-creado',
      datos: `={asunto: "Acceso al SIGUE creado — ticket " + ticket.numero, ticket: ticket.numero, nombre: nombre, usuarioSigue: usuarioSigue, usuario: usuarioSigue.usuario, aplicacion: aplicacion, mensaje: "Se creó su usuario " + usuarioSigue.usuario + " del SIGUE para la aplicación " + ${txt('aplicacion')} + ". La contraseña es responsabilidad del usuario: al primer uso debe cambiarla por una de al menos 8 caracteres alfabéticos con al menos un número y un carácter especial (PR08 3.d)."}`,
    }),
    closeTicket({ lane: 'mesa-ayuda', resolucion: '="Servicio realizado: usuario del SIGUE " + usuarioSigue.usuario' }),
    { kind: 'end', id: 'usuario-creado', name: 'Usuario creado', lane: 'mesa-ayuda' },
    { kind: 'exclusive', id: 'rechazo', name: 'Rechazo', lane: 'gestion-digital' },
    ...negativa.elements,
    { kind: 'exclusive', id: 'ticket-rechazo', name: '¿Hay ticket que cerrar?', lane: 'mesa-ayuda' },
    closeRefusedTicket('="Rechazada: " + motivoRechazo'),
    { kind: 'exclusive', id: 'rechazo-cerrado', name: 'Rechazo cerrado', lane: 'mesa-ayuda' },
    refusedEnd(),
  ],
  flows: [
    { from: 'solicitud-sigue', to: 'derechos-privilegiados' },
    { from: 'derechos-privilegiados', to: 'motivo-derechos', name: 'Sí', condition: `=${PRIVILEGIADOS}` },
    { from: 'derechos-privilegiados', to: 'tiene-ticket', name: 'No', isDefault: true },
    ...ticket.flows,
    { from: 'autorizacion-dueno', to: 'autorizado' },
    { from: 'autorizado', to: 'corroborar-datos', name: 'Sí', condition: '=autorizaDueno = true' },
    { from: 'autorizado', to: 'rechazo', name: 'No', isDefault: true },
    { from: 'corroborar-datos', to: 'datos-correctos' },
    { from: 'datos-correctos', to: 'crear-usuario', name: 'Sí', condition: '=datosCorroborados = true' },
    { from: 'datos-correctos', to: 'rechazo', name: 'No', isDefault: true },
    { from: 'crear-usuario', to: 'notificar-solicitante' },
    { from: 'notificar-solicitante', to: 'cerrar-ticket' },
    { from: 'cerrar-ticket', to: 'usuario-creado' },
    { from: 'derechos-administrador', to: 'motivo-derechos-sigue' },
    { from: 'motivo-derechos', to: 'rechazo' },
    { from: 'motivo-derechos-sigue', to: 'rechazo' },
    { from: 'rechazo', to: 'tiene-correo' },
    ...negativa.flows,
    { from: 'ticket-rechazo', to: 'cerrar-ticket-rechazo', name: 'Sí', condition: '=ticket != null' },
    { from: 'ticket-rechazo', to: 'rechazo-cerrado', name: 'No', isDefault: true },
    { from: 'cerrar-ticket-rechazo', to: 'rechazo-cerrado' },
    { from: 'rechazo-cerrado', to: 'solicitud-rechazada' },
  ],
};

export default definition;
