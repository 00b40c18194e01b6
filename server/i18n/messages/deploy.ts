// Deployment problems (server/engine/embedded/model.ts): deploy.<code>.
// The English text is also the problem's `message` (logs, API clients): the tests match on it.
import { defineMessages } from '../define.js';

export const deploy = defineMessages({
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
  'deploy.subProcessTooDeep': {
    es: 'Los subprocesos anidan a más de {max} niveles; el motor embebido no ejecuta modelos tan profundos',
    en: 'Sub-processes nest more than {max} levels deep; the embedded engine does not run models this deep',
  },
  'deploy.reservedPathSegment': {
    es: '{what} «{path}» usa el nombre reservado «{segment}»: ninguna parte del nombre de una variable puede ser __proto__, constructor ni prototype',
    en: "{what} '{path}' uses the reserved name '{segment}': no part of a variable name may be __proto__, constructor or prototype",
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
});
