// The e-mails Oficio sends, by template id: Spanish (es-MX) first, English as the alternate.
// `{{campo}}` is replaced by datos.campo (dot paths reach into objects: {{ticket.numero}}); a missing
// value reads "(no especificado)". `{{campo?}}` is optional: it vanishes when the process passes nothing.
// Process notifications never carry a password (PR08 3.d: the password is the user's own).
// Every mail is signed by the area that sends it: the template's `firma` (default `dgsti`, the help
// desk), unless the task names another with the header `firma` (see workers/CONTRACTS.md).
import type { Bilingual } from '../../contracts/i18n.js';

export interface MailTemplate {
  asunto: string;
  texto: string;
}

/** The areas that sign mail (manual 7.2 and 7.3 of the OFMA-MPP). */
export type FirmaId = 'dgsti' | 'dgpt';

export interface CatalogueEntry {
  es: MailTemplate;
  en: MailTemplate;
  /** Who signs it when the task does not say (header `firma`); default `dgsti`. */
  firma?: FirmaId;
}

export type Catalogue = Record<string, CatalogueEntry>;

/** The signature block appended to the text of every mail, by area and language. */
export const firmas: Record<FirmaId, Bilingual> = {
  // 7.3 Dirección General de Soporte a las Tecnologías de Información: the Mesa de Ayuda (ext. 5001, soporte@, DGSTI-P01 3.b).
  dgsti: {
    es: 'Mesa de Ayuda — Dirección General de Soporte a las TI\nOficialía Mayor del Gobierno del Estado de Aguascalientes\nTel. ext. 5001 · soporte@aguascalientes.gob.mx',
    en: 'Help Desk — IT Support Directorate\nOficialía Mayor, State Government of Aguascalientes\nPhone ext. 5001 · soporte@aguascalientes.gob.mx',
  },
  // 7.2 Dirección General de Proyectos de Tecnologías de Información (DGPT-P01; "Dirección General de Proyectos de TI").
  dgpt: {
    es: 'Dirección General de Proyectos de Tecnologías de Información\nOficialía Mayor del Gobierno del Estado de Aguascalientes',
    en: 'IT Projects Directorate (Dirección General de Proyectos de Tecnologías de Información)\nOficialía Mayor, State Government of Aguascalientes',
  },
};

export const DEFAULT_FIRMA: FirmaId = 'dgsti';

