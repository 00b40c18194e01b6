// DGSTI-P01-PR01 6.1 Instalación de servicios en CAS: a new service for the kiosks is configured,
// tested on one kiosk (back to configuration until it passes) and published to every kiosk.
import type { ProcessDefinition } from '../builder/index.js';
import { DGSTI_LANES } from '../fragments.js';

const definition: ProcessDefinition = {
  id: 'dgsti-p01-pr01a-instalacion-servicios-cas',
  name: 'Instalación de servicios en CAS',
  folioSerie: 'CAS',
  versionTag: 'DGSTI-P01-PR01A',
  documentation:
    'Procedimiento 1: Centros de Atención y Servicios (CAS), 6.1 Instalación de servicios en CAS (DGST-P01-PR01A). Responsable: Jefe de Departamento de Operación de CAS. Registro generado: Programa de mantenimiento.',
  lanes: [DGSTI_LANES.casOperacion],
  elements: [
    { kind: 'start', id: 'nuevo-servicio', name: 'Nuevo servicio para los CAS', lane: 'cas-operacion', form: 'dgsti-p01-pr01a-instalacion-servicios-cas-solicitud' },
    { kind: 'exclusive', id: 'configuracion-pendiente', name: 'Configuración pendiente', lane: 'cas-operacion' },
    {
      kind: 'userTask',
      id: 'configurar-servicio',
      name: 'Configurar servicio',
      lane: 'cas-operacion',
      candidateGroups: 'cas-operacion',
      form: 'dgsti-p01-pr01a-instalacion-servicios-cas-configurar',
    },
    {
      kind: 'userTask',
      id: 'probar-en-kiosco',
      name: 'Probar en un kiosco',
      lane: 'cas-operacion',
      candidateGroups: 'cas-operacion',
      form: 'dgsti-p01-pr01a-instalacion-servicios-cas-prueba',
    },
    { kind: 'exclusive', id: 'prueba-aprobada', name: '¿Prueba aprobada?', lane: 'cas-operacion' },
    {
      kind: 'userTask',
      id: 'publicar-en-kioscos',
      name: 'Publicar en todos los kioscos',
      lane: 'cas-operacion',
      candidateGroups: 'cas-operacion',
      form: 'dgsti-p01-pr01a-instalacion-servicios-cas-publicar',
    },
    { kind: 'end', id: 'servicio-instalado', name: 'Servicio instalado en los CAS', lane: 'cas-operacion' },
  ],
  flows: [
    { from: 'nuevo-servicio', to: 'configuracion-pendiente' },
    { from: 'configuracion-pendiente', to: 'configurar-servicio' },
    { from: 'configurar-servicio', to: 'probar-en-kiosco' },
    { from: 'probar-en-kiosco', to: 'prueba-aprobada' },
    { from: 'prueba-aprobada', to: 'publicar-en-kioscos', name: 'Sí', condition: '=pruebaAprobada = true' },
    { from: 'prueba-aprobada', to: 'configuracion-pendiente', name: 'No', isDefault: true },
    { from: 'publicar-en-kioscos', to: 'servicio-instalado' },
  ],
};

export default definition;
