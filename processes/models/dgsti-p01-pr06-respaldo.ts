// DGSTI-P01-PR06 Programación de Respaldo de Información (manual 7.3.1, procedimiento 6): the
// monthly replica of the CECAP's critical information (objective, 3.a) — plus extra backups
// scheduled on demand, preferably off-hours (3.c) — is run with Commvault / Tivoli (3.b), its tapes
// are recorded (3.d), kept at least six months in the bank vault and then returned to the CECAP safe
// for reuse (3.e, 3.f); the tape stock must cover six months of rotation (3.e).
//
// Two instances per backup: the service (schedule → execute and record → tapes to the bank vault,
// plus the stock check) ends when the tapes are in the vault, so a help-desk request (DGSTI-P01 A8,
// 2 días) closes in days; it then publishes `cintas-en-boveda` (keyed by the backup id), which
// starts the retention instance of this same model: six months in the vault → back to the CECAP
// safe → tapes released to the stock.
import type { ProcessDefinition } from '../builder/index.js';
import { DISPATCHED, due } from '../fragments.js';

/** The first monthly replica: the 1st of January 2026 at 22:00 in Aguascalientes (non-working hours, 3.c). */
export const CICLO_MENSUAL = 'R/2026-01-01T22:00:00-06:00/P1M';
/** Published when a backup's tapes reach the bank vault; starts that backup's retention instance. */
export const CINTAS_EN_BOVEDA = 'cintas-en-boveda';

