// DGSTI-P01-PR04 Red de Voz (manual 7.3.1, procedimiento 4): a telephony request filed by the Jefe
// de Informática or the Administrativo of the Dependencia (3.c) is executed by the voice technicians
// (3.d) and closed in OTRS (3.e); support for special events must arrive at least 15 days before
// the event, for the on-site study and, if needed, a purchase proposal (3.f).
import type { ProcessDefinition } from '../builder/index.js';

const due = (duration: string) => `=string(now() + duration("${duration}"))`;
const solicitante = '=context(get entries({nombre: nombre, correo: correo, telefono: telefono, extension: extension})[value != null])';
const EVENTO = 'tipoMovimiento = "evento-especial" and fechaEvento != null';
/**
 * 3.f "por lo menos 15 días antes del evento", counted in calendar days of Aguascalientes (fixed
 * UTC-6, no daylight saving since 2022): now() is UTC, so today's local date is the date of now() − 6 h.
 */
const A_TIEMPO = 'date(fechaEvento) >= date(now() - duration("PT6H")) + duration("P15D")';
const MOTIVO_15_DIAS =
  'La solicitud de apoyo para el evento especial se recibió con menos de 15 días de anticipación; la política 3.f del procedimiento DGSTI-P01-PR04 Red de Voz exige notificar a la Dirección General de Soporte a las TI por lo menos 15 días antes del evento.';

