// What every resource of the API shares: texts in both languages, keys, instants, pages, who did
// something, and the problem document every refusal is answered with.
import { z } from 'zod';

/** A text in Spanish and English (contracts/i18n.ts's Bilingual). */
export const Text = z.object({ es: z.string(), en: z.string() });

/** An engine key: a 64-bit integer as decimal text. */
export const Key = z.string().regex(/^\d{1,30}$/);

/** An ISO 8601 date-time with its offset. */
export const IsoDateTime = z.iso.datetime({ offset: true });

/** A page size of the lists (default 50); a client may give it as a number or as query-string text. */
export const Limit = z.coerce.number<number | string>().int().min(1).max(1000).default(50);

/** 'true' or 'false' in a query string, as a boolean. */
export const BooleanQuery = z.enum(['true', 'false']).transform((v) => v === 'true');

/** One page of a list; `nextCursor` asks for the next one with the same filters. */
export const pageOf = <T extends z.ZodType>(item: T) => z.object({ items: z.array(item), nextCursor: z.string().optional() });
export interface Page<T> {
  items: T[];
  nextCursor?: string;
}

/** A list answered whole. */
export const listOf = <T extends z.ZodType>(item: T) => z.object({ items: z.array(item) });
export interface List<T> {
  items: T[];
}

/** Who did something: a person (id and name), or the system, or someone not signed in. */
export const Who = z.union([z.object({ id: z.string(), name: z.string() }), z.enum(['system', 'anonymous'])]);
export type Who = z.infer<typeof Who>;

/** The author of a saved version. */
export const Author = z.object({ id: z.string(), name: z.string() });
export type Author = z.infer<typeof Author>;

/** One field at fault in a refused request: where, what is wrong in the reader's language, a stable code. */
export const FieldProblem = z.object({ field: z.string(), message: z.string(), code: z.string().optional() });
export type FieldProblem = z.infer<typeof FieldProblem>;

/** Every refusal: application/problem+json (RFC 9457), `title` in the reader's language, extra members by refusal. */
export const Problem = z
  .object({
    type: z.string(),
    status: z.number().int(),
    title: z.string(),
    errors: z.array(FieldProblem).optional(),
  })
  .loose();
export type Problem = z.infer<typeof Problem>;
