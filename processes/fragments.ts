// Pieces the manual's models share: the same element ids, names, lanes, mappings and conditions
// wherever the manual describes the same thing (a help-desk ticket registered when a procedure is
// started on its own, a refused request that closes its ticket, the 15-day rule of special events,
// the DGPT carpeta electrónica…). Kept out of processes/models/, where every .ts is a model.
import type { Element, EndEvent, Expr, Flow, Gateway, Lane, Task } from './builder/index.js';

export type Mapping = [source: Expr, target: string];

/** Elements and the flows between them, spread by a model into its own lists. */
export interface Fragment {
  elements: Element[];
  flows: Flow[];
}

// ---------------------------------------------------------------------------------------------
// FEEL helpers
// ---------------------------------------------------------------------------------------------

/** A due date `duration` (ISO 8601, e.g. 'P2D', 'PT10M') from now. */
export const due = (duration: string): Expr => `=string(now() + duration("${duration}"))`;

/** A due date `duration` after the date-and-time string held in `variable`. */
export const dueAfter = (variable: string, duration: string): Expr => `=string(date and time(${variable}) + duration("${duration}"))`;

/** A variable as text, the empty string when it is null (a FEEL expression, without '='). */
export const txt = (variable: string): string => `(if ${variable} = null then "" else string(${variable}))`;

/** Maps each variable to itself. */
export const pass = (...names: string[]): Mapping[] => names.map((n) => [`=${n}`, n]);

// ---------------------------------------------------------------------------------------------
// Who a user task goes to
// ---------------------------------------------------------------------------------------------
// An assignee expression must always yield a string: Zeebe raises an incident when it yields null
// ("Expected result of the expression … to be 'STRING', but was 'NULL'") and creates the task
// unassigned — a task for its candidate groups — when it yields "" (BpmnUserTaskBehavior,
// UserTaskProcessor). The embedded engine does the same with "" (and, more leniently, with null).

/**
 * The requester's own task (a survey, a clarification, an authorization) goes to whoever filed the
 * request: the starter, `iniciadoPor` (set by the catalogue from the session; the help desk passes
 * every variable on to the procedure it calls). Its candidate group is the fallback — "" — when the
 * starter is not the requester's user: a citizen through a public form has no iniciadoPor, and a
 * request the Mesa de Ayuda took by phone or e-mail (canal) was filed by the clerk for someone else.
 */
export const REQUESTER = '=if iniciadoPor.username = null or canal = "telefono" or canal = "correo" then "" else iniciadoPor.username';

/**
 * The technician the help desk's dispatch chose (DGSTI-P01 A2: `tecnicoAsignado`, a person field of
 * the dispatch form, checked on completion to be an active member of the category's group); ""
 * leaves the task to the whole group when the dispatch named nobody (or the procedure was not dispatched).
 */
export const DISPATCHED = '=if tecnicoAsignado = null then "" else tecnicoAsignado';

// ---------------------------------------------------------------------------------------------
// DGSTI-P01: lanes, the requester and the help-desk ticket
// ---------------------------------------------------------------------------------------------

/** Lanes that read the same in the help desk (dgsti-p01-soporte-ti) and the procedures it calls. */
export const DGSTI_LANES = {
  solicitante: { id: 'solicitante', name: 'Usuario solicitante' },
  mesaAyuda: { id: 'mesa-ayuda', name: 'Encargada de Mesa de Ayuda' },
  baseDatos: { id: 'base-datos', name: 'Jefe de Departamento de Base de Datos' },
  soporteTecnico: { id: 'soporte-tecnico', name: 'Técnico de Soporte' },
  redVoz: { id: 'red-voz', name: 'Jefe de Dpto. y Técnico de Voz y Telefonía' },
  redDatos: { id: 'red-datos', name: 'Técnico de Red de Datos' },
  gestionDigital: { id: 'gestion-digital', name: 'Jefe del Dpto. de Gestión e Implementación Digital' },
  /** DGSTI-P01-PR01 (CAS) and its sub-procedures 6.1–6.3. */
  casOperacion: { id: 'cas-operacion', name: 'Jefe de Departamento de Operación de CAS' },
} as const satisfies Record<string, Lane>;

/**
 * The requester as a Persona (what ticket.register and the e-mails want): optional fields left out
 * rather than null, since the workers' zod schemas refuse null. A FEEL expression, without '='.
 */
export const SOLICITANTE = 'context(get entries({nombre: nombre, correo: correo, telefono: telefono, extension: extension})[value != null])';

