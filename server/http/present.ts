// What a route handler receives of a parsed request: zod types an optional member as `T | undefined`,
// the ports type it as absent (exactOptionalPropertyTypes). Parsing never writes an undefined member
// that the request did not have, so the parsed value is given to the handler as it is, typed as the
// ports read it; `present` drops any undefined member that a transform may still have produced.

/** `T` with its optional members absent rather than undefined, all the way down. */
export type Present<T> = T extends readonly (infer U)[] ? Present<U>[] : T extends object ? { [K in keyof T]: Present<Exclude<T[K], undefined>> } : T;

export function present<T>(value: T): Present<T> {
  if (Array.isArray(value)) return value.map(present) as Present<T>;
  if (value === null || typeof value !== 'object' || Object.getPrototypeOf(value) !== Object.prototype) return value as Present<T>;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([, member]) => member !== undefined)
      .map(([key, member]) => [key, present(member)]),
  ) as Present<T>;
}
