// What the /v2 routes share: zod schemas for the Camunda 8.8 request shapes (keys, 64-bit numbers
// the SDK sends as strings, filter properties, search queries) and the mapping of the engine port's
// answers onto the exact response shapes the SDK validates (ISO instants in UTC, cursors in base64).
import { z } from 'zod';
import type { SearchQuery, SearchQueryResponse } from '../../engine/port.js';
import type { MessageKey, MessageParams } from '../../i18n/index.js';
import { DomainError } from '../../errors.js';

/**
 * A refinement's issue spoken from the catalogue: `message` carries the key, `params` its values;
 * the route's parser words it in the caller's language.
 */
export const refusal = (messageKey: MessageKey, params: MessageParams = {}) => ({ message: messageKey, params: { messageKey, ...params } });

/** The only tenant of the embedded engine. */
export const DEFAULT_TENANT = '<default>';

/** A Zeebe key as the API writes it: a decimal string. */
export const LongKey = z.string().regex(/^-?\d{1,25}$/, 'a key is a decimal number of up to 25 digits');

/** A 64-bit number (milliseconds): the SDK serializes its bigints as JSON strings. */
export const Int64 = z.union([z.number().int(), z.string().regex(/^-?\d{1,19}$/)]).transform((value) => Number(value));

export const Variables = z.record(z.string(), z.unknown());

/** An optional `tenantId`: absent or the default tenant. */
export const TenantId = z
  .string()
  .optional()
  .nullable()
  .superRefine((tenantId, ctx) => {
    if (tenantId && tenantId !== DEFAULT_TENANT) ctx.addIssue({ code: 'custom', ...refusal('v2.tenantUnsupported', { tenantId }) });
  });

/** `operationReference` is accepted and not kept (the embedded engine does not report operations). */
export const OperationReference = Int64.optional();

function advanced<T extends z.ZodType>(value: T) {
  return z.strictObject({
    $eq: value.optional(),
    $neq: value.optional(),
    $exists: z.boolean().optional(),
    $in: z.array(value).optional(),
    $notIn: z.array(value).optional(),
    $like: z.string().optional(),
    $gt: value.optional(),
    $gte: value.optional(),
    $lt: value.optional(),
    $lte: value.optional(),
  });
}

/** A filter property: a value (equality) or Camunda's advanced filter object. */
export const prop = <T extends z.ZodType>(value: T) => z.union([value, advanced(value)]);
export const StringProp = prop(z.string());
export const IntProp = prop(z.number().int());
export const KeyProp = prop(LongKey);
export const DateProp = prop(z.string());

/** A tenant filter: absent or the default tenant (as a value or `$eq`). */
export const TenantFilter = StringProp.optional().superRefine((value, ctx) => {
  if (value === undefined) return;
  const eq = typeof value === 'string' ? value : Object.keys(value).length === 1 ? value.$eq : undefined;
  if (eq !== DEFAULT_TENANT) ctx.addIssue({ code: 'custom', ...refusal('v2.tenantUnsupported', { tenantId: String(eq ?? JSON.stringify(value)) }) });
});

const Page = z.strictObject({
  from: z.number().int().min(0).optional(),
  limit: z.number().int().min(1).max(10_000).optional(),
  after: z.string().min(1).max(2000).optional(),
  before: z.string().min(1).max(2000).optional(),
});

/**
 * A search request: `filter` (a strict object: a filter field the embedded engine cannot apply is
 * refused, never silently ignored), `sort` on the fields the engine sorts by, `page`.
 */
export function searchQuery<F extends z.ZodType, S extends string>(filter: F, sortFields: readonly [S, ...S[]]) {
  return z.strictObject({
    filter: filter.optional(),
    sort: z.array(z.strictObject({ field: z.enum(sortFields), order: z.enum(['ASC', 'DESC', 'asc', 'desc']).optional() })).optional(),
    page: Page.optional(),
  });
}

/** Engine cursors travel base64-encoded, the alphabet the SDK's schema allows. */
const encodeCursor = (cursor: string) => Buffer.from(cursor, 'utf8').toString('base64');
const decodeCursor = (cursor: string) => Buffer.from(cursor, 'base64').toString('utf8');

/** The request's query as the engine port takes it. */
export function engineQuery<F, S extends string>(
  query: { filter?: unknown; sort?: Array<{ field: S; order?: string }>; page?: z.infer<typeof Page> } | undefined,
  filter: F,
): SearchQuery<F, S> {
  if (query?.page?.before) throw new DomainError('invalid', 'v2.unsupported', { feature: 'page.before' });
  const page = query?.page;
  return {
    filter,
    ...(query?.sort?.length ? { sort: query.sort.map((s) => ({ field: s.field, ...(s.order ? { order: s.order.toUpperCase() as 'ASC' | 'DESC' } : {}) })) } : {}),
    page: {
      ...(page?.from !== undefined ? { from: page.from } : {}),
      limit: page?.limit ?? 100,
      ...(page?.after ? { after: decodeCursor(page.after) } : {}),
    },
  };
}

/** An engine answer in the API's shape. */
export function searchResult<T, R>(result: SearchQueryResponse<T>, map: (item: T) => R) {
  return {
    items: result.items.map(map),
    page: { totalItems: result.page.totalItems, ...(result.page.endCursor ? { endCursor: encodeCursor(result.page.endCursor) } : {}) },
  };
}

export const EMPTY_PAGE = { items: [], page: { totalItems: 0 } };

/** An instant as the API writes it (UTC, `Z`), whatever offset the engine kept it with. */
export function instant(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const time = Date.parse(value);
  return Number.isNaN(time) ? undefined : new Date(time).toISOString();
}

/** `object` without its undefined members (the SDK's strict schemas refuse explicit nulls). */
export function defined<T extends object>(object: T): T {
  return Object.fromEntries(Object.entries(object).filter(([, v]) => v !== undefined)) as T;
}