export interface TicketRequest {
  /** The ticket category, e.g. 'base-datos'. */
  categoria: string;
  /** FEEL expression (with '=') of the ticket's description. */
  descripcion: Expr;
  /** FEEL expression (with '=') of the dependencia; '=dependencia' by default. */
  dependencia?: Expr;
}

/** ticket.register's inputs for a request filed through a procedure's own web form. */
export const ticketRegisterInputs = ({ categoria, descripcion, dependencia = '=dependencia' }: TicketRequest): Mapping[] => [
  [`=${SOLICITANTE}`, 'solicitante'],
  [dependencia, 'dependencia'],
  [`="${categoria}"`, 'categoria'],
  [descripcion, 'descripcion'],
  ['="web"', 'canal'],
];

/**
 * "Register my own ticket when started alone": a procedure called by the help desk already has a
 * ticket (the help desk dispatched it in its own A2); started by itself (ticket = null) it registers
 * one (A1) and the Encargada de Mesa de Ayuda dispatches it to the technical group (A2, 10 minutes)
 * — every request passes through the help desk. `next` follows 'ticket-listo'; the flow into
 * 'tiene-ticket' stays with the model.
 */
export function ownTicket(request: TicketRequest & { next: string; documentation?: string }): Fragment {
  const { next, documentation, ...ticket } = request;
  return {
    elements: [
      { kind: 'exclusive', id: 'tiene-ticket', name: '¿Tiene ticket?', lane: 'mesa-ayuda' },
      {
        kind: 'serviceTask',
        id: 'registrar-ticket',
        name: 'Registrar ticket',
        lane: 'mesa-ayuda',
        type: 'ticket.register',
        ...(documentation === undefined ? {} : { documentation }),
        inputs: ticketRegisterInputs(ticket),
      },
      {
        kind: 'userTask',
        id: 'canalizar-solicitud',
        name: 'Canalizar solicitud',
        lane: 'mesa-ayuda',
        candidateGroups: 'mesa-ayuda',
        form: 'dgsti-p01-canalizar-solicitud',
        dueDate: due('PT10M'),
        // The form shows the category (read-only) and offers that group's active members as the technician.
        inputs: [[`="${ticket.categoria}"`, 'categoria']],
        documentation:
          'DGSTI-P01 A2 "Atención y seguimiento a la solicitud por área correspondiente" (10 minutos): la Encargada de Mesa de Ayuda confirma la categoría ' +
          'de la solicitud registrada y la canaliza al grupo técnico correspondiente, y en su caso al técnico que la atenderá (tecnicoAsignado, un integrante activo del grupo). ' +
          'Si no confirma la categoría, anota la observación y la solicitud continúa.',
      },
      { kind: 'exclusive', id: 'ticket-listo', name: 'Ticket listo', lane: 'mesa-ayuda' },
    ],
    flows: [
      { from: 'tiene-ticket', to: 'registrar-ticket', name: 'No', condition: '=ticket = null' },
      { from: 'tiene-ticket', to: 'ticket-listo', name: 'Sí', isDefault: true },
      { from: 'registrar-ticket', to: 'canalizar-solicitud' },
      { from: 'canalizar-solicitud', to: 'ticket-listo' },
      { from: 'ticket-listo', to: next },
    ],
  };
}

export interface Email {
  id: string;
  name: string;
  lane?: string;
  /** The notify.email template. */
  plantilla: string;
  /** FEEL expression (with '=') of the template's data. */
  datos: Expr;
  /** FEEL expression of the recipient; '=correo' by default. */
  para?: Expr;
  documentation?: string;
  outputs?: Mapping[];
}

/** A notify.email service task. */
export const email = ({ id, name, lane, plantilla, datos, para = '=correo', documentation, outputs }: Email): Task => ({
  kind: 'serviceTask',
  id,
  name,
  ...(lane === undefined ? {} : { lane }),
  type: 'notify.email',
  headers: { plantilla },
  ...(documentation === undefined ? {} : { documentation }),
  inputs: [
    [para, 'para'],
    [`="${plantilla}"`, 'plantilla'],
    [datos, 'datos'],
  ],
  ...(outputs === undefined ? {} : { outputs }),
});

/** ticket.close when the service is done. */
export const closeTicket = ({ lane, resolucion, name = 'Cerrar ticket', documentation }: { lane: string; resolucion: Expr; name?: string; documentation?: string }): Task => ({
  kind: 'serviceTask',
  id: 'cerrar-ticket',
  name,
  lane,
  type: 'ticket.close',
  ...(documentation === undefined ? {} : { documentation }),
  inputs: [[resolucion, 'resolucion']],
});

