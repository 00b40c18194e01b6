// The catalogue itself: one entry per message, es-MX and en.
export const messages = {
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
  // --- oficio (command line: server/cli.ts) ---
  'cli.usage': {
    es: [
      'Oficio — línea de comandos',
      '',
      'Uso: oficio <comando> [opciones]',
      '',
      'Comandos:',
      '  deploy <archivos|directorios…>',
      '      Despliega los modelos .bpmn (de un directorio, todos los que contenga) en un solo despliegue.',
      '  start-instance <idProceso> [--vars <json>]',
      '      Inicia una instancia de la última versión del proceso; --vars es un objeto JSON.',
      '  instances [--state ACTIVE|COMPLETED|TERMINATED] [--process <idProceso>] [--limit <n>]',
      '      Lista las instancias de proceso, las más recientes primero.',
      '  incidents [--process-instance <clave>] [--all] [--limit <n>]',
      '      Lista los incidentes activos (todos, también los resueltos, con --all).',
      '  lint <archivos|directorios…>',
      '      Revisa los modelos .bpmn con bpmnlint (reglas recomendadas y compatibilidad con Camunda 8.8).',
      '  help',
      '      Muestra esta ayuda.',
      '',
      'Variables de entorno:',
      '  OFICIO_DATA_DIR   directorio de datos (predeterminado ./data)',
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
      '  deploy <files|directories…>',
      '      Deploys the .bpmn models (every one inside a directory) in a single deployment.',
      '  start-instance <processId> [--vars <json>]',
      "      Starts an instance of the process's latest version; --vars is a JSON object.",
      '  instances [--state ACTIVE|COMPLETED|TERMINATED] [--process <processId>] [--limit <n>]',
      '      Lists process instances, most recent first.',
      '  incidents [--process-instance <key>] [--all] [--limit <n>]',
      '      Lists active incidents (all of them, resolved ones too, with --all).',
      '  lint <files|directories…>',
      '      Checks .bpmn models with bpmnlint (recommended rules and Camunda 8.8 compatibility).',
      '  help',
      '      Shows this help.',
      '',
      'Environment variables:',
      '  OFICIO_DATA_DIR   data directory (default ./data)',
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
} as const satisfies Record<string, { es: string; en: string }>;

export type MessageKey = keyof typeof messages;