export const catalogue: Catalogue = {
  'acuse-solicitud': {
    es: {
      asunto: 'Acuse de su solicitud — reporte {{ticket.numero}}',
      texto:
        'Estimado(a) {{solicitante.nombre}}:\n\nRecibimos su solicitud y la registramos con el número de reporte {{ticket.numero}}. Consérvelo para dar seguimiento a su petición.\n\nCategoría: {{categoria}}\nDescripción: {{descripcion}}\n\nUn técnico de soporte le atenderá a la brevedad.',
    },
    en: {
      asunto: 'Your request was received — ticket {{ticket.numero}}',
      texto:
        'Dear {{solicitante.nombre}},\n\nWe received your request and registered it as ticket {{ticket.numero}}. Keep this number to follow up on it.\n\nCategory: {{categoria}}\nDescription: {{descripcion}}\n\nA support technician will attend to you shortly.',
    },
  },
  'servicio-atendido': {
    es: {
      asunto: 'Su reporte {{ticket.numero}} fue atendido',
      texto:
        'Estimado(a) {{solicitante.nombre}}:\n\nLe informamos que el servicio de su reporte {{ticket.numero}} fue atendido y el reporte quedó cerrado.\n\nResolución: {{resolucion}}\n\n{{mensaje?}}\n\nSi el problema persiste, responda a este correo o llame a la extensión 5001 citando su número de reporte.',
    },
    en: {
      asunto: 'Your ticket {{ticket.numero}} was resolved',
      texto:
        'Dear {{solicitante.nombre}},\n\nThe service for your ticket {{ticket.numero}} was completed and the ticket is closed.\n\nResolution: {{resolucion}}\n\n{{mensaje?}}\n\nIf the problem persists, reply to this e-mail or call extension 5001 quoting your ticket number.',
    },
  },
  'negativa-atencion': {
    firma: 'dgpt',
    es: {
      asunto: 'Su solicitud {{proyecto}} no puede ser atendida',
      texto:
        'Estimado(a) {{solicitante.nombre}}:\n\nDespués de analizar su solicitud {{proyecto}}, le informamos que en este momento no es posible atenderla.\n\nMotivo: {{motivo}}\n\nPuede presentar una nueva solicitud cuando las condiciones cambien o comunicarse con la Dirección General de Proyectos de TI para aclarar cualquier duda.',
    },
    en: {
      asunto: 'Your request {{proyecto}} cannot be attended',
      texto:
        'Dear {{solicitante.nombre}},\n\nAfter reviewing your request {{proyecto}}, we must inform you that it cannot be attended at this time.\n\nReason: {{motivo}}\n\nYou may submit a new request when conditions change, or contact the IT Projects Directorate with any question.',
    },
  },
  'solicitud-rechazada': {
    es: {
      asunto: 'Su solicitud fue rechazada',
      texto: 'Estimado(a) {{solicitante.nombre}}:\n\nSu solicitud {{folio}} fue rechazada.\n\nMotivo: {{motivo}}\n\nSi lo considera necesario, puede corregirla y presentarla de nuevo.',
    },
    en: {
      asunto: 'Your request was rejected',
      texto: 'Dear {{solicitante.nombre}},\n\nYour request {{folio}} was rejected.\n\nReason: {{motivo}}\n\nIf needed, you may correct it and submit it again.',
    },
  },
  'recordatorio-encuesta': {
    es: {
      asunto: '¿Cómo le atendimos? Encuesta del reporte {{ticket.numero}}',
      texto:
        'Estimado(a) {{solicitante.nombre}}:\n\nSu reporte {{ticket.numero}} fue atendido. Le agradeceremos contestar la breve encuesta de satisfacción que tiene pendiente en Oficio; su opinión nos ayuda a mejorar el servicio.\n\nLa encuesta se cerrará automáticamente a los tres días.',
    },
    en: {
      asunto: 'How did we do? Survey for ticket {{ticket.numero}}',
      texto:
        'Dear {{solicitante.nombre}},\n\nYour ticket {{ticket.numero}} was resolved. Please answer the short satisfaction survey waiting for you in Oficio; your opinion helps us improve.\n\nThe survey closes automatically after three days.',
    },
  },
  'cuenta-creada': {
    es: {
      asunto: 'Su cuenta de acceso {{cuenta.usuario}} está lista',
      texto:
        'Estimado(a) {{nombre}}:\n\nSe dio de alta su cuenta de acceso con el usuario {{cuenta.usuario}}.\n\nPor su seguridad, este correo no contiene ninguna contraseña. Para establecer la suya, comuníquese a la Mesa de Ayuda (extensión 5001): tras verificar su identidad se le habilitará el primer acceso, en el que el sistema le pedirá definir su propia contraseña.\n\nSu contraseña es personal y es su responsabilidad; debe tener al menos 8 caracteres, con letras, al menos un número y al menos un carácter especial (por ejemplo: ! # $ % & * ?).',
    },
    en: {
      asunto: 'Your account {{cuenta.usuario}} is ready',
      texto:
        'Dear {{nombre}},\n\nYour account was created with the user name {{cuenta.usuario}}.\n\nFor your security this e-mail contains no password. To set yours, call the Help Desk (extension 5001): once your identity is verified your first sign-in is enabled, and the system will ask you to choose your own password.\n\nYour password is personal and your responsibility; it must have at least 8 characters, with letters, at least one digit and at least one special character (e.g. ! # $ % & * ?).',
    },
  },
  'cuenta-modificada': {
    es: {
      asunto: 'Su solicitud sobre la cuenta {{cuenta.usuario}} fue atendida',
      texto: 'Estimado(a) {{nombre}}:\n\nSe atendió la solicitud de {{movimiento}} de la cuenta {{cuenta.usuario}}. Estado actual de la cuenta: {{cuenta.estado}}.',
    },
    en: {
      asunto: 'Your request about account {{cuenta.usuario}} was attended',
      texto: 'Dear {{nombre}},\n\nThe {{movimiento}} request for account {{cuenta.usuario}} was carried out. Current state of the account: {{cuenta.estado}}.',
    },
  },
  'devolucion-lista': {
    es: {
      asunto: 'Su devolución de efectivo está lista',
      texto:
        'Estimado(a) {{ciudadano.nombre}}:\n\nConcluimos la revisión de su queja del kiosco {{kioscoId}}. La devolución de {{cambioPendiente}} pesos está lista para entregarse.\n\nPara recibirla presente el formato de queja, una copia de su identificación oficial (IFE/INE) y firme de conformidad.',
    },
    en: {
      asunto: 'Your cash refund is ready',
      texto:
        'Dear {{ciudadano.nombre}},\n\nWe completed the review of your complaint about kiosk {{kioscoId}}. Your refund of {{cambioPendiente}} pesos is ready.\n\nTo receive it, bring the complaint form and a copy of your official ID (IFE/INE), and sign the receipt.',
    },
  },
  'liberacion-proyecto': {
    firma: 'dgpt',
    es: {
      asunto: 'Liberación del proyecto {{proyecto.nombre}}',
      texto:
        'Estimado(a) {{solicitante.nombre}}:\n\nLe informamos que el proyecto {{proyecto.nombre}} fue liberado. Adjunto al expediente del proyecto encontrará el Documento de Liberación.\n\n{{mensaje?}}',
    },
    en: {
      asunto: 'Release of project {{proyecto.nombre}}',
      texto: 'Dear {{solicitante.nombre}},\n\nProject {{proyecto.nombre}} has been released. The Release Document is in the project file.\n\n{{mensaje?}}',
    },
  },
  'usuario-sigue-creado': {
    es: {
      asunto: 'Su usuario de SIGUE {{usuarioSigue.usuario}} fue creado',
      texto:
        'Estimado(a) {{nombre}}:\n\nSe creó su usuario {{usuarioSigue.usuario}} en SIGUE para la aplicación {{aplicacion}}.\n\nEste correo no contiene contraseña. En su primer acceso el sistema le pedirá definir su propia contraseña: al menos 8 caracteres, con letras, al menos un número y al menos un carácter especial.',
    },
    en: {
      asunto: 'Your SIGUE user {{usuarioSigue.usuario}} was created',
      texto:
        'Dear {{nombre}},\n\nYour SIGUE user {{usuarioSigue.usuario}} was created for the application {{aplicacion}}.\n\nThis e-mail contains no password. On first sign-in you will be asked to choose your own: at least 8 characters, with letters, at least one digit and one special character.',
    },
  },
};

/** Shown where a template names a field the process did not pass. */
export const MISSING = { es: '(no especificado)', en: '(not specified)' } as const;
