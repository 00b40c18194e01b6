// The kit every worker is built with.
export { complete, bpmnError, failure, incident, BpmnError, NonRetryableError, type Outcome } from './outcome.js';
export { defineWorker, variableNames, type JobContext, type PublishedMessage, type WorkerDefinition } from './define.js';
export type { RecordCollection, RecordCollections, StoredRecord } from './records.js';
export { isConflict, retryOnConflict, insertOnce } from './concurrency.js';
