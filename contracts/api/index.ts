// The contract of Oficio's REST API (/api): the zod schemas of every request and answer. The server
// validates with them and generates the OpenAPI document from them; the browser app imports their
// types (type-only: nothing of zod reaches its bundle).
export * from './common.js';
export * from './auth.js';
export * from './forms.js';
export * from './processes.js';
export * from './tasks.js';
export * from './audit.js';
export * from './instances.js';
export * from './models.js';
export * from './sign-in-throttles.js';
export * from './search.js';
export * from './cases.js';
export * from './events.js';
