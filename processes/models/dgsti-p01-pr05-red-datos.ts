// DGSTI-P01-PR05 Red de Datos (manual 7.3.1, procedimiento 5): a data-network request filed by the
// Jefe de Informática or the Administrativo of the Dependencia with the data of 3.c.1–3.c.11 is
// executed by the data-network technicians (3.d) and closed in OTRS (3.e); support for special
// events must arrive at least 15 days before the event (3.f).
import type { ProcessDefinition } from '../builder/index.js';
import { DGSTI_LANES, executeService, ownTicket, specialEvent, txt } from '../fragments.js';

const ticket = ownTicket({
  categoria: 'red-datos',
  descripcion: `="Red de datos: " + ${txt('tipoServicio')} + ", IP " + ${txt('direccionIp')} + (if descripcion = null then "" else ". " + descripcion)`,
  next: 'evento-especial',
});

const evento = specialEvent({
  procedimiento: 'PR05',
  nombre: 'Red de Datos',
  lane: 'red-datos',
  campo: 'tipoServicio',
  estudioDocumentation:
    '3.f: los técnicos responsables de redes y, en su caso, el Director de Telecomunicaciones y Redes estudian en el lugar del evento la infraestructura requerida, la factibilidad y los requerimientos.',
  next: 'listo-para-ejecutar',
});

const servicio = executeService({ lane: 'red-datos', form: 'dgsti-p01-pr05-ejecutar-servicio', activity: 'A7' });

const definition: ProcessDefinition = {
  id: 'dgsti-p01-pr05-red-datos',
  name: 'Red de Datos',
  folioSerie: 'SOP',
  versionTag: 'DGSTI-P01-PR05',
  documentation:
    'Procedimiento DGSTI-P01-PR05 Red de Datos (OFMA-MPP 7.3.1, A7, 2 días). Políticas: 3.a servicio de uso exclusivo del personal de cada dependencia; 3.b solicitud por la ext. 5001 o soporte@aguascalientes.gob.mx; ' +
    '3.c solo el Jefe de Informática o el Administrativo de la Dependencia (grupo jefe-informatica) emite la solicitud con: c.1 Dependencia, c.2 Área, c.3 Nombre del usuario, c.4 Teléfono, c.5 Número de Extensión, c.6 Dirección IP, ' +
    'c.7 quién autoriza y su justificación (accesos y permisos especiales), c.8 descripción del proyecto de conexión / configuración de equipo activo / infraestructura, c.9 URL para bloqueo/desbloqueo, ' +
    'c.10 puertos o servicios para apertura, c.11 fecha de inicio y fin para accesos a internet; 3.d se asigna a los técnicos responsables; 3.e se cierra en OTRS; ' +
    '3.f eventos especiales: al menos 15 días antes del evento, estudio en sitio de los técnicos de redes y el Director de Telecomunicaciones y Redes y, en su caso, propuesta de adquisición. Registro: Control de atención a usuarios.',
  lanes: [
    { id: 'jefe-informatica', name: 'Jefe de Informática o Administrativo de la Dependencia' },
    DGSTI_LANES.mesaAyuda,
    DGSTI_LANES.redDatos,
    { id: 'telecom', name: 'Director de Telecomunicaciones y Redes' },
  ],
  elements: [
    {
      kind: 'start',
      id: 'solicitud-red-datos',
      name: 'Solicitud de servicio de red de datos',
      lane: 'jefe-informatica',
      form: 'dgsti-p01-pr05-solicitud',
      starterGroups: 'jefe-informatica',
      documentation: 'PR05 3.c: solo el Jefe de Informática o el Administrativo de la Dependencia o Entidad demandante puede emitir la solicitud.',
    },
    ...ticket.elements,
    ...evento.elements,
    ...servicio.elements,
  ],
  flows: [{ from: 'solicitud-red-datos', to: 'tiene-ticket' }, ...ticket.flows, ...evento.flows, ...servicio.flows],
};

export default definition;
