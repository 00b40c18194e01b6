// The embedded engine: Oficio's own interpreter of Zeebe-flavoured BPMN, durable in the store.
export { createManualClock, createSystemClock } from './clock.js';
export type { Clock, ManualClock } from './clock.js';
export { createEmbeddedEngine } from './engine.js';
export type { EmbeddedEngine, EmbeddedEngineOptions, RaisedIncident, UserTaskChange } from './engine.js';
