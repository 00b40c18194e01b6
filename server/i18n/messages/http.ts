// Texts of the HTTP server (server/http): its answers to problems, the routes' own (instances,
// incidents, attachments, models, forms) and the Camunda 8 REST API served by the embedded engine (v2).
import { defineMessages } from '../define.js';

export const http = defineMessages({
  'http.listening': { es: 'Oficio escucha en {url}', en: 'Oficio is listening on {url}' },
  'http.validation': { es: 'Los datos enviados no son válidos.', en: 'The data sent is not valid.' },
  'http.malformedJson': { es: 'El cuerpo de la solicitud no es JSON válido.', en: 'The request body is not valid JSON.' },
  'http.tooDeep': {
    es: 'El valor en «{field}» anida objetos o listas a más de {max} niveles; no se aplicó nada.',
    en: 'The value at "{field}" nests objects or lists more than {max} levels deep; nothing was applied.',
  },
  'http.badEncoding': {
    es: 'El cuerpo de la solicitud no corresponde a su codificación (Content-Encoding); no se aplicó nada.',
    en: 'The request body does not match its encoding (Content-Encoding); nothing was applied.',
  },
  'http.badRequest': { es: 'La solicitud no está bien formada.', en: 'The request is malformed.' },
  'http.badPath': { es: 'La dirección pedida tiene una secuencia «%» que no es válida.', en: 'The requested address has an invalid "%" sequence.' },
  'http.badCursor': {
    es: 'El cursor de la página no es uno que el servidor haya entregado para esta consulta; vuelva a la primera página.',
    en: 'The page cursor is not one the server gave for this query; go back to the first page.',
  },
  'http.unauthenticated': { es: 'Inicie sesión para continuar.', en: 'Sign in to continue.' },
  'http.forbidden': { es: 'Su usuario no tiene permiso para esta acción.', en: 'Your user is not allowed to do this.' },
  'http.csrf': { es: 'Falta el token de seguridad de la sesión (CSRF) o no coincide.', en: 'The session security token (CSRF) is missing or does not match.' },
  'http.notFound': { es: 'No existe ese recurso.', en: 'No such resource.' },
  'http.conflict': { es: 'Alguien más modificó esto al mismo tiempo; vuelva a intentarlo.', en: 'Someone else changed this at the same time; try again.' },
  'http.internal': { es: 'Ocurrió un error interno; el equipo de TI ya quedó avisado en la bitácora.', en: 'An internal error occurred; it was written to the server log for IT.' },
  'http.deploymentRejected': { es: 'El modelo no se puede desplegar.', en: 'The model cannot be deployed.' },
  'http.engine.NOT_FOUND': { es: 'No se encontró: {key}', en: 'Not found: {key}' },
  'http.engine.INVALID_ARGUMENT': { es: 'La solicitud no es válida para el motor de procesos.', en: 'The request is not valid for the process engine.' },
  'http.engine.CONFLICT': { es: 'La operación entra en conflicto con el estado actual.', en: 'The operation conflicts with the current state.' },
  'http.engine.INVALID_STATE': { es: 'La operación no es posible en el estado actual.', en: 'The operation is not possible in the current state.' },
  'http.engine.NOT_SUPPORTED': { es: 'El motor de procesos configurado no ofrece esta operación.', en: 'The configured process engine does not offer this operation.' },
  'http.engine.UNAVAILABLE': {
    es: 'El motor de procesos (Camunda en {address}) no está disponible o no aceptó las credenciales de Oficio.',
    en: "The process engine (Camunda at {address}) is unavailable or did not accept Oficio's credentials.",
  },
  'http.rateLimited': {
    es: 'Demasiadas solicitudes desde su conexión; vuelva a intentarlo en {seconds} segundos.',
    en: 'Too many requests from your connection; try again in {seconds} seconds.',
  },
  'http.formInvalid': { es: 'Revise los campos señalados del formulario.', en: 'Check the highlighted fields of the form.' },
  // Instances, incidents, attachments, models and forms over HTTP (server/http/routes)
  'http.instance.notVisible': { es: 'Su usuario no puede ver esta instancia.', en: 'Your user may not see this instance.' },
  'http.incident.notActive': { es: 'El incidente {key} ya no está activo.', en: 'Incident {key} is no longer active.' },
  'http.incidents.forbidden': {
    es: 'Solo quien opera o audita instancias puede consultar los incidentes.',
    en: 'Only those who operate or audit instances may list incidents.',
  },
  'http.attachment.tooLarge': {
    es: 'El archivo pesa más de lo permitido ({max} bytes).',
    en: 'The file is larger than allowed ({max} bytes).',
  },
  'http.attachment.unsupportedType': {
    es: 'Tipo de archivo no permitido: {type}. Se aceptan PDF, PNG, JPEG, TXT, CSV, DOCX, XLSX, SQL y respaldos MDF/LDF.',
    en: 'File type not allowed: {type}. Accepted: PDF, PNG, JPEG, TXT, CSV, DOCX, XLSX, SQL and MDF/LDF backups.',
  },
  'http.attachment.contentMismatch': {
    es: 'El contenido del archivo no corresponde a su tipo ({type}).',
    en: 'The file content does not match its type ({type}).',
  },
  'http.attachment.fileName': {
    es: 'Indique el nombre del archivo en el encabezado X-File-Name (codificado para URL).',
    en: 'Give the file name in the X-File-Name header (URL-encoded).',
  },
  'http.attachment.empty': { es: 'El archivo está vacío.', en: 'The file is empty.' },
  'http.attachment.notUsable': {
    es: 'El adjunto {id} no existe, no es suyo, ya pertenece a otra instancia o venció (24 h).',
    en: 'Attachment {id} does not exist, is not yours, already belongs to another instance or expired (24 h).',
  },
  'http.attachment.interrupted': {
    es: 'La carga del archivo se interrumpió antes de terminar; vuelva a subirlo.',
    en: 'The upload was interrupted before it finished; upload the file again.',
  },
  // Per-user quotas (server/http/quotas.ts): each names its limit and when to try again.
  'http.quota.concurrentUploads': {
    es: 'Ya tiene {max} cargas de archivos en curso, el máximo a la vez; espere a que terminen y vuelva a intentarlo.',
    en: 'You already have {max} uploads in progress, the most at once; wait for them to finish and try again.',
  },
  'http.quota.uploadsPerHour': {
    es: 'Alcanzó el límite de {max} archivos por hora; vuelva a intentarlo en {seconds} segundos.',
    en: 'You reached the limit of {max} files per hour; try again in {seconds} seconds.',
  },
  'http.quota.draftsPerMinute': {
    es: 'Alcanzó el límite de {max} borradores guardados por minuto; vuelva a intentarlo en {seconds} segundos.',
    en: 'You reached the limit of {max} drafts saved per minute; try again in {seconds} seconds.',
  },
  'http.quota.startsPerMinute': {
    es: 'Alcanzó el límite de {max} procesos iniciados por minuto; vuelva a intentarlo en {seconds} segundos.',
    en: 'You reached the limit of {max} processes started per minute; try again in {seconds} seconds.',
  },
  'http.quota.publicStarts': {
    es: 'Este proceso también se presenta con el formulario público y comparte su límite: {max} cada {minutes} minutos desde una misma conexión; vuelva a intentarlo en {seconds} segundos.',
    en: 'This process is also filed through the public form and shares its limit: {max} every {minutes} minutes from one connection; try again in {seconds} seconds.',
  },
  'http.model.noDraft': { es: 'No hay borrador guardado del modelo {processId}.', en: 'There is no saved draft of model {processId}.' },
  'http.model.noSuchVersion': { es: 'El modelo {processId} no tiene la versión {version}.', en: 'Model {processId} has no version {version}.' },
  'http.model.processIdMismatch': {
    es: 'El BPMN no contiene un proceso con id «{processId}».',
    en: 'The BPMN has no process with id "{processId}".',
  },
  'http.model.deployRefused': {
    es: 'El modelo no se desplegó: corrija los hallazgos listados.',
    en: 'The model was not deployed: fix the findings listed.',
  },
  'http.form.notFound': { es: 'No existe el formulario {id}.', en: 'There is no form {id}.' },
  'http.form.designInvalid': { es: 'El formulario no se guardó: corrija lo señalado.', en: 'The form was not saved: fix what is pointed out.' },
  // The Camunda 8 REST API served by the embedded engine (server/http/v2)
  'v2.unauthenticated': {
    es: 'La API /v2 requiere autenticación HTTP Basic con un usuario y contraseña de Oficio.',
    en: 'The /v2 API requires HTTP Basic authentication with an Oficio user name and password.',
  },
  'v2.forbidden': {
    es: 'Su usuario no tiene permiso para esto: hace falta {permissions}, que da el rol {roles}.',
    en: 'Your user may not do this: it takes {permissions}, which the role {roles} gives.',
  },
  'v2.crossSite': {
    es: 'La API /v2 no acepta solicitudes enviadas desde otro sitio web.',
    en: 'The /v2 API does not accept requests sent from another web site.',
  },
  'v2.notFound': { es: 'La API /v2 de Oficio no tiene {method} {path}.', en: "Oficio's /v2 API has no {method} {path}." },
  'v2.invalidRequest': { es: 'La solicitud no es válida: {problems}', en: 'The request is not valid: {problems}' },
  'v2.tenantUnsupported': {
    es: 'El motor embebido tiene un solo tenant («<default>»); no existe «{tenantId}».',
    en: 'The embedded engine has a single tenant ("<default>"); there is no "{tenantId}".',
  },
  'v2.unsupported': { es: 'El motor embebido no admite {feature}.', en: 'The embedded engine does not support {feature}.' },
  'v2.deployment.notMultipart': {
    es: 'Un despliegue se envía como multipart/form-data, con cada archivo en el campo «resources».',
    en: 'A deployment is sent as multipart/form-data, each file in the "resources" field.',
  },
  'v2.deployment.noResources': { es: 'El despliegue no trae ningún archivo en «resources».', en: 'The deployment has no file in "resources".' },
  'v2.tooLarge': { es: 'La solicitud pasa del máximo de {max} bytes.', en: 'The request exceeds the maximum of {max} bytes.' },
  'v2.deployment.rejected': { es: 'El modelo no se puede desplegar: {problems}', en: 'The model cannot be deployed: {problems}' },
  'v2.engine.NOT_FOUND': { es: 'El motor no encontró «{what}».', en: 'The engine found nothing for "{what}".' },
  'v2.awaitTimeout': {
    es: 'La instancia {key} no terminó en {ms} ms; sigue en curso.',
    en: 'Instance {key} did not end within {ms} ms; it is still running.',
  },
  'v2.startVersion': {
    es: 'Solo quien opera instancias puede iniciar una versión de «{processId}» que no es la última.',
    en: 'Only instance operators may start a version of "{processId}" other than the latest.',
  },
  'v2.filterNeedsInstance': {
    es: 'Su usuario solo puede buscar aquí dentro de una instancia que pueda ver: filtre por processInstanceKey.',
    en: 'Your user may search here only within an instance it may see: filter by processInstanceKey.',
  },
  'v2.assignReason': { es: 'Asignada mediante la API de Camunda (/v2).', en: 'Assigned through the Camunda API (/v2).' },
  'v2.jobTimeout': {
    es: 'El tiempo de bloqueo de un trabajo (timeout) debe ser de al menos 1 ms.',
    en: 'A job lock time (timeout) must be at least 1 ms.',
  },
  'v2.processNeeded': {
    es: 'Indique el proceso: processDefinitionId o processDefinitionKey, uno de los dos.',
    en: 'Name the process: processDefinitionId or processDefinitionKey, one of them.',
  },
});