const definition: ProcessDefinition = {
  id: 'dgsti-p01-pr06-respaldo',
  name: 'Programación de Respaldo de Información',
  folioSerie: 'SOP',
  versionTag: 'DGSTI-P01-PR06',
  documentation:
    'Procedimiento DGSTI-P01-PR06 Programación de Respaldo de Información (OFMA-MPP 7.3.1, A8). Objetivo: réplica mensual de la información del CECAP. ' +
    'Políticas: 3.a información crítica y sensible; 3.b Commvault y/o Tivoli u otro aplicativo; 3.c respaldo manual calendarizado, de preferencia en horas inhábiles; ' +
    '3.d control de los insumos magnéticos; 3.e bóveda bancaria, mínimo seis meses, después regresan al CECAP para reutilizarse, stock para 6 meses; 3.f caja fuerte en el CECAP. ' +
    'Registro y anexo: Control de respaldos de información. Inicio: temporizador mensual (día 1, 22:00 h) o inicio manual para respaldos extraordinarios; ' +
    'el servicio concluye con las cintas en la bóveda bancaria y el mensaje "cintas-en-boveda" (clave: id del respaldo) inicia la retención de seis meses y el regreso de las cintas (3.e, 3.f) como instancia propia.',
  lanes: [{ id: 'sistemas-operativos', name: 'Director de Sistemas Operativos' }],
  messages: { [CINTAS_EN_BOVEDA]: '=respaldo.id' },
  errors: {
    SIN_CINTAS: 'Sin cintas suficientes (PR06 3.e)',
    RETENCION_INCUMPLIDA: 'Retención mínima de seis meses incumplida (PR06 3.e)',
  },
  elements: [
    {
      kind: 'start',
      id: 'respaldo-mensual',
      name: 'Respaldo mensual',
      lane: 'sistemas-operativos',
      timer: { cycle: CICLO_MENSUAL },
      documentation: 'Objetivo del procedimiento: réplica mensual; el día 1 de cada mes a las 22:00 h (hora de Aguascalientes, horas inhábiles, 3.c).',
    },
    {
      kind: 'start',
      id: 'respaldo-extraordinario',
      name: 'Respaldo extraordinario',
      lane: 'sistemas-operativos',
      form: 'dgsti-p01-pr06-respaldo-extraordinario',
      documentation: '3.c: el respaldo manual se calendariza con la periodicidad que se requiera.',
    },
    { kind: 'exclusive', id: 'programacion', name: 'Programación', lane: 'sistemas-operativos' },
    {
      kind: 'serviceTask',
      id: 'programar-respaldo',
      name: 'Programar respaldo',
      lane: 'sistemas-operativos',
      type: 'backup.schedule',
      documentation: '3.b, 3.c: elige la ventana en horas inhábiles y la herramienta, y aparta las cintas del stock; SIN_CINTAS si no alcanzan.',
      inputs: [['=if tipo = null then "mensual" else tipo', 'tipo']],
    },
    { kind: 'boundary', id: 'sin-cintas', name: 'Sin cintas', attachedTo: 'programar-respaldo', error: 'SIN_CINTAS' },
    {
      kind: 'userTask',
      id: 'solicitar-adquisicion-urgente',
      name: 'Solicitar adquisición de cintas',
      lane: 'sistemas-operativos',
      candidateGroups: 'sistemas-operativos',
      form: 'dgsti-p01-pr06-solicitar-adquisicion-cintas',
      dueDate: due('P2D'),
      documentation: '3.d, 3.e: no hay cintas para este respaldo; se solicita la adquisición y se decide si reintentar.',
    },
    { kind: 'exclusive', id: 'reintentar', name: '¿Reintentar respaldo?', lane: 'sistemas-operativos' },
    { kind: 'end', id: 'respaldo-no-realizado', name: 'Respaldo no realizado', lane: 'sistemas-operativos' },
    {
      kind: 'userTask',
      id: 'ejecutar-respaldo',
      name: 'Ejecutar respaldo y registrar cintas',
      lane: 'sistemas-operativos',
      candidateGroups: 'sistemas-operativos',
      assignee: DISPATCHED,
      form: 'dgsti-p01-pr06-ejecutar-respaldo',
      dueDate: '=respaldo.ventana.fin',
      documentation:
        '3.b: ejecuta el respaldo con la herramienta en la ventana programada y registra contenido y etiquetas de las cintas (3.d). Un respaldo extraordinario pedido a la Mesa de Ayuda ' +
        'va a quien ella despachó (tecnicoAsignado); el mensual, al grupo.',
    },
    {
      kind: 'serviceTask',
      id: 'registrar-respaldo',
      name: 'Registrar respaldo',
      lane: 'sistemas-operativos',
      type: 'backup.record',
      documentation: 'Registro y anexo: Control de respaldos de información (cintas, etiquetas, contenido, fechas).',
    },
    { kind: 'parallel', id: 'resguardo-y-stock', name: 'Resguardo y stock', lane: 'sistemas-operativos' },
    {
      kind: 'userTask',
      id: 'trasladar-boveda',
      name: 'Trasladar cintas a bóveda bancaria',
      lane: 'sistemas-operativos',
      candidateGroups: 'sistemas-operativos',
      form: 'dgsti-p01-pr06-trasladar-boveda',
      dueDate: due('P2D'),
      documentation: '3.e: las cintas se resguardan en la bóveda bancaria como mínimo seis meses.',
    },
    {
      kind: 'throw',
      id: 'avisar-cintas-en-boveda',
      name: 'Cintas en bóveda: iniciar retención',
      lane: 'sistemas-operativos',
      type: 'message.publish',
      documentation:
        '3.e, 3.f: con las cintas en la bóveda el respaldo está hecho; la retención de seis meses y el regreso de las cintas al CECAP siguen como instancia propia de este modelo (inicio "Cintas en bóveda"), con los datos del respaldo.',
      inputs: [
        [`="${CINTAS_EN_BOVEDA}"`, 'nombreMensaje'],
        ['=respaldo.id', 'claveCorrelacion'],
        [
          '={respaldo: respaldo, registroRespaldo: registroRespaldo, tipo: tipo, contenido: contenido, ejecutadoEn: ejecutadoEn, etiquetas: etiquetas, fechaTraslado: fechaTraslado, boveda: boveda, recibidoPor: recibidoPor, ticket: ticket, origen: origen}',
          'variables',
        ],
      ],
    },
    {
      kind: 'serviceTask',
      id: 'revisar-existencia',
      name: 'Revisar existencia de cintas',
      lane: 'sistemas-operativos',
      type: 'backup.check-stock',
      documentation: '3.e: el stock de cintas debe cubrir un lapso de seis meses de reciclaje.',
      inputs: [['=6', 'mesesCobertura']],
    },
    { kind: 'exclusive', id: 'existencia-suficiente', name: '¿Existencia suficiente?', lane: 'sistemas-operativos' },
    {
      kind: 'userTask',
      id: 'solicitar-adquisicion',
      name: 'Solicitar adquisición de cintas',
      lane: 'sistemas-operativos',
      candidateGroups: 'sistemas-operativos',
      form: 'dgsti-p01-pr06-solicitar-adquisicion-cintas',
      dueDate: due('P2D'),
      documentation: '3.e: el stock no cubre seis meses de rotación; se solicita la adquisición de cintas.',
    },
    { kind: 'exclusive', id: 'stock-revisado', name: 'Stock revisado', lane: 'sistemas-operativos' },
    { kind: 'parallel', id: 'respaldo-resguardado', name: 'Respaldo resguardado', lane: 'sistemas-operativos' },
    {
      kind: 'end',
      id: 'respaldo-realizado',
      name: 'Respaldo realizado',
      lane: 'sistemas-operativos',
      documentation: 'El respaldo se ejecutó, se registró (Control de respaldos de información) y sus cintas están en la bóveda bancaria; la retención sigue en su propia instancia.',
    },
    // The retention instance: one per backup, started by the message above.
    {
      kind: 'start',
      id: 'cintas-en-boveda',
      name: 'Cintas en bóveda',
      lane: 'sistemas-operativos',
      message: CINTAS_EN_BOVEDA,
      documentation: '3.e: las cintas de un respaldo ingresaron a la bóveda bancaria (mensaje "cintas-en-boveda" con respaldo, registro y traslado; clave: id del respaldo).',
    },
    { kind: 'timerCatch', id: 'retencion-seis-meses', name: 'Seis meses en bóveda', lane: 'sistemas-operativos', timer: { duration: 'P6M' } },
    {
      kind: 'userTask',
      id: 'regresar-cintas',
      name: 'Regresar cintas al CECAP (caja fuerte)',
      lane: 'sistemas-operativos',
      candidateGroups: 'sistemas-operativos',
      form: 'dgsti-p01-pr06-regresar-cintas',
      dueDate: due('P2D'),
      documentation: '3.e, 3.f: pasados seis meses las cintas regresan al CECAP, a la caja fuerte, para reutilizarse.',
    },
    { kind: 'exclusive', id: 'liberacion', name: 'Liberación', lane: 'sistemas-operativos' },
    {
      kind: 'serviceTask',
      id: 'liberar-cintas',
      name: 'Liberar cintas',
      lane: 'sistemas-operativos',
      type: 'backup.release-tapes',
      documentation: '3.e: las cintas vuelven al stock reutilizable; RETENCION_INCUMPLIDA si no han cumplido seis meses.',
    },
    { kind: 'boundary', id: 'retencion-incumplida', name: 'Retención incumplida', attachedTo: 'liberar-cintas', error: 'RETENCION_INCUMPLIDA' },
    { kind: 'timerCatch', id: 'esperar-retencion', name: 'Esperar un día', lane: 'sistemas-operativos', timer: { duration: 'P1D' } },
    { kind: 'end', id: 'cintas-reutilizables', name: 'Cintas reutilizables', lane: 'sistemas-operativos' },
  ],
  flows: [
    { from: 'respaldo-mensual', to: 'programacion' },
    { from: 'respaldo-extraordinario', to: 'programacion' },
    { from: 'programacion', to: 'programar-respaldo' },
    { from: 'programar-respaldo', to: 'ejecutar-respaldo' },
    { from: 'sin-cintas', to: 'solicitar-adquisicion-urgente' },
    { from: 'solicitar-adquisicion-urgente', to: 'reintentar' },
    { from: 'reintentar', to: 'programacion', name: 'Sí', condition: '=reintentarRespaldo = true' },
    { from: 'reintentar', to: 'respaldo-no-realizado', name: 'No', isDefault: true },
    { from: 'ejecutar-respaldo', to: 'registrar-respaldo' },
    { from: 'registrar-respaldo', to: 'resguardo-y-stock' },
    { from: 'resguardo-y-stock', to: 'trasladar-boveda' },
    { from: 'resguardo-y-stock', to: 'revisar-existencia' },
    { from: 'trasladar-boveda', to: 'avisar-cintas-en-boveda' },
    { from: 'avisar-cintas-en-boveda', to: 'respaldo-resguardado' },
    { from: 'revisar-existencia', to: 'existencia-suficiente' },
    { from: 'existencia-suficiente', to: 'solicitar-adquisicion', name: 'No', condition: '=existencia.suficiente = false' },
    { from: 'existencia-suficiente', to: 'stock-revisado', name: 'Sí', isDefault: true },
    { from: 'solicitar-adquisicion', to: 'stock-revisado' },
    { from: 'stock-revisado', to: 'respaldo-resguardado' },
    { from: 'respaldo-resguardado', to: 'respaldo-realizado' },
    // Retention (3.e, 3.f).
    { from: 'cintas-en-boveda', to: 'retencion-seis-meses' },
    { from: 'retencion-seis-meses', to: 'regresar-cintas' },
    { from: 'regresar-cintas', to: 'liberacion' },
    { from: 'liberacion', to: 'liberar-cintas' },
    { from: 'liberar-cintas', to: 'cintas-reutilizables' },
    { from: 'retencion-incumplida', to: 'esperar-retencion' },
    { from: 'esperar-retencion', to: 'liberacion' },
  ],
};

export default definition;
