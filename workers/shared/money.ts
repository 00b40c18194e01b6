// Mexican cash as counted in the OFMA vault (PR01 3.e): bills and coins in circulation.
export const DENOMINATIONS = [1000, 500, 200, 100, 50, 20, 10, 5, 2, 1, 0.5] as const;

/** "500", "$500", "0.50", ".5" → 500 / 0.5; undefined for anything that is not a Mexican denomination. */
export function parseDenomination(key: string): number | undefined {
  const value = Number(key.replace(/[$\s,]/g, ''));
  return (DENOMINATIONS as readonly number[]).includes(value) ? value : undefined;
}