/**
 * PR04/PR05 after any special-event study: the technicians execute the service (2 days) and the
 * ticket is closed in OTRS (3.d, 3.e). Leads on from 'listo-para-ejecutar'.
 */
export function executeService({ lane, form, activity }: { lane: string; form: string; activity: string }): { elements: Element[]; flows: Flow[] } {
  return {
    elements: [
      {
        kind: 'userTask',
        id: 'ejecutar-servicio',
        name: 'Ejecutar servicio',
        lane,
        candidateGroups: lane,
        assignee: DISPATCHED,
        form,
        dueDate: due('P2D'),
        documentation: `${activity} (2 días), 3.d: los técnicos responsables ejecutan el servicio con las herramientas de software y hardware necesarias; asignado al técnico que la Mesa de Ayuda despachó (tecnicoAsignado), o al grupo si no eligió a nadie.`,
      },
      closeTicket({
        lane,
        documentation: '3.e: al término del servicio se cierran las actividades en OTRS (Control de atención a usuarios).',
        resolucion: '="Servicio realizado: " + (if trabajoRealizado = null then "atendido" else trabajoRealizado)',
      }),
      { kind: 'end', id: 'servicio-realizado', name: 'Servicio realizado', lane },
    ],
    flows: [
      { from: 'listo-para-ejecutar', to: 'ejecutar-servicio' },
      { from: 'ejecutar-servicio', to: 'cerrar-ticket' },
      { from: 'cerrar-ticket', to: 'servicio-realizado' },
    ],
  };
}

// ---------------------------------------------------------------------------------------------
// DGSTI-P01: a refused request
// ---------------------------------------------------------------------------------------------

export interface Refusal {
  /** The lane of the e-mail (and of the '¿Correo del solicitante?' gateway). */
  lane: string;
  /** FEEL expression (with '=') of the solicitud-rechazada template's data. */
  datos: Expr;
  documentation?: string;
  /** Only e-mail a requester who gave an address: '¿Correo del solicitante?' → … → 'Negativa lista'. */
  ifEmail?: boolean;
}

/**
 * The "Notificar negativa" e-mail (template solicitud-rechazada), optionally behind
 * '¿Correo del solicitante?'. Enter at `refusalNoticeEntry(ifEmail)`; `next` follows it.
 */
export function refusalNotice({ lane, datos, documentation, ifEmail = false }: Refusal, next: string): Fragment {
  const notice = email({ id: 'notificar-negativa', name: 'Notificar negativa', lane, plantilla: 'solicitud-rechazada', datos, ...(documentation === undefined ? {} : { documentation }) });
  if (!ifEmail) return { elements: [notice], flows: [{ from: 'notificar-negativa', to: next }] };
  return {
    elements: [{ kind: 'exclusive', id: 'tiene-correo', name: '¿Correo del solicitante?', lane }, notice, { kind: 'exclusive', id: 'negativa-lista', name: 'Negativa lista', lane }],
    flows: [
      { from: 'tiene-correo', to: 'notificar-negativa', name: 'Sí', condition: '=correo != null' },
      { from: 'tiene-correo', to: 'negativa-lista', name: 'No', isDefault: true },
      { from: 'notificar-negativa', to: 'negativa-lista' },
      { from: 'negativa-lista', to: next },
    ],
  };
}

/** Where a refusal notice starts. */
export const refusalNoticeEntry = (ifEmail = false): string => (ifEmail ? 'tiene-correo' : 'notificar-negativa');

/** ticket.close of a refused request; its outputs tell a calling help desk that, and why. */
export const closeRefusedTicket = (resolucion: Expr): Task => ({
  kind: 'serviceTask',
  id: 'cerrar-ticket-rechazo',
  name: 'Cerrar ticket (rechazada)',
  lane: 'mesa-ayuda',
  type: 'ticket.close',
  inputs: [[resolucion, 'resolucion']],
  outputs: [
    ['=ticketCerrado', 'ticketCerrado'],
    ['={motivo: resolucion}', 'solicitudRechazada'],
  ],
});

/** The end of a refused request. */
export const refusedEnd = (): EndEvent => ({ kind: 'end', id: 'solicitud-rechazada', name: 'Solicitud rechazada', lane: 'mesa-ayuda' });

