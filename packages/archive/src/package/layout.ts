/** Where things live inside an export package directory. */
export const eepFileName = 'eep.xml';
export const packageFilesDir = 'files';

/** `files/<sha256>-<name>`: unique per content, readable by people. */
export function packagedFilePath(sha256: string, name: string): string {
  return `${packageFilesDir}/${sha256.slice(0, 16)}-${name}`;
}
