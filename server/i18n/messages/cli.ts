// Texts of oficio, the command line (server/cli.ts): its help, lint, audit verify and migrate
// (server/core/migration/index.ts).
import { defineMessages } from '../define.js';

export const cli = defineMessages({
  'cli.usage': {
    es: [
      'Oficio — línea de comandos',
      '',
      'Uso: oficio <comando> [opciones]',
      '',
      'Comandos:',
      '  deploy [--engine embedded|camunda] <archivos|directorios…>',
      '      Despliega los modelos .bpmn (de un directorio, todos los que contenga) en un solo despliegue;',
      '      con --engine camunda (o ENGINE=camunda), en el clúster de Camunda 8, con los escuchas de tareas de Oficio.',
      '  start-instance <idProceso> [--vars <json>]',
      '      Inicia una instancia de la última versión del proceso; --vars es un objeto JSON.',
      '  instances [--state ACTIVE|COMPLETED|TERMINATED] [--process <idProceso>] [--limit <n>]',
      '      Lista las instancias de proceso, las más recientes primero.',
      '  incidents [--process-instance <clave>] [--all] [--limit <n>]',
      '      Lista los incidentes activos (todos, también los resueltos, con --all).',
      '  lint <archivos|directorios…>',
      '      Revisa los modelos .bpmn con bpmnlint (reglas recomendadas y compatibilidad con Camunda 8.8).',
      '  audit verify',
      '      Verifica que la cadena de la bitácora de auditoría esté íntegra y dice dónde se rompe.',
      '  migrate [--from <archivo sqlite>] [--to <uri mongodb | archivo sqlite>] [--db <base>] [--batch <n>]',
      '      Copia todo el almacén (de ./data/oficio.sqlite a MONGODB_URI si no se indican) a un destino vacío y verifica la copia.',
      '  workers',
      '      Ejecuta todos los workers de workers/ contra el clúster de Camunda 8 hasta Ctrl+C.',
      '  help',
      '      Muestra esta ayuda.',
      '',
      'Variables de entorno:',
      '  OFICIO_DATA_DIR   directorio de datos (predeterminado ./data)',
      '  STORE             dónde están los datos: sqlite (predeterminado) o mongodb (con MONGODB_URI)',
      '  ENGINE            el motor: embedded (predeterminado) o camunda (ZEEBE_REST_ADDRESS y demás variables del SDK)',
      '  OFICIO_LANG       idioma de los mensajes: es (predeterminado) o en',
      '  OFICIO_DEBUG=1    muestra la traza completa de los errores inesperados',
      '',
      'Códigos de salida: 0 correcto; 1 la operación fue rechazada o falló; 2 uso o datos de entrada incorrectos.',
    ].join('\n'),
    en: [
      'Oficio — command line',
      '',
      'Usage: oficio <command> [options]',
      '',
      'Commands:',
      '  deploy [--engine embedded|camunda] <files|directories…>',
      '      Deploys the .bpmn models (every one inside a directory) in a single deployment;',
      "      with --engine camunda (or ENGINE=camunda), to the Camunda 8 cluster, with Oficio's task listeners.",
      '  start-instance <processId> [--vars <json>]',
      "      Starts an instance of the process's latest version; --vars is a JSON object.",
      '  instances [--state ACTIVE|COMPLETED|TERMINATED] [--process <processId>] [--limit <n>]',
      '      Lists process instances, most recent first.',
      '  incidents [--process-instance <key>] [--all] [--limit <n>]',
      '      Lists active incidents (all of them, resolved ones too, with --all).',
      '  lint <files|directories…>',
      '      Checks .bpmn models with bpmnlint (recommended rules and Camunda 8.8 compatibility).',
      '  audit verify',
      "      Checks that the audit trail's hash chain is intact and says where it breaks.",
      '  migrate [--from <sqlite file>] [--to <mongodb uri | sqlite file>] [--db <database>] [--batch <n>]',
      '      Copies the whole store (./data/oficio.sqlite to MONGODB_URI unless given) into an empty target and verifies the copy.',
      '  workers',
      '      Runs every worker of workers/ against the Camunda 8 cluster until Ctrl+C.',
      '  help',
      '      Shows this help.',
      '',
      'Environment variables:',
      '  OFICIO_DATA_DIR   data directory (default ./data)',
      '  STORE             where the data lives: sqlite (default) or mongodb (with MONGODB_URI)',
      "  ENGINE            the engine: embedded (default) or camunda (ZEEBE_REST_ADDRESS and the SDK's other variables)",
      '  OFICIO_LANG       language of messages: es (default) or en',
      '  OFICIO_DEBUG=1    prints the full stack trace of unexpected errors',
      '',
      'Exit codes: 0 success; 1 the operation was refused or failed; 2 wrong usage or input.',
    ].join('\n'),
  },
  'cli.unknownCommand': {
    es: 'Comando desconocido: «{command}».',
    en: 'Unknown command: "{command}".',
  },
  'cli.unknownFlag': {
    es: 'Opción desconocida para «{command}»: {flag}.',
    en: 'Unknown option for "{command}": {flag}.',
  },
  'cli.flagNeedsValue': {
    es: 'La opción {flag} necesita un valor.',
    en: 'The option {flag} needs a value.',
  },
  'cli.flagTakesNoValue': {
    es: 'La opción {flag} no lleva valor.',
    en: 'The option {flag} takes no value.',
  },
  'cli.tooManyArguments': {
    es: 'Argumentos de más para «{command}»: {args}.',
    en: 'Too many arguments for "{command}": {args}.',
  },
  'cli.seeHelp': {
    es: 'Consulta «oficio help» para ver los comandos y sus opciones.',
    en: 'See "oficio help" for the commands and their options.',
  },
  'cli.configError': {
    es: 'Configuración inválida: {message}',
    en: 'Invalid configuration: {message}',
  },
  'cli.unexpected': {
    es: 'Error inesperado: {message} (define OFICIO_DEBUG=1 para ver el detalle).',
    en: 'Unexpected error: {message} (set OFICIO_DEBUG=1 for details).',
  },
  'cli.unexpectedDebug': {
    es: 'Error inesperado: {message}',
    en: 'Unexpected error: {message}',
  },
  'cli.engineRefused': {
    es: 'El motor rechazó la operación: {message}',
    en: 'The engine refused the operation: {message}',
  },
  'cli.deploy.invalidEngine': {
    es: '--engine debe ser embedded o camunda, no «{value}».',
    en: '--engine must be embedded or camunda, not "{value}".',
  },
  'cli.camunda.unavailable': {
    es: 'No se pudo trabajar con Camunda en {address}: revise ZEEBE_REST_ADDRESS, CAMUNDA_AUTH_STRATEGY y sus credenciales.',
    en: 'Could not work with Camunda at {address}: check ZEEBE_REST_ADDRESS, CAMUNDA_AUTH_STRATEGY and its credentials.',
  },
  'cli.workers.needsCamunda': {
    es: 'oficio workers ejecuta los workers contra un clúster de Camunda 8: defina ENGINE=camunda o ZEEBE_REST_ADDRESS. Con el motor embebido no hace falta: npm start ya los ejecuta.',
    en: 'oficio workers runs the workers against a Camunda 8 cluster: set ENGINE=camunda or ZEEBE_REST_ADDRESS. The embedded engine does not need it: npm start already runs them.',
  },
  'cli.workers.started': {
    es: '{count} workers atienden los trabajos de Camunda en {address} (Ctrl+C para detenerlos):',
    en: '{count} workers are taking jobs from Camunda at {address} (Ctrl+C stops them):',
  },
  'cli.workers.stopping': {
    es: 'Deteniendo los workers; los trabajos en curso terminan primero…',
    en: 'Stopping the workers; the jobs under way finish first…',
  },
  'cli.files.none': {
    es: 'Indica al menos un archivo .bpmn o un directorio: oficio {command} <archivos|directorios…>',
    en: 'Give at least one .bpmn file or directory: oficio {command} <files|directories…>',
  },
  'cli.files.notFound': {
    es: 'No se encontró el archivo o directorio «{file}».',
    en: 'File or directory not found: "{file}".',
  },
  'cli.files.unreadable': {
    es: 'No se pudo leer «{file}»: {reason}',
    en: 'Could not read "{file}": {reason}',
  },
  'cli.files.noBpmn': {
    es: 'No hay archivos .bpmn en {dir}; no hay nada que hacer.',
    en: 'There are no .bpmn files in {dir}; nothing to do.',
  },
  'cli.deploy.done': {
    es: 'Despliegue aceptado: {count} proceso(s).',
    en: 'Deployment accepted: {count} process(es).',
  },
  'cli.deploy.process': {
    es: '{processId}  versión {version}  clave {key}  ({resource})',
    en: '{processId}  version {version}  key {key}  ({resource})',
  },
  'cli.deploy.rejected': {
    es: 'Despliegue rechazado: {count} problema(s).',
    en: 'Deployment rejected: {count} problem(s).',
  },
  'cli.deploy.problem': {
    es: '  {file} — elemento {elementId} ({elementType}): {message}',
    en: '  {file} — element {elementId} ({elementType}): {message}',
  },
  'cli.deploy.problemDocument': {
    es: '  {file}: {message}',
    en: '  {file}: {message}',
  },
  'cli.start.noProcess': {
    es: 'Indica el id del proceso: oficio start-instance <idProceso> [--vars <json>]',
    en: 'Give the process id: oficio start-instance <processId> [--vars <json>]',
  },
  'cli.start.invalidJson': {
    es: 'El valor de --vars no es JSON válido: {problem}',
    en: 'The value of --vars is not valid JSON: {problem}',
  },
  'cli.start.notAnObject': {
    es: 'El valor de --vars debe ser un objeto JSON, por ejemplo {"monto": 1500}; se recibió «{value}».',
    en: 'The value of --vars must be a JSON object, e.g. {"amount": 1500}; got "{value}".',
  },
  'cli.start.unknownProcess': {
    es: 'No hay ningún proceso desplegado con id «{processId}». Despliégalo primero con «oficio deploy <archivo.bpmn>».',
    en: 'No process with id "{processId}" is deployed. Deploy it first with "oficio deploy <file.bpmn>".',
  },
  'cli.start.refused': {
    es: 'No se pudo iniciar una instancia de «{processId}»: {message}',
    en: 'Could not start an instance of "{processId}": {message}',
  },
  'cli.start.done': {
    es: 'Instancia {key} iniciada ({processId} versión {version}).',
    en: 'Instance {key} started ({processId} version {version}).',
  },
  'cli.instances.invalidState': {
    es: 'Estado inválido «{value}»: usa ACTIVE, COMPLETED o TERMINATED.',
    en: 'Invalid state "{value}": use ACTIVE, COMPLETED or TERMINATED.',
  },
  'cli.instances.invalidLimit': {
    es: '--limit debe ser un número entero entre 1 y 10000, no «{value}».',
    en: '--limit must be a whole number between 1 and 10000, not "{value}".',
  },
  'cli.instances.none': {
    es: 'No hay instancias que coincidan.',
    en: 'No matching instances.',
  },
  'cli.instances.more': {
    es: 'Se muestran {shown} de {total}; usa --limit para ver más.',
    en: 'Showing {shown} of {total}; use --limit to see more.',
  },
  'cli.incidents.none': {
    es: 'No hay incidentes activos.',
    en: 'No active incidents.',
  },
  'cli.incidents.noneAll': {
    es: 'No hay incidentes.',
    en: 'No incidents.',
  },
  'cli.incidents.message': {
    es: '{label}: {detail}',
    en: '{label}: {detail}',
  },
  'cli.column.key': { es: 'Clave', en: 'Key' },
  'cli.column.process': { es: 'Proceso', en: 'Process' },
  'cli.column.version': { es: 'Versión', en: 'Version' },
  'cli.column.state': { es: 'Estado', en: 'State' },
  'cli.column.incident': { es: 'Incidente', en: 'Incident' },
  'cli.column.started': { es: 'Inicio', en: 'Started' },
  'cli.column.instance': { es: 'Instancia', en: 'Instance' },
  'cli.column.element': { es: 'Elemento', en: 'Element' },
  'cli.column.type': { es: 'Tipo', en: 'Type' },
  'cli.column.message': { es: 'Mensaje', en: 'Message' },
  'cli.yes': { es: 'sí', en: 'yes' },
  'cli.no': { es: 'no', en: 'no' },
  'cli.lint.clean': {
    es: '{file}: sin hallazgos.',
    en: '{file}: no findings.',
  },
  'cli.lint.file': {
    es: '{file}:',
    en: '{file}:',
  },
  'cli.lint.error': { es: 'error', en: 'error' },
  'cli.lint.warning': { es: 'advertencia', en: 'warning' },
  'cli.lint.info': { es: 'aviso', en: 'info' },
  'cli.lint.malformed': {
    es: 'el XML está mal formado ({detail})',
    en: 'the XML is malformed ({detail})',
  },
  'cli.lint.summary': {
    es: '{errors} error(es) y {warnings} advertencia(s) en {files} archivo(s).',
    en: '{errors} error(s) and {warnings} warning(s) in {files} file(s).',
  },
  // oficio audit verify (server/cli.ts)
  'cli.audit.usage': {
    es: [
      'Uso: oficio audit verify',
      '  Recorre toda la bitácora de auditoría, recalcula la cadena de hashes y dice si está íntegra',
      '  o en qué evento se rompe y por qué; luego compara lo que el motor hizo por orden de alguien',
      '  (inicios, asignaciones y terminaciones de tareas, reintentos) con sus eventos y nombra lo que',
      '  falta, y las intenciones sin confirmar. Códigos de salida: 0 íntegra y completa; 1 alterada o incompleta.',
    ].join('\n'),
    en: [
      'Usage: oficio audit verify',
      '  Walks the whole audit trail, recomputes its hash chain and says whether it is intact,',
      '  or at which event it breaks and why; then compares what the engine did on request (starts,',
      '  task assignments and completions, retries) with their events and names what is missing,',
      '  and intents not confirmed. Exit codes: 0 intact and complete; 1 tampered with or incomplete.',
    ].join('\n'),
  },
  'cli.audit.moreGaps': { es: '  … y {count} más.', en: '  … and {count} more.' },
  'cli.audit.unknownSubcommand': {
    es: 'Subcomando desconocido de «audit»: «{subcommand}». El único es «verify».',
    en: 'Unknown "audit" subcommand: "{subcommand}". The only one is "verify".',
  },
  'cli.audit.intact': {
    es: 'Bitácora de auditoría íntegra: {count} evento(s) verificados, la cadena de hashes está completa.',
    en: 'Audit trail intact: {count} event(s) verified, the hash chain is complete.',
  },
  'cli.audit.lastHash': {
    es: 'Hash del último evento: {hash} (guárdelo fuera del sistema para detectar una reescritura completa).',
    en: 'Hash of the last event: {hash} (keep it outside the system to detect a wholesale rewrite).',
  },
  'cli.audit.broken': {
    es: 'Bitácora de auditoría ALTERADA: la cadena se rompe en el evento {sequence}: {reason}.',
    en: 'Audit trail TAMPERED WITH: the chain breaks at event {sequence}: {reason}.',
  },
  'cli.audit.expectedHash': { es: '  hash esperado:   {hash}', en: '  expected hash: {hash}' },
  'cli.audit.actualHash': { es: '  hash encontrado: {hash}', en: '  actual hash:   {hash}' },
  'cli.audit.brokenAdvice': {
    es: 'Los eventos anteriores al {sequence} siguen verificados; conserve una copia de la base de datos y avise al responsable de seguridad antes de tocar nada.',
    en: 'Events before {sequence} remain verified; keep a copy of the database and tell the security officer before touching anything.',
  },
  // oficio migrate (server/cli.ts, server/core/migration/index.ts)
  'cli.migrate.usage': {
    es: [
      'Uso: oficio migrate [--from <archivo sqlite>] [--to <uri mongodb | archivo sqlite>] [--db <base>] [--batch <n>]',
      '  Copia todo el almacén de Oficio (definiciones, instancias, tareas, variables, trabajos, adjuntos con sus bytes,',
      '  usuarios, sesiones, la bitácora de auditoría…) conservando ids y versiones, y verifica la copia.',
      '  --from  el archivo SQLite de origen (predeterminado: el de OFICIO_DATA_DIR, ./data/oficio.sqlite)',
      '  --to    el destino: una URI de MongoDB (predeterminado: MONGODB_URI) o un archivo SQLite nuevo',
      '  --db    la base de datos de MongoDB (predeterminado: MONGODB_DB, la de la URI o «oficio»)',
      '  --batch documentos por lectura y escritura (predeterminado 500)',
      '  El destino debe estar vacío. Detenga Oficio antes de migrar.',
      '  Códigos de salida: 0 copia completa y verificada; 1 rechazada o con diferencias; 2 uso incorrecto.',
    ].join('\n'),
    en: [
      'Usage: oficio migrate [--from <sqlite file>] [--to <mongodb uri | sqlite file>] [--db <database>] [--batch <n>]',
      "  Copies Oficio's whole store (definitions, instances, tasks, variables, jobs, attachments with their bytes,",
      '  users, sessions, the audit trail…) keeping ids and versions, and verifies the copy.',
      '  --from  the source SQLite file (default: the one in OFICIO_DATA_DIR, ./data/oficio.sqlite)',
      '  --to    the target: a MongoDB URI (default: MONGODB_URI) or a new SQLite file',
      '  --db    the MongoDB database (default: MONGODB_DB, the URI\'s, or "oficio")',
      '  --batch documents per read and write (default 500)',
      '  The target must be empty. Stop Oficio before migrating.',
      '  Exit codes: 0 complete and verified copy; 1 refused or with differences; 2 wrong usage.',
    ].join('\n'),
  },
  'cli.migrate.invalidBatch': { es: '--batch debe ser un número entero de 1 a 10000, no «{value}».', en: '--batch must be a whole number from 1 to 10000, not "{value}".' },
  'cli.migrate.sourceMissing': {
    es: 'No existe el almacén de origen {path}: indique el archivo SQLite con --from.',
    en: 'There is no source store at {path}: give the SQLite file with --from.',
  },
  'cli.migrate.sameStore': { es: 'El origen y el destino son el mismo archivo ({path}).', en: 'The source and the target are the same file ({path}).' },
  'cli.migrate.start': { es: 'Copiando {from} → {to}', en: 'Copying {from} → {to}' },
  'cli.migrate.stopFirst': {
    es: '(Oficio debe estar detenido: lo que se escribiera durante la copia no llegaría al destino.)',
    en: '(Oficio must be stopped: whatever were written during the copy would not reach the target.)',
  },
  'cli.migrate.targetNotEmpty': {
    es: 'El destino {to} ya tiene documentos en: {collections}. La migración solo escribe en un destino vacío, para no mezclar ni sobrescribir datos: use otra base de datos (--db u otro nombre en la URI) o vacíe esa primero.',
    en: 'The target {to} already holds documents in: {collections}. Migration only writes into an empty target, so that no data is mixed or overwritten: use another database (--db or another name in the URI) or empty that one first.',
  },
  'cli.migrate.notCopyable': { es: 'Este tipo de almacén ({store}) no se puede copiar.', en: 'This kind of store ({store}) cannot be copied.' },
  'cli.migrate.rowOk': { es: '  ✓ {collection}: {count} documento(s)', en: '  ✓ {collection}: {count} document(s)' },
  'cli.migrate.rowCount': {
    es: '  ✗ {collection}: {source} documento(s) en el origen y {target} en el destino',
    en: '  ✗ {collection}: {source} document(s) in the source and {target} in the target',
  },
  'cli.migrate.rowContent': {
    es: '  ✗ {collection}: {count} documento(s), pero no todos se leen igual en el destino',
    en: '  ✗ {collection}: {count} document(s), but not all of them read the same in the target',
  },
  'cli.migrate.attachmentsOk': {
    es: '  ✓ adjuntos: los {count} conservan su tamaño y su sha256 en el destino',
    en: '  ✓ attachments: all {count} keep their size and sha256 in the target',
  },
  'cli.migrate.attachmentsInBlobs': {
    es: '    ({count} con sus bytes en el almacenamiento de archivos del destino: GridFS en MongoDB)',
    en: "    ({count} with their bytes in the target's file storage: GridFS on MongoDB)",
  },
  'cli.migrate.attachmentBad': { es: '  ✗ adjunto {id}: {problem}', en: '  ✗ attachment {id}: {problem}' },
  'cli.migrate.problem.size': { es: 'el tamaño no coincide con el registrado', en: 'its size is not the recorded one' },
  'cli.migrate.problem.sha256': { es: 'su sha256 no coincide con el registrado', en: 'its sha256 is not the recorded one' },
  'cli.migrate.auditOk': {
    es: '  ✓ bitácora de auditoría: cadena íntegra en el destino, {events} evento(s), último hash {hash} (el mismo que en el origen)',
    en: '  ✓ audit trail: intact chain in the target, {events} event(s), last hash {hash} (the same as in the source)',
  },
  'cli.migrate.auditBroken': {
    es: '  ✗ bitácora de auditoría: la cadena del destino se rompe en el evento {sequence}: {reason}',
    en: "  ✗ audit trail: the target's chain breaks at event {sequence}: {reason}",
  },
  'cli.migrate.auditSourceBroken': {
    es: '    la del origen ya estaba rota en el evento {sequence} ({reason}); compruébelo con «oficio audit verify» antes de migrar',
    en: '    the source\'s was already broken at event {sequence} ({reason}); check it with "oficio audit verify" before migrating',
  },
  'cli.migrate.auditDiffers': {
    es: '  ✗ bitácora de auditoría: el destino tiene {targetEvents} evento(s) (último hash {targetHash}) y el origen {sourceEvents} ({sourceHash})',
    en: '  ✗ audit trail: the target holds {targetEvents} event(s) (last hash {targetHash}) and the source {sourceEvents} ({sourceHash})',
  },
  'cli.migrate.done': {
    es: 'Migración completa y verificada: {collections} colecciones, {documents} documentos.',
    en: 'Migration complete and verified: {collections} collections, {documents} documents.',
  },
  'cli.migrate.next': {
    es: 'Para arrancar Oficio sobre el destino: STORE=mongodb MONGODB_URI=<la misma URI> npm start',
    en: 'To start Oficio on the target: STORE=mongodb MONGODB_URI=<the same URI> npm start',
  },
  'cli.migrate.failed': {
    es: 'La verificación encontró diferencias (marcadas con ✗). El destino conserva lo copiado: vacíelo (o use otra base de datos) antes de repetir la migración.',
    en: 'Verification found differences (marked ✗). The target keeps what was copied: empty it (or use another database) before migrating again.',
  },
});
