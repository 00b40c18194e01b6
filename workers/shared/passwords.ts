// PR08 3.d: "mínimo de 8 caracteres alfabéticos, incluyendo al menos un carácter numérico y uno
// especial". Initial passwords are generated to satisfy it and kept only as a scrypt hash.
import { randomBytes, randomInt, scrypt as scryptCallback, timingSafeEqual } from 'node:crypto';
import { promisify } from 'node:util';

const scrypt = promisify(scryptCallback) as (password: string, salt: Buffer, keylen: number) => Promise<Buffer>;

const LOWER = 'abcdefghijkmnopqrstuvwxyz';
const UPPER = 'ABCDEFGHJKLMNPQRSTUVWXYZ';
const DIGITS = '23456789';
const SPECIAL = '!#$%&*+-=?@_';

export interface PasswordHash {
  algoritmo: 'scrypt';
  sal: string;
  hash: string;
}

/** Which rules of PR08 3.d a password breaks (empty when it complies). */
export function passwordPolicyViolations(password: string): string[] {
  const broken: string[] = [];
  if ([...password].length < 8) broken.push('al menos 8 caracteres');
  if (!/\p{L}/u.test(password)) broken.push('letras');
  if (!/\d/.test(password)) broken.push('al menos un carácter numérico');
  if (!/[^\p{L}\d\s]/u.test(password)) broken.push('al menos un carácter especial');
  return broken;
}

export function generateInitialPassword(length = 12): string {
  const pick = (set: string) => set[randomInt(set.length)]!;
  const chars = [pick(LOWER), pick(UPPER), pick(DIGITS), pick(SPECIAL)];
  const all = LOWER + UPPER + DIGITS + SPECIAL;
  while (chars.length < Math.max(8, length)) chars.push(pick(all));
  for (let i = chars.length - 1; i > 0; i--) {
    const j = randomInt(i + 1);
    [chars[i], chars[j]] = [chars[j]!, chars[i]!];
  }
  return chars.join('');
}

export async function hashPassword(password: string): Promise<PasswordHash> {
  const salt = randomBytes(16);
  const hash = await scrypt(password, salt, 64);
  return { algoritmo: 'scrypt', sal: salt.toString('base64'), hash: hash.toString('base64') };
}

export async function verifyPassword(password: string, stored: PasswordHash): Promise<boolean> {
  const expected = Buffer.from(stored.hash, 'base64');
  const actual = await scrypt(password, Buffer.from(stored.sal, 'base64'), expected.length);
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}
