import { safeStorage } from 'electron';
import type { SecretSealer } from '../core';

/**
 * Hub tokens at rest, sealed by the operating system's key store through Electron's
 * safeStorage (DPAPI on Windows, Keychain on macOS, libsecret/kwallet on Linux). On Linux
 * without a key store safeStorage falls back to a hard-coded key ("basic_text"); that is not
 * protection, so the token is then kept in memory only.
 */
export function electronSecretSealer(): SecretSealer {
  const backend = process.platform === 'linux' ? safeStorage.getSelectedStorageBackend() : 'os';
  return {
    available: safeStorage.isEncryptionAvailable() && backend !== 'basic_text' && backend !== 'unknown',
    seal: (plain) => safeStorage.encryptString(plain),
    open: (sealed) => safeStorage.decryptString(sealed),
  };
}