/**
 * The rejection tail: notify.email solicitud-rechazada → ticket.close (rechazada) with outputs
 * ticketCerrado + solicitudRechazada → end "Solicitud rechazada". Enter at `refusalNoticeEntry(ifEmail)`.
 */
export function refusal(refusal: Refusal & { resolucion: Expr }): Fragment {
  const notice = refusalNotice(refusal, 'cerrar-ticket-rechazo');
  return {
    elements: [...notice.elements, closeRefusedTicket(refusal.resolucion), refusedEnd()],
    flows: [...notice.flows, { from: 'cerrar-ticket-rechazo', to: 'solicitud-rechazada' }],
  };
}

// ---------------------------------------------------------------------------------------------
// DGSTI-P01-PR04 / PR05: special events, at least 15 days ahead (3.f)
// ---------------------------------------------------------------------------------------------

/**
 * 3.f "por lo menos 15 días antes del evento", counted in calendar days of Aguascalientes (fixed
 * UTC-6, no daylight saving since 2022): now() is UTC, so today's local date is the date of now() − 6 h.
 */
export const A_TIEMPO = 'date(fechaEvento) >= date(now() - duration("PT6H")) + duration("P15D")';

export interface SpecialEvent {
  /** 'PR04' or 'PR05'. */
  procedimiento: string;
  /** The procedure's name as the manual writes it, e.g. 'Red de Voz'. */
  nombre: string;
  /** The technicians' lane, e.g. 'red-voz'. */
  lane: string;
  /** The variable holding the kind of request, e.g. 'tipoMovimiento'. */
  campo: string;
  /** Documentation of the on-site study. */
  estudioDocumentation: string;
  /** Where an ordinary request, or an event ready to go ahead, continues. */
  next: string;
}

/**
 * 3.f of PR04 and PR05: a special event asked for less than 15 days ahead is refused (e-mail if
 * the requester gave an address, ticket closed); otherwise the technicians and the Director de
 * Telecomunicaciones y Redes study the site and, if needed, propose an acquisition. Starts at
 * 'evento-especial' and ends at `next` ('Listo para ejecutar', included).
 */
export function specialEvent({ procedimiento, nombre, lane, campo, estudioDocumentation, next }: SpecialEvent): Fragment {
  const evento = `${campo} = "evento-especial" and fechaEvento != null`;
  const motivo = `La solicitud de apoyo para el evento especial se recibió con menos de 15 días de anticipación; la política 3.f del procedimiento DGSTI-P01-${procedimiento} ${nombre} exige notificar a la Dirección General de Soporte a las TI por lo menos 15 días antes del evento.`;
  const form = `dgsti-p01-${procedimiento.toLowerCase()}`;
  const tail = refusal({
    lane,
    ifEmail: true,
    documentation: '3.f: la solicitud de un evento especial con menos de 15 días de anticipación se rechaza con ese motivo.',
    datos: `={asunto: "Solicitud de ${nombre.toLowerCase()} rechazada — ticket " + ticket.numero, folio: folio, ticket: ticket.numero, solicitante: {nombre: nombre}, nombre: nombre, fechaEvento: fechaEvento, motivo: "${motivo}", mensaje: "Su solicitud de apoyo para el evento especial del " + string(fechaEvento) + " no procede. ${motivo}"}`,
    resolucion: `="Rechazada: evento especial solicitado con menos de 15 días de anticipación (${procedimiento} 3.f)"`,
  });
  const gateway: Gateway = { kind: 'exclusive', id: 'evento-especial', name: '¿Evento especial?', lane };
  return {
    elements: [
      gateway,
      ...tail.elements,
      {
        kind: 'userTask',
        id: 'estudio-sitio',
        name: 'Estudio en sitio',
        lane,
        candidateGroups: `${lane}, telecom`,
        form: `${form}-estudio-sitio`,
        dueDate: due('P2D'),
        documentation: estudioDocumentation,
      },
      { kind: 'exclusive', id: 'requiere-adquisicion', name: '¿Requiere adquisición?', lane },
      {
        kind: 'userTask',
        id: 'propuesta-adquisicion',
        name: 'Propuesta de adquisición de bienes o servicios',
        lane: 'telecom',
        candidateGroups: 'telecom',
        form: `${form}-propuesta-adquisicion`,
        dueDate: due('P2D'),
        documentation: '3.f: en su caso, propone la adquisición de los bienes o servicios que el área solicitante necesita para el evento.',
      },
      { kind: 'exclusive', id: next, name: 'Listo para ejecutar', lane },
    ],
    flows: [
      { from: 'evento-especial', to: refusalNoticeEntry(true), name: 'Sí, con menos de 15 días', condition: `=${evento} and not(${A_TIEMPO})` },
      { from: 'evento-especial', to: 'estudio-sitio', name: 'Sí, con 15 días o más', condition: `=${evento} and ${A_TIEMPO}` },
      { from: 'evento-especial', to: next, name: 'No', isDefault: true },
      ...tail.flows,
      { from: 'estudio-sitio', to: 'requiere-adquisicion' },
      { from: 'requiere-adquisicion', to: 'propuesta-adquisicion', name: 'Sí', condition: '=requiereAdquisicion = true' },
      { from: 'requiere-adquisicion', to: next, name: 'No', isDefault: true },
      { from: 'propuesta-adquisicion', to: next },
    ],
  };
}

