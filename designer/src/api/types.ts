// Shapes the server answers with, or takes, that more than one area of the designer reads. They are
// the API's contract (contracts/api), imported as types only: nothing of zod reaches the bundle. Each
// area's own shapes come through api/<area>.ts.
import type { FormDesignBody } from '../../../contracts/api/index.js';

export type { Adjunto, FormDefinition, LocalizedForm, Me, NamedGroup, SessionUser } from '../../../contracts/api/index.js';

/** What PUT /api/forms/:id saves: the form itself, without what the copy was edited from (api/forms SaveBase). */
export type FormDesign = Omit<FormDesignBody, 'baseVersion' | 'new'>;
