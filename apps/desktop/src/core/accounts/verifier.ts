import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import { unlockPolicy } from '../limits';

/**
 * The offline-unlock verifier: scrypt (memory-hard) of the password with a random salt,
 * stored as `scrypt$logN$r$p$salt$key` (base64). The password itself is never stored; the
 * parameters travel with the verifier so they can be raised later without breaking old ones.
 */
function derive(password: string, salt: Buffer, keyBytes: number, options: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(password.normalize('NFC'), salt, keyBytes, options, (error, key) => (error ? reject(error) : resolve(key)));
  });
}

function options(logN: number, r: number, p: number): ScryptOptions {
  const N = 2 ** logN;
  return { N, r, p, maxmem: 256 * N * r };
}

export async function makeVerifier(password: string): Promise<string> {
  const { logN, r, p, keyBytes, saltBytes } = unlockPolicy.scrypt;
  const salt = randomBytes(saltBytes);
  const key = await derive(password, salt, keyBytes, options(logN, r, p));
  return ['scrypt', logN, r, p, salt.toString('base64'), key.toString('base64')].join('$');
}

/** Whether `password` matches the verifier (constant-time comparison). */
export async function checkVerifier(password: string, verifier: string): Promise<boolean> {
  const [scheme, logN, r, p, salt, key] = verifier.split('$');
  if (scheme !== 'scrypt' || salt === undefined || key === undefined) return false;
  const expected = Buffer.from(key, 'base64');
  const actual = await derive(
    password,
    Buffer.from(salt, 'base64'),
    expected.length,
    options(Number(logN), Number(r), Number(p)),
  );
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}