// ---------------------------------------------------------------------------------------------
// DGPT-P01: lanes, the carpeta electrónica, the Project Server and the e-mails
// ---------------------------------------------------------------------------------------------

export const DGPT_LANES = {
  solicitante: { id: 'solicitante', name: 'Solicitante' },
  gestionProyectos: { id: 'gestion-proyectos', name: 'Jefe del Departamento de Gestión de Proyectos' },
  conceptualizacion: { id: 'conceptualizacion', name: 'Director de Conceptualización y Análisis de Proyectos' },
  desarrollo: { id: 'desarrollo', name: 'Director de Desarrollo de Proyectos de TI' },
  calidad: { id: 'calidad', name: 'Director de Calidad' },
} as const satisfies Record<string, Lane>;

/** The process that files a project and calls each DGPT procedure; it tells them so through `origen`. */
export const DGPT_PROJECT = 'dgpt-p01-desarrollo-si';

/**
 * The requester's own task in a DGPT procedure: the user who filed the project (the starter of
 * dgpt-p01-desarrollo-si, which passes `iniciadoPor` and `origen` to the stage). A procedure started
 * on its own is started by the Gestor de Proyectos (starterGroups) on the requester's behalf: its
 * starter is not the requester, and the task stays with the group. Never null (see REQUESTER).
 */
export const PROJECT_REQUESTER = `=if origen = "${DGPT_PROJECT}" and iniciadoPor.username != null then iniciadoPor.username else ""`;

/** The manual's version of every DGPT model. */
export const DGPT_VERSION = 'OFMA-MPP-2016-00';

/** The carpeta electrónica with more documents: FEEL lists (or list expressions), without '='. */
export const carpetaMas = (...lists: string[]): string => `concatenate(if carpeta = null then [] else carpeta, ${lists.join(', ')})`;

/** A script task that adds the activity's documents to the carpeta electrónica. */
export const integrarCarpeta = ({
  lists,
  lane,
  name = 'Integrar documentos a la carpeta electrónica',
  documentation,
}: {
  lists: string[];
  lane?: string;
  name?: string;
  documentation?: string;
}): Task => ({
  kind: 'scriptTask',
  id: 'integrar-carpeta',
  name,
  ...(lane === undefined ? {} : { lane }),
  script: { expression: `=${carpetaMas(...lists)}`, resultVariable: 'carpeta' },
  ...(documentation === undefined ? {} : { documentation }),
});

/** project.publish-plan: the work plan published in the Project Server (PR03 3.b). */
export const publishPlan = ({ id, name, documentation }: { id: string; name: string; documentation: string }): Task => ({
  kind: 'serviceTask',
  id,
  name,
  type: 'project.publish-plan',
  inputs: [
    ['={ nombre: nombreProyecto }', 'proyecto'],
    ['=planTrabajo', 'plan'],
  ],
  outputs: [['=planPublicado', 'planPublicado']],
  documentation,
});

/** A DGPT e-mail to the requester, signed by the DGPT. */
export const dgptEmail = ({
  id,
  name,
  lane,
  plantilla,
  datos,
  output,
  documentation,
}: {
  id: string;
  name: string;
  lane: string;
  plantilla: string;
  datos: Expr;
  output: string;
  documentation: string;
}): Task => ({
  kind: 'serviceTask',
  id,
  name,
  lane,
  type: 'notify.email',
  headers: { plantilla, firma: 'dgpt' },
  inputs: [
    ['=solicitante.correo', 'para'],
    [`="${plantilla}"`, 'plantilla'],
    [datos, 'datos'],
  ],
  outputs: [['=notificacion', output]],
  documentation,
});
