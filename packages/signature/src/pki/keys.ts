import { generateKeyPair } from 'node:crypto';
import { promisify } from 'node:util';
import { SoftwareRsaSigner } from './signer';

const generate = promisify(generateKeyPair);

/** RSA key size of this deployment's default algorithm suite (RSA-2048 / SHA-256). */
export const defaultRsaModulusLength = 2048;

/** A fresh RSA key pair held by a software signer (Node's native key generation, off the event loop). */
export async function generateRsaSigner(modulusLength = defaultRsaModulusLength): Promise<SoftwareRsaSigner> {
  const { privateKey } = await generate('rsa', { modulusLength, publicExponent: 0x10001 });
  return new SoftwareRsaSigner(privateKey);
}
