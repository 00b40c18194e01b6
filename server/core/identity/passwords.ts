// Passwords: the policy of the manual (PR08 3.d: "mínimo de 8 caracteres alfabéticos, incluyendo
// al menos un carácter numérico y uno especial" — the same rules workers/shared/passwords.ts
// applies to directory accounts), scrypt hashing with per-user salt, and generated passwords.
//
// A hash is stored as a PHC string, `$scrypt$ln=15,r=8,p=1$<salt>$<hash>` (base64 without
// padding), so its cost travels with it: raising the cost later only needs `needsRehash` on login.
import { scrypt as scryptCallback, timingSafeEqual } from 'node:crypto';

export const PASSWORD_MIN_LENGTH = 8;
/** Guards the hashing from absurd inputs; not a rule of the manual. */
export const PASSWORD_MAX_LENGTH = 256;

export type PasswordRule = 'length' | 'letters' | 'digit' | 'special' | 'maxLength';

/** Which rules a password breaks (empty when it complies); each is `identity.passwordRule.<rule>`. */
export function passwordViolations(password: string): PasswordRule[] {
  const broken: PasswordRule[] = [];
  const length = [...password].length;
  if (length < PASSWORD_MIN_LENGTH) broken.push('length');
  if (length > PASSWORD_MAX_LENGTH) broken.push('maxLength');
  if (!/\p{L}/u.test(password)) broken.push('letters');
  if (!/\d/.test(password)) broken.push('digit');
  if (!/[^\p{L}\d\s]/u.test(password)) broken.push('special');
  return broken;
}

export interface ScryptCost {
  /** log2 of N, the CPU/memory cost. */
  ln: number;
  r: number;
  p: number;
}

/**
 * N = 2^15, r = 8, p = 1: 32 MiB and ~130 ms per hash on the 2-core reference machine — OWASP's
 * minimum is 2^17 with r = 8 at 128 MiB; this stays at a quarter of that so a burst of logins
 * cannot exhaust memory on a small server, and the lockout bounds guessing.
 */
export const DEFAULT_SCRYPT_COST: ScryptCost = { ln: 15, r: 8, p: 1 };
const KEY_LENGTH = 32;
const SALT_LENGTH = 16;

type RandomBytes = (size: number) => Buffer;

function scrypt(password: string, salt: Buffer, keyLength: number, cost: ScryptCost): Promise<Buffer> {
  const N = 2 ** cost.ln;
  return new Promise((resolve, reject) =>
    scryptCallback(password.normalize('NFC'), salt, keyLength, { N, r: cost.r, p: cost.p, maxmem: 256 * N * cost.r + 1024 * 1024 }, (error, key) => (error ? reject(error) : resolve(key))),
  );
}

const b64 = (bytes: Buffer) => bytes.toString('base64').replace(/=+$/, '');

interface ParsedHash {
  cost: ScryptCost;
  salt: Buffer;
  hash: Buffer;
}

function parseHash(stored: string): ParsedHash | undefined {
  const match = /^\$scrypt\$ln=(\d+),r=(\d+),p=(\d+)\$([A-Za-z0-9+/]+)\$([A-Za-z0-9+/]+)$/.exec(stored);
  if (!match) return undefined;
  const cost = { ln: Number(match[1]), r: Number(match[2]), p: Number(match[3]) };
  if (cost.ln < 1 || cost.ln > 22 || cost.r < 1 || cost.r > 32 || cost.p < 1 || cost.p > 16) return undefined;
  return { cost, salt: Buffer.from(match[4]!, 'base64'), hash: Buffer.from(match[5]!, 'base64') };
}

export async function hashPassword(password: string, randomBytes: RandomBytes, cost: ScryptCost = DEFAULT_SCRYPT_COST): Promise<string> {
  const salt = randomBytes(SALT_LENGTH);
  const hash = await scrypt(password, salt, KEY_LENGTH, cost);
  return `$scrypt$ln=${cost.ln},r=${cost.r},p=${cost.p}$${b64(salt)}$${b64(hash)}`;
}

/** Whether `password` is the one hashed in `stored`; an unreadable hash never verifies. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parsed = parseHash(stored);
  if (!parsed) return false;
  const actual = await scrypt(password, parsed.salt, parsed.hash.length, parsed.cost);
  return actual.length === parsed.hash.length && timingSafeEqual(actual, parsed.hash);
}

/** Whether a stored hash was made with a lower cost than `cost` (so it is redone at the next login). */
export function needsRehash(stored: string, cost: ScryptCost = DEFAULT_SCRYPT_COST): boolean {
  const parsed = parseHash(stored);
  return !parsed || parsed.cost.ln < cost.ln || parsed.cost.r < cost.r || parsed.cost.p < cost.p;
}

/**
 * A hash nobody's password matches, with the cost of a real one: verifying against it takes as long
 * as verifying a real user's, so an unknown user name cannot be told apart by time.
 */
export function decoyHash(randomBytes: RandomBytes, cost: ScryptCost = DEFAULT_SCRYPT_COST): string {
  return `$scrypt$ln=${cost.ln},r=${cost.r},p=${cost.p}$${b64(randomBytes(SALT_LENGTH))}$${b64(randomBytes(KEY_LENGTH))}`;
}

// Generated passwords avoid look-alikes (l/1, O/0) since people type them from a terminal.
const LOWER = 'abcdefghijkmnopqrstuvwxyz';
const UPPER = 'ABCDEFGHJKLMNPQRSTUVWXYZ';
const DIGITS = '23456789';
const SPECIAL = '!#$%&*+-=?@_';

/** A uniformly random index below `n` (< 256), by rejection so no value is favoured. */
function randomIndex(n: number, randomBytes: RandomBytes): number {
  const limit = 256 - (256 % n);
  for (;;) {
    for (const byte of randomBytes(16)) if (byte < limit) return byte % n;
  }
}

/** A password of `length` characters (at least 8) that satisfies the policy. */
export function generatePassword(randomBytes: RandomBytes, length = 16): string {
  const pick = (set: string) => set[randomIndex(set.length, randomBytes)]!;
  const chars = [pick(LOWER), pick(UPPER), pick(DIGITS), pick(SPECIAL)];
  const all = LOWER + UPPER + DIGITS + SPECIAL;
  while (chars.length < Math.max(PASSWORD_MIN_LENGTH, length)) chars.push(pick(all));
  for (let i = chars.length - 1; i > 0; i--) {
    const j = randomIndex(i + 1, randomBytes);
    [chars[i], chars[j]] = [chars[j]!, chars[i]!];
  }
  return chars.join('');
}
