// The catalogue itself: one entry per message, es-MX and en.
import { FORM_MESSAGES } from '../../forms/messages.js';

export const messages = {
  ...FORM_MESSAGES,
  'engine.started': {
    es: 'Motor embebido listo sobre {store}.',
    en: 'Embedded engine ready on {store}.',
  },
  'engine.deployed': {
    es: 'Desplegado {processId} versión {version} ({resource}).',
    en: 'Deployed {processId} version {version} ({resource}).',
  },
  'engine.nothingToDeploy': {
    es: 'No hay modelos en processes/ todavía; el motor espera despliegues.',
    en: 'No models in processes/ yet; the engine is waiting for deployments.',
  },
  'engine.stopping': {
    es: 'Deteniendo Oficio…',
    en: 'Stopping Oficio…',
  },
  'engine.camunda.started': {
    es: 'Motor: Camunda 8 en {address}; las tareas de usuario se registran en {store}.',
    en: 'Engine: Camunda 8 at {address}; user tasks are recorded in {store}.',
  },
  // --- oficio (command line: server/cli.ts) ---
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
      '      Checks that the audit trail\'s hash chain is intact and says where it breaks.',
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
  // --- oficio audit verify (server/cli.ts) ---
  'cli.audit.usage': {
    es: [
      'Uso: oficio audit verify',
      '  Recorre toda la bitácora de auditoría, recalcula la cadena de hashes y dice si está íntegra',
      '  o en qué evento se rompe y por qué. Códigos de salida: 0 íntegra; 1 alterada.',
    ].join('\n'),
    en: [
      'Usage: oficio audit verify',
      '  Walks the whole audit trail, recomputes its hash chain and says whether it is intact,',
      '  or at which event it breaks and why. Exit codes: 0 intact; 1 tampered with.',
    ].join('\n'),
  },
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
  // --- oficio migrate (server/cli.ts, server/store/migrate.ts) ---
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
      "  --db    the MongoDB database (default: MONGODB_DB, the URI's, or \"oficio\")",
      '  --batch documents per read and write (default 500)',
      '  The target must be empty. Stop Oficio before migrating.',
      '  Exit codes: 0 complete and verified copy; 1 refused or with differences; 2 wrong usage.',
    ].join('\n'),
  },
  'cli.migrate.invalidBatch': { es: '--batch debe ser un número entero de 1 a 10000, no «{value}».', en: '--batch must be a whole number from 1 to 10000, not "{value}".' },
  'cli.migrate.sourceMissing': { es: 'No existe el almacén de origen {path}: indique el archivo SQLite con --from.', en: 'There is no source store at {path}: give the SQLite file with --from.' },
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
  // --- the MongoDB store (server/store/mongodb): what an operator reads when it cannot be opened ---
  'store.mongodb.invalidUri': {
    es: 'MONGODB_URI no es una cadena de conexión de MongoDB válida: debe tener la forma mongodb://servidor:27017/oficio?replicaSet=rs0 (o mongodb+srv://…).',
    en: 'MONGODB_URI is not a valid MongoDB connection string: it must look like mongodb://server:27017/oficio?replicaSet=rs0 (or mongodb+srv://…).',
  },
  'store.mongodb.invalidDatabase': {
    es: '«{database}» no puede ser el nombre de una base de datos de MongoDB (hasta 63 caracteres, sin espacios ni / \\ . " $ * < > : | ?).',
    en: '"{database}" cannot be the name of a MongoDB database (up to 63 characters, no spaces nor / \\ . " $ * < > : | ?).',
  },
  'store.mongodb.unreachable': {
    es: 'No se pudo conectar con MongoDB en {address}: ningún servidor respondió a tiempo. Revise MONGODB_URI y que el servidor esté en marcha y accesible desde esta máquina.',
    en: 'Could not connect to MongoDB at {address}: no server answered in time. Check MONGODB_URI and that the server is running and reachable from this machine.',
  },
  'store.mongodb.authFailed': {
    es: 'MongoDB en {address} rechazó el usuario y la contraseña de MONGODB_URI. Revise las credenciales (y authSource si el usuario está definido en otra base).',
    en: 'MongoDB at {address} rejected the user name and password of MONGODB_URI. Check the credentials (and authSource if the user is defined in another database).',
  },
  'store.mongodb.notAuthorized': {
    es: 'El usuario de MONGODB_URI no tiene permiso sobre la base «{database}» en {address}: necesita el rol readWrite en ella.',
    en: 'The user of MONGODB_URI has no rights on the database "{database}" at {address}: it needs the readWrite role on it.',
  },
  'store.mongodb.standalone': {
    es: 'MongoDB en {address} es un servidor independiente (standalone) y Oficio necesita un conjunto de réplicas (replica set): cada paso de un proceso se guarda en una transacción, y MongoDB solo tiene transacciones en conjuntos de réplicas. Un solo servidor basta: inícielo con «mongod --replSet rs0», ejecute una vez «mongosh --eval \'rs.initiate()\'» y agregue ?replicaSet=rs0 a MONGODB_URI.',
    en: "MongoDB at {address} is a standalone server and Oficio needs a replica set: every step of a process is stored in a transaction, and MongoDB has transactions on replica sets only. One server is enough: start it with `mongod --replSet rs0`, run `mongosh --eval 'rs.initiate()'` once and add ?replicaSet=rs0 to MONGODB_URI.",
  },
  'store.mongodb.notInitiated': {
    es: 'MongoDB en {address} se inició como conjunto de réplicas pero el conjunto aún no se ha inicializado: ejecute una vez «mongosh --eval \'rs.initiate()\'» en ese servidor y vuelva a intentarlo.',
    en: "MongoDB at {address} was started as a replica set member but the set was never initiated: run `mongosh --eval 'rs.initiate()'` once on that server and try again.",
  },
  'store.mongodb.connectFailed': {
    es: 'No se pudo abrir el almacén MongoDB en {address} (error {code}).',
    en: 'Could not open the MongoDB store at {address} (error {code}).',
  },
  // --- the audit trail (server/core/audit): why a chain breaks, CSV export ---
  'audit.reason.hashMismatch': {
    es: 'su contenido no coincide con su hash (el registro fue modificado)',
    en: 'its content does not match its hash (the row was modified)',
  },
  'audit.reason.sequenceGap': {
    es: 'falta ese número de secuencia o un registro está fuera de lugar (se borraron o movieron registros)',
    en: 'that sequence number is missing or a row is out of place (rows were deleted or moved)',
  },
  'audit.reason.missingEvent': {
    es: 'el registro existe pero ya no contiene un evento (le faltan su secuencia o sus hashes)',
    en: 'the row exists but no longer holds an event (its sequence or hashes are gone)',
  },
  'audit.reason.headMismatch': {
    es: 'la cabeza de la cadena no coincide con el último evento (se borraron eventos del final o se agregaron por fuera)',
    en: 'the head of the chain does not match the last event (events were deleted from the end or added behind its back)',
  },
  'audit.actor.system': { es: 'sistema', en: 'system' },
  'audit.actor.anonymous': { es: 'anónimo', en: 'anonymous' },
  'audit.csv.sequence': { es: 'secuencia', en: 'sequence' },
  'audit.csv.at': { es: 'fecha', en: 'date' },
  'audit.csv.actor': { es: 'actor', en: 'actor' },
  'audit.csv.action': { es: 'acción', en: 'action' },
  'audit.csv.instance': { es: 'instancia', en: 'instance' },
  'audit.csv.task': { es: 'tarea', en: 'task' },
  'audit.csv.subject': { es: 'asunto', en: 'subject' },
  'audit.csv.data': { es: 'datos', en: 'data' },
  'audit.csv.ip': { es: 'ip', en: 'ip' },
  'audit.csv.hash': { es: 'hash', en: 'hash' },
  // --- deployment problems (server/engine/embedded/model.ts): deploy.<code> ---
  // The English text is also the problem's `message` (logs, API clients): the tests match on it.
  'deploy.xmlMalformed': {
    es: 'el XML está mal formado: {detail}',
    en: 'the XML is malformed: {detail}',
  },
  'deploy.noExecutableProcess': {
    es: 'el documento no tiene ningún proceso ejecutable (bpmn:process isExecutable="true")',
    en: 'the document has no executable process (bpmn:process isExecutable="true")',
  },
  'deploy.processNoId': {
    es: 'el proceso no tiene id',
    en: 'the process has no id',
  },
  'deploy.multipleNoneStarts': {
    es: 'un proceso solo puede tener un evento de inicio simple',
    en: 'a process may have only one none start event',
  },
  'deploy.noStartEvent': {
    es: 'el proceso no tiene ningún evento de inicio',
    en: 'the process has no start event',
  },
  'deploy.invalidFeel': {
    es: '{what} «{expression}» no es una expresión FEEL válida: {error}',
    en: "{what} '{expression}' is not a valid FEEL expression: {error}",
  },
  'deploy.invalidFeelAt': {
    es: '{what} «{expression}» no es una expresión FEEL válida: error de sintaxis en la posición {position}',
    en: "{what} '{expression}' is not a valid FEEL expression: syntax error at position {position}",
  },
  'deploy.unsupportedElement': {
    es: 'el motor de Oficio no admite elementos de tipo {type}',
    en: "{type} elements are not supported by Oficio's engine",
  },
  'deploy.unsupportedType': {
    es: 'no se admite {type}',
    en: '{type} is not supported',
  },
  'deploy.subProcessStartNotNone': {
    es: 'un subproceso debe comenzar con un evento de inicio simple',
    en: 'a sub-process must start with a none start event',
  },
  'deploy.subProcessStartCount': {
    es: 'un subproceso necesita exactamente un evento de inicio simple',
    en: 'a sub-process needs exactly one none start event',
  },
  'deploy.unsupportedStartEvent': {
    es: 'no se admiten los eventos de inicio {event}',
    en: '{event} start events are not supported',
  },
  'deploy.nonInterruptingStart': {
    es: 'los eventos de inicio no interruptores pertenecen a subprocesos de evento, que no se admiten',
    en: 'non-interrupting start events belong to event sub-processes, which are not supported',
  },
  'deploy.unsupportedEndEvent': {
    es: 'no se admiten los eventos de fin {event}',
    en: '{event} end events are not supported',
  },
  'deploy.errorEndNeedsCode': {
    es: 'un evento de fin de error necesita un error con código de error',
    en: 'an error end event needs an error with an error code',
  },
  'deploy.unsupportedThrowEvent': {
    es: 'no se admiten los eventos intermedios de lanzamiento {event}',
    en: '{event} intermediate throw events are not supported',
  },
  'deploy.catchEventNeedsDefinition': {
    es: 'un evento intermedio de captura necesita una definición de temporizador o de mensaje',
    en: 'an intermediate catch event needs a timer or a message definition',
  },
  'deploy.catchTimerCycle': {
    es: 'un evento intermedio de captura de temporizador no puede tener un ciclo (time cycle)',
    en: 'an intermediate timer catch event cannot have a time cycle',
  },
  'deploy.boundaryNeedsDefinition': {
    es: 'un evento de borde necesita una definición de temporizador, de mensaje o de error',
    en: 'a boundary event needs a timer, message or error definition',
  },
  'deploy.errorBoundaryInterrupting': {
    es: 'un evento de borde de error siempre es interruptor',
    en: 'an error boundary event is always interrupting',
  },
  'deploy.timerCycleInterrupting': {
    es: 'un ciclo de temporizador solo se permite en un evento de borde no interruptor',
    en: 'a timer cycle is only allowed on a non-interrupting boundary event',
  },
  'deploy.boundaryNotAttached': {
    es: 'un evento de borde debe estar adjunto a una actividad',
    en: 'a boundary event must be attached to an activity',
  },
  'deploy.calledDecision': {
    es: 'no se admiten las decisiones llamadas (DMN); usa zeebe:taskDefinition para que la atienda un job worker',
    en: 'called decisions (DMN) are not supported; use zeebe:taskDefinition for a job worker',
  },
  'deploy.scriptNeedsExpression': {
    es: 'zeebe:script necesita una expresión (expression)',
    en: 'zeebe:script needs an expression',
  },
  'deploy.scriptNeedsResultVariable': {
    es: 'zeebe:script necesita una variable de resultado (resultVariable)',
    en: 'zeebe:script needs a resultVariable',
  },
  'deploy.instantiatingEventGateway': {
    es: 'no se admiten las compuertas basadas en eventos que instancian el proceso (instantiate)',
    en: 'instantiating event-based gateways are not supported',
  },
  'deploy.eventSubProcess': {
    es: 'no se admiten los subprocesos de evento',
    en: 'event sub-processes are not supported',
  },
  'deploy.callActivityNeedsProcess': {
    es: 'una actividad de llamada necesita el id del proceso llamado (zeebe:calledElement processId)',
    en: 'a call activity needs zeebe:calledElement processId',
  },
  'deploy.bindingTypeUnsupported': {
    es: 'no se admite el tipo de vinculación «{bindingType}»; solo «latest»',
    en: "binding type '{bindingType}' is not supported; only 'latest'",
  },
  'deploy.multiInstanceNotAllowed': {
    es: 'la multiinstancia solo se admite en tareas, subprocesos y actividades de llamada',
    en: 'multi-instance is only supported on tasks, sub-processes and call activities',
  },
  'deploy.executionListeners': {
    es: 'el motor embebido no admite escuchas de ejecución (execution listeners)',
    en: 'execution listeners are not supported by the embedded engine',
  },
  'deploy.taskListeners': {
    es: 'el motor embebido no admite escuchas de tarea (task listeners)',
    en: 'task listeners are not supported by the embedded engine',
  },
  'deploy.adHocSubProcess': {
    es: 'no se admiten los subprocesos ad hoc',
    en: 'ad-hoc sub-processes are not supported',
  },
  'deploy.transaction': {
    es: 'no se admiten las transacciones',
    en: 'transactions are not supported',
  },
  'deploy.compensationHandler': {
    es: 'no se admiten los manejadores de compensación',
    en: 'compensation handlers are not supported',
  },
  'deploy.mappingNeedsTarget': {
    es: '{what} necesita un destino (target)',
    en: '{what} needs a target',
  },
  'deploy.multipleEventDefinitions': {
    es: 'no se admiten eventos con más de una definición de evento',
    en: 'events with more than one event definition are not supported',
  },
  'deploy.unsupportedEventDefinition': {
    es: 'no se admiten los eventos {event}',
    en: '{event} events are not supported',
  },
  'deploy.errorCodeExpression': {
    es: 'no se admiten códigos de error dados como expresión',
    en: 'error codes given as expressions are not supported',
  },
  'deploy.timerNeedsOneDefinition': {
    es: 'un temporizador necesita exactamente una de estas definiciones: fecha (time date), duración (time duration) o ciclo (time cycle)',
    en: 'a timer needs exactly one of time date, time duration or time cycle',
  },
  'deploy.timerInvalidDate': {
    es: 'el temporizador no es válido: «{expression}» no es una fecha y hora ISO 8601 (por ejemplo 2026-01-31T08:00:00Z)',
    en: "the timer is invalid: '{expression}' is not an ISO 8601 date-time (for example 2026-01-31T08:00:00Z)",
  },
  'deploy.timerInvalidDuration': {
    es: 'el temporizador no es válido: «{expression}» no es una duración ISO 8601 (por ejemplo PT15M, P2D, P1W)',
    en: "the timer is invalid: '{expression}' is not an ISO 8601 duration (for example PT15M, P2D, P1W)",
  },
  'deploy.timerInvalidCycle': {
    es: 'el temporizador no es válido: «{expression}» no es un intervalo repetitivo ISO 8601 (por ejemplo R/P1W o R3/PT1H)',
    en: "the timer is invalid: '{expression}' is not an ISO 8601 repeating interval (for example R/P1W or R3/PT1H)",
  },
  'deploy.timerCron': {
    es: 'el temporizador no es válido: «{expression}» no es un intervalo repetitivo ISO 8601; no se admiten expresiones cron',
    en: "the timer is invalid: '{expression}' is not an ISO 8601 repeating interval; cron expressions are not supported",
  },
  'deploy.timerCycleZero': {
    es: 'el temporizador no es válido: el intervalo del ciclo «{expression}» debe ser mayor que cero',
    en: "the timer is invalid: the interval of the cycle '{expression}' must be longer than zero",
  },
  'deploy.messageNeedsName': {
    es: 'el evento necesita un mensaje con nombre',
    en: 'the event needs a message with a name',
  },
  'deploy.messageNeedsCorrelationKey': {
    es: 'el mensaje «{message}» necesita una clave de correlación (zeebe:subscription correlationKey)',
    en: "message '{message}' needs a zeebe:subscription correlationKey",
  },
  'deploy.jobNeedsType': {
    es: '{what} necesita zeebe:taskDefinition con un tipo de trabajo (type)',
    en: '{what} needs zeebe:taskDefinition with a type',
  },
  'deploy.formReferenceOnly': {
    es: 'solo se admite zeebe:formDefinition con externalReference (los formularios de Oficio viven en forms/)',
    en: 'only zeebe:formDefinition externalReference is supported (Oficio forms live in forms/)',
  },
  'deploy.userTaskFormUnsupported': {
    es: 'no se admiten los formularios de Camunda incrustados (zeebe:userTaskForm); usa externalReference',
    en: 'embedded Camunda forms (zeebe:userTaskForm) are not supported; use externalReference',
  },
  'deploy.dateInvalid': {
    es: '{what} no es válida: «{expression}» no es una fecha y hora ISO 8601 (por ejemplo 2026-01-31T08:00:00Z)',
    en: "{what} is invalid: '{expression}' is not an ISO 8601 date-time (for example 2026-01-31T08:00:00Z)",
  },
  'deploy.standardLoop': {
    es: 'no se admiten los ciclos estándar (standard loop); usa multiinstancia',
    en: 'standard loops are not supported; use multi-instance',
  },
  'deploy.multiInstanceNeedsInputCollection': {
    es: 'la multiinstancia necesita una colección de entrada (zeebe:loopCharacteristics inputCollection)',
    en: 'multi-instance needs zeebe:loopCharacteristics inputCollection',
  },
  'deploy.loopCardinality': {
    es: 'no se admite la cardinalidad (loop cardinality) en la multiinstancia; usa una colección de entrada',
    en: 'multi-instance loop cardinality is not supported; use an input collection',
  },
  'deploy.outputCollectionNeedsElement': {
    es: 'una colección de salida necesita un elemento de salida',
    en: 'an output collection needs an output element',
  },
  'deploy.conditionOutsideGateway': {
    es: 'las condiciones solo se admiten en flujos de secuencia que salen de una compuerta exclusiva o inclusiva (este sale de «{source}»)',
    en: "conditions are only supported on flows leaving an exclusive or inclusive gateway (this one leaves '{source}')",
  },
  'deploy.gatewayFlowNeedsCondition': {
    es: 'el flujo de secuencia que sale de la compuerta «{gateway}» necesita una condición, o debe ser el flujo predeterminado de la compuerta',
    en: "the flow leaving gateway '{gateway}' needs a condition, or must be the gateway's default flow",
  },
  'deploy.startEventIncoming': {
    es: 'un evento de inicio no puede tener flujos de entrada',
    en: 'a start event cannot have incoming flows',
  },
  'deploy.boundaryIncoming': {
    es: 'un evento de borde no puede tener flujos de entrada',
    en: 'a boundary event cannot have incoming flows',
  },
  'deploy.endEventOutgoing': {
    es: 'un evento de fin no puede tener flujos de salida',
    en: 'an end event cannot have outgoing flows',
  },
  'deploy.eventGatewayTooFewFlows': {
    es: 'una compuerta basada en eventos necesita al menos dos flujos de salida',
    en: 'an event-based gateway needs at least two outgoing flows',
  },
  'deploy.eventGatewayTarget': {
    es: 'una compuerta basada en eventos solo puede llevar a eventos intermedios de captura de temporizador o de mensaje («{target}» no lo es)',
    en: "an event-based gateway may only lead to intermediate timer or message catch events ('{target}' is not one)",
  },
  'deploy.eventGatewayTargetIncoming': {
    es: 'un evento después de una compuerta basada en eventos solo puede tener ese flujo de entrada',
    en: 'an event after an event-based gateway may have only that one incoming flow',
  },
  // Checked by createDeployment (server/engine/embedded/engine.ts), ready for when it gives codes.
  'deploy.notBpmnResource': {
    es: 'en el motor embebido solo se pueden desplegar recursos BPMN (.bpmn)',
    en: 'only BPMN resources (.bpmn) can be deployed to the embedded engine',
  },
  'deploy.duplicateProcessId': {
    es: 'el mismo id de proceso aparece dos veces en un solo despliegue',
    en: 'the same process id is deployed twice in one deployment',
  },
  'deploy.timerNotEvaluable': {
    es: 'no se puede evaluar el temporizador: {error}',
    en: 'the timer cannot be evaluated: {error}',
  },
  'deploy.messageStartNameNotFixed': {
    es: 'el nombre del mensaje de un evento de inicio debe ser un texto fijo',
    en: 'the message name of a start event must be a fixed text',
  },
  // Values of the {what} parameter of deploy.* messages (what the problem is about).
  'term.what.condition': { es: 'la condición', en: 'the condition' },
  'term.what.completionCondition': { es: 'la condición de finalización', en: 'the completion condition' },
  'term.what.calledProcessId': { es: 'el id del proceso llamado', en: 'the called process id' },
  'term.what.inputMappingSource': { es: 'el origen del mapeo de entrada', en: 'the input mapping source' },
  'term.what.outputMappingSource': { es: 'el origen del mapeo de salida', en: 'the output mapping source' },
  'term.what.inputMapping': { es: 'un mapeo de entrada', en: 'an input mapping' },
  'term.what.outputMapping': { es: 'un mapeo de salida', en: 'an output mapping' },
  'term.what.timer': { es: 'el temporizador', en: 'the timer' },
  'term.what.messageName': { es: 'el nombre del mensaje', en: 'the message name' },
  'term.what.correlationKey': { es: 'la clave de correlación', en: 'the correlation key' },
  'term.what.jobType': { es: 'el tipo de trabajo', en: 'the job type' },
  'term.what.retries': { es: 'los reintentos', en: 'the retries' },
  'term.what.script': { es: 'el script', en: 'the script' },
  'term.what.assignee': { es: 'el asignado', en: 'the assignee' },
  'term.what.candidateGroups': { es: 'los grupos candidatos', en: 'the candidate groups' },
  'term.what.candidateUsers': { es: 'los usuarios candidatos', en: 'the candidate users' },
  'term.what.dueDate': { es: 'la fecha de vencimiento', en: 'the due date' },
  'term.what.followUpDate': { es: 'la fecha de seguimiento', en: 'the follow-up date' },
  'term.what.priority': { es: 'la prioridad', en: 'the priority' },
  'term.what.formReference': { es: 'la referencia al formulario', en: 'the form reference' },
  'term.what.inputCollection': { es: 'la colección de entrada', en: 'the input collection' },
  'term.what.outputElement': { es: 'el elemento de salida', en: 'the output element' },
  'term.what.serviceTask': { es: 'una tarea de servicio', en: 'a service task' },
  'term.what.businessRuleTask': { es: 'una tarea de regla de negocio', en: 'a business rule task' },
  'term.what.scriptTaskWithoutScript': { es: 'una tarea de script sin zeebe:script', en: 'a script task without zeebe:script' },
  'term.what.messageEndEvent': { es: 'un evento de fin de mensaje', en: 'a message end event' },
  'term.what.messageThrowEvent': { es: 'un evento intermedio de lanzamiento de mensaje', en: 'a message throw event' },
  // Values of the {event} parameter: the kind of event, after «eventos …» in Spanish.
  'term.event.none': { es: 'simples', en: 'none' },
  'term.event.timer': { es: 'de temporizador', en: 'timer' },
  'term.event.message': { es: 'de mensaje', en: 'message' },
  'term.event.error': { es: 'de error', en: 'error' },
  'term.event.terminate': { es: 'de terminación', en: 'terminate' },
  'term.event.signal': { es: 'de señal', en: 'signal' },
  'term.event.escalation': { es: 'de escalamiento', en: 'escalation' },
  'term.event.compensation': { es: 'de compensación', en: 'compensation' },
  'term.event.conditional': { es: 'condicionales', en: 'conditional' },
  'term.event.link': { es: 'de enlace', en: 'link' },
  'term.event.cancel': { es: 'de cancelación', en: 'cancel' },
  // --- incidents: incident.<errorType> (the engine's errorMessage stays English, as Zeebe's) ---
  'incident.JOB_NO_RETRIES': { es: 'Sin reintentos del trabajo', en: 'Job has no retries left' },
  'incident.CONDITION_ERROR': { es: 'Error al evaluar una condición', en: 'A condition could not be evaluated' },
  'incident.EXTRACT_VALUE_ERROR': { es: 'Error al obtener un valor', en: 'A value could not be extracted' },
  'incident.IO_MAPPING_ERROR': { es: 'Error en el mapeo de entrada o salida', en: 'An input or output mapping failed' },
  'incident.CALLED_ELEMENT_ERROR': { es: 'No se pudo iniciar el proceso llamado', en: 'The called process could not be started' },
  'incident.UNHANDLED_ERROR_EVENT': { es: 'Evento de error sin capturar', en: 'Unhandled error event' },
  'incident.UNKNOWN': { es: 'Error desconocido', en: 'Unknown error' },
  // --- identity (server/core/identity): roles, candidate groups, login, passwords ---
  'role.admin': { es: 'Administrador', en: 'Administrator' },
  'role.process-owner': { es: 'Responsable de procesos', en: 'Process owner' },
  'role.auditor': { es: 'Auditor', en: 'Auditor' },
  'group.solicitante': { es: 'Usuario solicitante', en: 'Requester' },
  'group.jefe-informatica': { es: 'Jefe de Informática o Administrativo de la Dependencia', en: 'Head of IT or Administration of the agency' },
  'group.area-administrativa': { es: 'Área Administrativa de la Dependencia', en: 'Administrative Area of the agency' },
  'group.propietario-informacion': { es: 'Dueño de la información de la Dependencia', en: 'Information owner of the agency' },
  'group.gestion-proyectos': { es: 'Jefe del Departamento de Gestión de Proyectos', en: 'Head of the Project Management Department' },
  'group.impulsor': { es: 'Impulsor del Proyecto', en: 'Project sponsor' },
  'group.conceptualizacion': { es: 'Director de Conceptualización y Análisis de Proyectos', en: 'Director of Project Conceptualization and Analysis' },
  'group.desarrollo': { es: 'Director de Desarrollo de Proyectos de TI', en: 'Director of IT Project Development' },
  'group.calidad': { es: 'Director de Calidad', en: 'Director of Quality' },
  'group.mesa-ayuda': { es: 'Encargada de Mesa de Ayuda', en: 'Help Desk lead' },
  'group.cas-atencion': { es: 'Auxiliar de Atención a Usuarios (CAS)', en: 'User Service Assistant (CAS)' },
  'group.cas-operacion': { es: 'Jefe de Departamento de Operación de CAS', en: 'Head of CAS Operations' },
  'group.base-datos': { es: 'Jefe de Departamento de Base de Datos', en: 'Head of the Database Department' },
  'group.soporte-tecnico': { es: 'Técnico de Soporte', en: 'Support technician' },
  'group.red-voz': { es: 'Jefe de Dpto. y Técnico de Voz y Telefonía', en: 'Voice and Telephony head and technician' },
  'group.red-datos': { es: 'Técnico de Red de Datos', en: 'Data network technician' },
  'group.telecom': { es: 'Director de Telecomunicaciones y Redes', en: 'Director of Telecommunications and Networks' },
  'group.sistemas-operativos': { es: 'Director de Sistemas Operativos / Seguridad de TI / Herramientas de Colaboración', en: 'Director of Operating Systems / IT Security / Collaboration Tools' },
  'group.gestion-digital': { es: 'Jefe del Dpto. de Gestión e Implementación Digital', en: 'Head of Digital Management and Implementation' },
  'group.auditor': { es: 'Auditor', en: 'Auditor' },
  'group.process-owner': { es: 'Responsable de procesos', en: 'Process owner' },
  'identity.INVALID_CREDENTIALS': {
    es: 'Usuario o contraseña incorrectos.',
    en: 'Wrong user name or password.',
  },
  'identity.LOCKED': {
    es: 'Demasiados intentos fallidos de inicio de sesión. Intente de nuevo en {retryAfterMinutes} min.',
    en: 'Too many failed sign-in attempts. Try again in {retryAfterMinutes} min.',
  },
  'identity.WEAK_PASSWORD': {
    es: 'La contraseña no cumple la política (PR08 3.d): debe tener al menos {minLength} caracteres, con letras, al menos un número y al menos un carácter especial.',
    en: 'The password does not meet the policy (PR08 3.d): it must have at least {minLength} characters, with letters, at least one digit and at least one special character.',
  },
  'identity.passwordRule.length': { es: 'al menos 8 caracteres', en: 'at least 8 characters' },
  'identity.passwordRule.letters': { es: 'letras', en: 'letters' },
  'identity.passwordRule.digit': { es: 'al menos un carácter numérico', en: 'at least one digit' },
  'identity.passwordRule.special': { es: 'al menos un carácter especial', en: 'at least one special character' },
  'identity.passwordRule.maxLength': { es: 'como máximo 256 caracteres', en: 'at most 256 characters' },
  'identity.USERNAME_TAKEN': {
    es: 'El nombre de usuario «{username}» ya está en uso.',
    en: 'The user name "{username}" is taken.',
  },
  'identity.UNKNOWN_GROUP': {
    es: 'Grupo desconocido: «{group}».',
    en: 'Unknown group: "{group}".',
  },
  'identity.UNKNOWN_ROLE': {
    es: 'Rol desconocido: «{role}».',
    en: 'Unknown role: "{role}".',
  },
  'identity.INVALID_USER.username': {
    es: 'El nombre de usuario «{value}» no es válido: use de 1 a 64 minúsculas, dígitos, puntos, guiones o guiones bajos, empezando y terminando con letra o dígito.',
    en: 'The user name "{value}" is not valid: use 1 to 64 lowercase letters, digits, dots, hyphens or underscores, starting and ending with a letter or digit.',
  },
  'identity.INVALID_USER.displayName': {
    es: 'El nombre para mostrar es obligatorio (hasta 200 caracteres).',
    en: 'The display name is required (up to 200 characters).',
  },
  'identity.INVALID_USER.email': {
    es: 'El correo «{value}» no es una dirección válida.',
    en: 'The e-mail "{value}" is not a valid address.',
  },
  'identity.USER_NOT_FOUND': {
    es: 'No existe el usuario.',
    en: 'No such user.',
  },
  'identity.SESSION_EXPIRED': {
    es: 'Su sesión terminó; inicie sesión de nuevo.',
    en: 'Your session has ended; please sign in again.',
  },
  'identity.demo.seeded': {
    es: 'Se crearon {count} usuarios de demostración, uno por rol y por grupo: {usernames}.',
    en: 'Created {count} demo users, one per role and group: {usernames}.',
  },
  'identity.demo.passwordGenerated': {
    es: 'Contraseña generada para todos ellos (defina OFICIO_DEMO_PASSWORD para elegirla): {password}',
    en: 'Generated password for all of them (set OFICIO_DEMO_PASSWORD to choose it): {password}',
  },
  'identity.demo.passwordFromEnv': {
    es: 'Su contraseña es la de OFICIO_DEMO_PASSWORD.',
    en: 'Their password is the one in OFICIO_DEMO_PASSWORD.',
  },
  'identity.demo.howToLogin': {
    es: 'Inicie sesión en {url} con el usuario «admin» (o el de un rol o grupo, p. ej. «mesa-ayuda») y esa contraseña.',
    en: 'Sign in at {url} as "admin" (or as a role or group, e.g. "mesa-ayuda") with that password.',
  },
  'http.listening': { es: 'Oficio escucha en {url}', en: 'Oficio is listening on {url}' },
  'http.validation': { es: 'Los datos enviados no son válidos.', en: 'The data sent is not valid.' },
  'http.malformedJson': { es: 'El cuerpo de la solicitud no es JSON válido.', en: 'The request body is not valid JSON.' },
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
    en: 'The process engine (Camunda at {address}) is unavailable or did not accept Oficio\'s credentials.',
  },
  // --- instances, incidents, attachments, audit and models over HTTP (server/http/routes) ---
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
  'forms.design.staleVersion': {
    es: 'Mientras usted editaba, {author} guardó la versión {latest} del formulario «{id}»; su copia no se guardó para no sobrescribirla.',
    en: 'While you were editing, {author} saved version {latest} of form "{id}"; your copy was not saved so as not to overwrite it.',
  },
  'forms.design.idTaken': {
    es: 'Ya existe un formulario con el id «{id}»; elija otro para el formulario nuevo.',
    en: 'A form with the id "{id}" already exists; choose another for the new form.',
  },
  'forms.design.unknownBase': {
    es: 'El formulario «{id}» no tiene la versión {base} de la que partió su copia (su última versión es la {latest}); vuelva a abrirlo.',
    en: 'Form "{id}" has no version {base} for your copy to start from (its latest version is {latest}); open it again.',
  },
  'forms.design.newWithBase': {
    es: 'Un formulario nuevo no parte de ninguna versión: baseVersion debe ser 0 u omitirse.',
    en: 'A new form starts from no version: baseVersion must be 0 or left out.',
  },
  'forms.design.badId': {
    es: 'El id «{id}» no es válido: use minúsculas, dígitos y guiones, empezando por letra o dígito (hasta 200).',
    en: 'The id "{id}" is not valid: use lowercase letters, digits and hyphens, starting with a letter or digit (up to 200).',
  },
  'forms.design.tooLarge': {
    es: 'El formulario ocupa {bytes} bytes; el máximo es {limit}.',
    en: 'The form takes {bytes} bytes; the limit is {limit}.',
  },
  'forms.design.textMissing.es': { es: 'Falta el texto en español.', en: 'The Spanish text is missing.' },
  'forms.design.textMissing.en': { es: 'Falta el texto en inglés.', en: 'The English text is missing.' },
  'forms.design.notObject': {
    es: 'El esquema de un formulario debe ser de tipo «object».',
    en: 'A form\'s schema must be of type "object".',
  },
  'forms.design.noProperties': {
    es: 'El esquema debe declarar sus campos en «properties».',
    en: 'The schema must declare its fields in "properties".',
  },
  'forms.design.schemaInvalid': {
    es: 'El esquema JSON no es válido para el servidor: {detail}',
    en: 'The JSON schema is not valid for the server: {detail}',
  },
  'forms.design.labelMissing': {
    es: 'El campo «{field}» no tiene etiqueta en español ni en inglés.',
    en: 'Field "{field}" has no label in Spanish nor in English.',
  },
  'forms.design.labelMissing.es': { es: 'El campo «{field}» no tiene etiqueta en español.', en: 'Field "{field}" has no Spanish label.' },
  'forms.design.labelMissing.en': { es: 'El campo «{field}» no tiene etiqueta en inglés.', en: 'Field "{field}" has no English label.' },
  'forms.design.optionFieldUnknown': {
    es: 'Hay nombres de opciones para «{field}», que no es un campo del esquema.',
    en: 'There are option names for "{field}", which is not a field of the schema.',
  },
  'forms.design.optionFieldNoValues': {
    es: 'El campo «{field}» no tiene valores fijos (enum) que nombrar.',
    en: 'Field "{field}" has no fixed values (enum) to name.',
  },
  'forms.design.optionUnknown': {
    es: 'El campo «{field}» no admite el valor «{value}»; sus valores son: {values}.',
    en: 'Field "{field}" does not take the value "{value}"; its values are: {values}.',
  },
  'forms.design.orderUnknown': {
    es: 'El orden de los campos (ui:order) nombra «{field}», que no es un campo del esquema.',
    en: 'The field order (ui:order) names "{field}", which is not a field of the schema.',
  },
  'designer.notBuilt.log': {
    es: 'La aplicación del navegador no está compilada en {dir}: ejecute {command} para servirla en /.',
    en: 'The browser app is not built in {dir}: run {command} to serve it at /.',
  },
  'designer.notBuilt.title': { es: 'Oficio: falta compilar la aplicación', en: 'Oficio: the app is not built' },
  'designer.notBuilt.body': {
    es: 'El servidor está en marcha, pero la aplicación del navegador no se ha compilado. Ejecute {command} en la carpeta de Oficio y recargue esta página.',
    en: 'The server is running, but the browser app has not been built. Run {command} in Oficio\'s folder and reload this page.',
  },
  'models.finding.missingForm': {
    es: 'El elemento {element} usa el formulario «{form}», que no existe (ni en forms/ ni entre los diseñados).',
    en: 'Element {element} uses form "{form}", which does not exist (neither in forms/ nor among the designed ones).',
  },
  'models.finding.missingWorker': {
    es: 'La tarea de servicio {element} es de tipo «{type}», que ningún worker de workers/ atiende.',
    en: 'Service task {element} has type "{type}", which no worker in workers/ handles.',
  },
  'models.finding.lint': { es: 'Regla {rule} en {element}: {message}', en: 'Rule {rule} at {element}: {message}' },
  'models.finding.rule.label-required': { es: '{element} no tiene nombre: póngale uno que diga qué se hace o qué ocurre.', en: '{element} has no name: give it one that says what is done or what happens.' },
  'models.finding.rule.start-event-required': { es: 'Al proceso le falta un evento de inicio.', en: 'The process lacks a start event.' },
  'models.finding.rule.end-event-required': { es: 'Al proceso le falta un evento de fin.', en: 'The process lacks an end event.' },
  'models.finding.rule.no-disconnected': { es: '{element} no está conectado con el resto del flujo.', en: '{element} is not connected to the rest of the flow.' },
  'models.finding.rule.no-implicit-split': { es: '{element} tiene varios flujos de salida sin compuerta: use una compuerta para bifurcar.', en: '{element} has several outgoing flows without a gateway: use a gateway to split.' },
  'models.finding.rule.no-implicit-end': { es: '{element} termina el flujo sin un evento de fin.', en: '{element} ends the flow without an end event.' },
  'models.finding.rule.no-implicit-start': { es: '{element} empieza un flujo sin evento de inicio.', en: '{element} starts a flow without a start event.' },
  'models.finding.rule.no-gateway-join-fork': { es: 'La compuerta {element} une y bifurca a la vez: sepárela en dos.', en: 'Gateway {element} both joins and forks: split it in two.' },
  'models.finding.rule.single-blank-start-event': { es: 'El proceso tiene más de un evento de inicio simple.', en: 'The process has more than one blank start event.' },
  'models.finding.rule.superfluous-gateway': { es: 'La compuerta {element} sobra: tiene una sola entrada y una sola salida.', en: 'Gateway {element} is superfluous: it has one way in and one way out.' },
  'models.finding.rule.fake-join': { es: '{element} recibe varios flujos sin compuerta de unión.', en: '{element} receives several flows without a joining gateway.' },
  'models.finding.rule.conditional-flows': { es: 'Un flujo que sale de {element} necesita condición (o ser el flujo por defecto).', en: 'A flow leaving {element} needs a condition (or to be the default flow).' },
  'models.finding.rule.no-duplicate-sequence-flows': { es: '{element} repite un flujo entre los mismos elementos.', en: '{element} repeats a flow between the same elements.' },
  'models.finding.rule.no-bpmndi': { es: '{element} no está dibujado en el diagrama.', en: '{element} is not drawn in the diagram.' },
  'models.finding.rule.no-overlapping-elements': { es: '{element} está encimado sobre otro elemento del diagrama.', en: '{element} overlaps another element of the diagram.' },
  'models.finding.rule.camunda-compat/implementation': { es: '{element} necesita su implementación: elija el tipo de trabajo (worker) que lo ejecuta. ({message})', en: '{element} needs its implementation: choose the job type (worker) that runs it. ({message})' },
  'models.finding.rule.camunda-compat/element-type': { es: 'Camunda 8.8 no ejecuta este tipo de elemento ({element}). ({message})', en: 'Camunda 8.8 does not run this kind of element ({element}). ({message})' },
  'models.finding.rule.camunda-compat/feel': { es: 'La expresión FEEL de {element} no es válida. ({message})', en: 'The FEEL expression of {element} is not valid. ({message})' },
  'models.finding.rule.camunda-compat/timer': { es: 'El temporizador de {element} no es válido. ({message})', en: 'The timer of {element} is not valid. ({message})' },
  'models.finding.rule.camunda-compat/message-reference': { es: '{element} necesita un mensaje. ({message})', en: '{element} needs a message. ({message})' },
  'models.finding.rule.camunda-compat/subscription': { es: 'El mensaje de {element} necesita su clave de correlación. ({message})', en: 'The message of {element} needs its correlation key. ({message})' },
  'models.finding.rule.camunda-compat/error-reference': { es: '{element} necesita un error con su código. ({message})', en: '{element} needs an error with its code. ({message})' },
  'models.finding.rule.camunda-compat/called-element': { es: '{element} debe indicar el proceso que llama. ({message})', en: '{element} must name the process it calls. ({message})' },
  'models.finding.rule.camunda-compat/sequence-flow-condition': { es: 'La condición del flujo {element} no es válida. ({message})', en: 'The condition of flow {element} is not valid. ({message})' },
  'models.finding.rule.camunda-compat/user-task-form': { es: 'El formulario de la tarea {element} no es válido. ({message})', en: 'The form of task {element} is not valid. ({message})' },
  'audit.verify.intact': { es: 'La bitácora está íntegra ({events} eventos).', en: 'The audit trail is intact ({events} events).' },
  'audit.verify.broken': {
    es: 'La bitácora se rompe en el evento {sequence}: {reason}.',
    en: 'The audit trail breaks at event {sequence}: {reason}.',
  },
  'audit.csv.filename': { es: 'bitacora', en: 'audit-trail' },
  'http.rateLimited': {
    es: 'Demasiadas solicitudes desde su conexión; vuelva a intentarlo en {seconds} segundos.',
    en: 'Too many requests from your connection; try again in {seconds} seconds.',
  },
  'http.formInvalid': { es: 'Revise los campos señalados del formulario.', en: 'Check the highlighted fields of the form.' },
  // --- the Camunda 8 REST API served by the embedded engine (server/http/v2) ---
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
  'catalogue.processNotFound': { es: 'No hay un proceso desplegado «{processId}» que usted pueda iniciar.', en: 'There is no deployed process "{processId}" you may start.' },
  'catalogue.notAllowedToStart': { es: 'Solo los grupos {groups} pueden iniciar «{process}».', en: 'Only the groups {groups} may start "{process}".' },
  'catalogue.noStartForm': { es: 'El proceso «{processId}» no tiene formulario de inicio.', en: 'The process "{processId}" has no start form.' },
  'tasks.notFound': { es: 'No existe la tarea {key}.', en: 'There is no task {key}.' },
  'tasks.notVisible': { es: 'La tarea {key} no está en sus grupos ni asignada a usted.', en: 'Task {key} is neither in your groups nor assigned to you.' },
  'tasks.notCandidate': { es: 'Solo los integrantes de {groups} pueden trabajar la tarea {key}.', en: 'Only members of {groups} may work on task {key}.' },
  'tasks.assignedToOther': { es: 'La tarea {key} ya la tiene {assignee}.', en: 'Task {key} is already held by {assignee}.' },
  'tasks.notAssignee': { es: 'Solo quien tiene la tarea {key} ({assignee}) o un administrador puede hacer esto.', en: 'Only whoever holds task {key} ({assignee}) or an administrator may do this.' },
  'tasks.notOpen': { es: 'La tarea {key} ya no está abierta (estado {state}).', en: 'Task {key} is no longer open (state {state}).' },
  'tasks.reassignTargetUnknown': { es: 'No existe un usuario activo «{username}».', en: 'There is no active user "{username}".' },
  'tasks.reassignTargetNotCandidate': { es: '«{username}» no pertenece a los grupos de la tarea ({groups}).', en: '"{username}" is not in the task\'s groups ({groups}).' },
  'tasks.badCursor': { es: 'El cursor de la página no es válido; vuelva a la primera página.', en: 'The page cursor is not valid; go back to the first page.' },
} as const satisfies Record<string, { es: string; en: string }>;

export type MessageKey = keyof typeof messages;