const definition: ProcessDefinition = {
  id: 'dgsti-p01-pr04-red-voz',
  name: 'Red de Voz',
  versionTag: 'DGSTI-P01-PR04',
  documentation:
    'Procedimiento DGSTI-P01-PR04 Red de Voz (OFMA-MPP 7.3.1, A6, 2 días). Políticas: 3.a servicio de uso exclusivo del personal de cada dependencia; 3.b solicitud por la ext. 5001 o soporte@aguascalientes.gob.mx; ' +
    '3.c solo el Jefe de Informática o el Administrativo de la Dependencia (grupo jefe-informatica) emite la solicitud, con Dependencia, Área, Nombre del usuario, Teléfono, Número de Extensión, Tipo de movimiento ' +
    'y, para claves y permisos especiales, quién autoriza y su justificación; 3.d se asigna a los técnicos responsables; 3.e se cierra en OTRS; ' +
    '3.f eventos especiales: al menos 15 días antes del evento, estudio en sitio de técnicos y Director de Telecomunicaciones y Redes y, en su caso, propuesta de adquisición. Registro: Control de atención a usuarios.',
  lanes: [
    { id: 'jefe-informatica', name: 'Jefe de Informática o Administrativo de la Dependencia' },
    { id: 'mesa-ayuda', name: 'Encargada de Mesa de Ayuda' },
    { id: 'red-voz', name: 'Jefe de Dpto. y Técnico de Voz y Telefonía' },
    { id: 'telecom', name: 'Director de Telecomunicaciones y Redes' },
  ],
  elements: [
    {
      kind: 'start',
      id: 'solicitud-red-voz',
      name: 'Solicitud de servicio de red de voz',
      lane: 'jefe-informatica',
      form: 'dgsti-p01-pr04-solicitud',
      starterGroups: 'jefe-informatica',
      documentation: 'PR04 3.c: solo el Jefe de Informática o el Administrativo de la Dependencia o Entidad demandante puede emitir la solicitud.',
    },
    { kind: 'exclusive', id: 'tiene-ticket', name: '¿Tiene ticket?', lane: 'mesa-ayuda' },
    {
      kind: 'serviceTask',
      id: 'registrar-ticket',
      name: 'Registrar ticket',
      lane: 'mesa-ayuda',
      type: 'ticket.register',
      inputs: [
        [solicitante, 'solicitante'],
        ['=dependencia', 'dependencia'],
        ['="red-voz"', 'categoria'],
        ['="Red de voz: " + (if tipoMovimiento = null then "" else string(tipoMovimiento)) + ", extensión " + (if extension = null then "" else string(extension)) + (if descripcion = null then "" else ". " + descripcion)', 'descripcion'],
        ['="web"', 'canal'],
      ],
    },
    { kind: 'exclusive', id: 'ticket-listo', name: 'Ticket listo', lane: 'mesa-ayuda' },
    { kind: 'exclusive', id: 'evento-especial', name: '¿Evento especial?', lane: 'red-voz' },
    { kind: 'exclusive', id: 'tiene-correo', name: '¿Correo del solicitante?', lane: 'red-voz' },
    {
      kind: 'serviceTask',
      id: 'notificar-negativa',
      name: 'Notificar negativa',
      lane: 'red-voz',
      type: 'notify.email',
      headers: { plantilla: 'solicitud-rechazada' },
      documentation: '3.f: la solicitud de un evento especial con menos de 15 días de anticipación se rechaza con ese motivo.',
      inputs: [
        ['=correo', 'para'],
        ['="solicitud-rechazada"', 'plantilla'],
        [
          `={asunto: "Solicitud de red de voz rechazada — ticket " + ticket.numero, ticket: ticket.numero, folio: ticket.numero, solicitante: {nombre: nombre}, nombre: nombre, fechaEvento: fechaEvento, motivo: "${MOTIVO_15_DIAS}", mensaje: "Su solicitud de apoyo para el evento especial del " + string(fechaEvento) + " no procede. ${MOTIVO_15_DIAS}"}`,
          'datos',
        ],
      ],
    },
    { kind: 'exclusive', id: 'negativa-lista', name: 'Negativa lista', lane: 'red-voz' },
    {
      kind: 'serviceTask',
      id: 'cerrar-ticket-rechazo',
      name: 'Cerrar ticket (rechazada)',
      lane: 'mesa-ayuda',
      type: 'ticket.close',
      inputs: [['="Rechazada: evento especial solicitado con menos de 15 días de anticipación (PR04 3.f)"', 'resolucion']],
      // Tells a calling help desk that the request was refused here, and why.
      outputs: [
        ['=ticketCerrado', 'ticketCerrado'],
        ['={motivo: resolucion}', 'solicitudRechazada'],
      ],
    },
    { kind: 'end', id: 'solicitud-rechazada', name: 'Solicitud rechazada', lane: 'mesa-ayuda' },
    {
      kind: 'userTask',
      id: 'estudio-sitio',
      name: 'Estudio en sitio',
      lane: 'red-voz',
      candidateGroups: 'red-voz, telecom',
      form: 'dgsti-p01-pr04-estudio-sitio',
      dueDate: due('P2D'),
      documentation: '3.f: los técnicos y, en su caso, el Director de Telecomunicaciones y Redes estudian en el lugar del evento la infraestructura requerida, la factibilidad y los requerimientos.',
    },
    { kind: 'exclusive', id: 'requiere-adquisicion', name: '¿Requiere adquisición?', lane: 'red-voz' },
    {
      kind: 'userTask',
      id: 'propuesta-adquisicion',
      name: 'Propuesta de adquisición de bienes o servicios',
      lane: 'telecom',
      candidateGroups: 'telecom',
      form: 'dgsti-p01-pr04-propuesta-adquisicion',
      dueDate: due('P2D'),
      documentation: '3.f: en su caso, propone la adquisición de los bienes o servicios que el área solicitante necesita para el evento.',
    },
    { kind: 'exclusive', id: 'listo-para-ejecutar', name: 'Listo para ejecutar', lane: 'red-voz' },
    {
      kind: 'userTask',
      id: 'ejecutar-servicio',
      name: 'Ejecutar servicio',
      lane: 'red-voz',
      candidateGroups: 'red-voz',
      form: 'dgsti-p01-pr04-ejecutar-servicio',
      dueDate: due('P2D'),
      documentation: 'A6 (2 días), 3.d: los técnicos responsables ejecutan el servicio con las herramientas de software y hardware necesarias.',
    },
    {
      kind: 'serviceTask',
      id: 'cerrar-ticket',
      name: 'Cerrar ticket',
      lane: 'red-voz',
      type: 'ticket.close',
      documentation: '3.e: al término del servicio se cierran las actividades en OTRS (Control de atención a usuarios).',
      inputs: [['="Servicio realizado: " + (if trabajoRealizado = null then "atendido" else trabajoRealizado)', 'resolucion']],
    },
    { kind: 'end', id: 'servicio-realizado', name: 'Servicio realizado', lane: 'red-voz' },
  ],
  flows: [
    { from: 'solicitud-red-voz', to: 'tiene-ticket' },
    { from: 'tiene-ticket', to: 'registrar-ticket', name: 'No', condition: '=ticket = null' },
    { from: 'tiene-ticket', to: 'ticket-listo', name: 'Sí', isDefault: true },
    { from: 'registrar-ticket', to: 'ticket-listo' },
    { from: 'ticket-listo', to: 'evento-especial' },
    { from: 'evento-especial', to: 'tiene-correo', name: 'Sí, con menos de 15 días', condition: `=${EVENTO} and not(${A_TIEMPO})` },
    { from: 'evento-especial', to: 'estudio-sitio', name: 'Sí, con 15 días o más', condition: `=${EVENTO} and ${A_TIEMPO}` },
    { from: 'evento-especial', to: 'listo-para-ejecutar', name: 'No', isDefault: true },
    { from: 'tiene-correo', to: 'notificar-negativa', name: 'Sí', condition: '=correo != null' },
    { from: 'tiene-correo', to: 'negativa-lista', name: 'No', isDefault: true },
    { from: 'notificar-negativa', to: 'negativa-lista' },
    { from: 'negativa-lista', to: 'cerrar-ticket-rechazo' },
    { from: 'cerrar-ticket-rechazo', to: 'solicitud-rechazada' },
    { from: 'estudio-sitio', to: 'requiere-adquisicion' },
    { from: 'requiere-adquisicion', to: 'propuesta-adquisicion', name: 'Sí', condition: '=requiereAdquisicion = true' },
    { from: 'requiere-adquisicion', to: 'listo-para-ejecutar', name: 'No', isDefault: true },
    { from: 'propuesta-adquisicion', to: 'listo-para-ejecutar' },
    { from: 'listo-para-ejecutar', to: 'ejecutar-servicio' },
    { from: 'ejecutar-servicio', to: 'cerrar-ticket' },
    { from: 'cerrar-ticket', to: 'servicio-realizado' },
  ],
};

export default definition;
