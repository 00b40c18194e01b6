// The documented limits of a request body, as server/config.ts defaults them (OFICIO_MAX_JSON_BYTES,
// OFICIO_V2_MAX_REQUEST_BYTES, OFICIO_MAX_JSON_DEPTH) and as the apps fall back to when they are not
// given. Kept free of imports so the configuration can read them without loading the HTTP server.

export interface RequestLimits {
  /** The largest JSON body of /api, in bytes (after any Content-Encoding is inflated). */
  maxJsonBytes: number;
  /** The largest body of /v2 — a deployment's multipart upload included — in bytes. */
  v2MaxRequestBytes: number;
  /**
   * How deeply a JSON body may nest objects and lists, the body itself counting as the first level,
   * on /api and /v2. Nothing Oficio stores needs more; SQLite refuses JSON past 1,000 levels.
   */
  maxJsonDepth: number;
}

export const DEFAULT_REQUEST_LIMITS: RequestLimits = {
  maxJsonBytes: 1024 * 1024,
  // Zeebe's default maximum message size.
  v2MaxRequestBytes: 4 * 1024 * 1024,
  maxJsonDepth: 32,
};
